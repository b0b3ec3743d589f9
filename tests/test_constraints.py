"""Integrity lives in the database: these writes bypass validation and must still be refused."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from catalog.models import Category, Product, ProductStatus
from members.models import AdministrativeUnit, Member, MemberKind, MemberStatus
from ocop.models import Certificate, CertificateStatus
from ocop.services import add_months, certificate_recognise, validity_end

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    return Member.objects.create(
        kind=MemberKind.COOPERATIVE, name="HTX Muối Long Điền", slug="htx-muoi-long-dien", legal_id="0100233488",
        representative="Lâm Văn Diêm", mobile="0912345678", email="htx@example.com", address="Ấp Nhà Mát",
        commune=AdministrativeUnit.objects.get(slug="xa-long-dien"), status=MemberStatus.APPROVED,
    )


@pytest.fixture
def product(member):
    return Product.objects.create(
        member=member, category=Category.objects.get(slug="gia-vi"), name="Muối hạt", slug="muoi-hat",
        price=15000, unit="túi 1 kg", commune=member.commune, zone="saline", status=ProductStatus.PUBLISHED,
    )


def _refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.parametrize("stars", [0, 1, 2, 6])
def test_stars_outside_three_to_five_are_refused_by_the_database(product, stars):
    _refused(lambda: Certificate.objects.create(
        product=product, code=f"X{stars}", stars=stars, product_group="food", issuing_level="province",
        issuing_body="UBND tỉnh", status=CertificateStatus.PENDING,
    ))
    _refused(lambda: Product.objects.filter(pk=product.pk).update(ocop_stars=stars))


def test_a_recognised_certificate_needs_its_decision(product):
    _refused(lambda: Certificate.objects.create(
        product=product, code="NODECISION", stars=3, product_group="food", issuing_level="province",
        issuing_body="UBND tỉnh", status=CertificateStatus.RECOGNISED,
    ))


def test_a_product_holds_one_recognised_certificate_and_an_upgrade_supersedes(product):
    first = certificate_recognise(product=product, stars=3, decision_number="12/QĐ-UBND", decision_date=date(2024, 3, 15),
                                  issuing_level="district", issuing_body="UBND huyện Đông Hải")
    second = certificate_recognise(product=product, stars=4, decision_number="99/QĐ-UBND", decision_date=date(2025, 10, 15),
                                   issuing_level="province", issuing_body="UBND tỉnh Cà Mau")
    first.refresh_from_db()
    product.refresh_from_db()
    assert first.status == CertificateStatus.SUPERSEDED
    assert product.ocop_stars == 4 and second.valid_until == date(2028, 10, 15)
    _refused(lambda: Certificate.objects.filter(pk=first.pk).update(status=CertificateStatus.RECOGNISED))


def test_validity_is_36_months_from_the_decision_date():
    assert validity_end(date(2024, 3, 15)) == date(2027, 3, 15)
    assert add_months(date(2024, 2, 29), 36) == date(2027, 2, 28)
    assert add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)


def test_negative_prices_and_malformed_identifiers_are_refused(member, product):
    _refused(lambda: Product.objects.filter(pk=product.pk).update(price=-1))
    _refused(lambda: Member.objects.filter(pk=member.pk).update(legal_id="12345"))
    _refused(lambda: Member.objects.filter(pk=member.pk).update(mobile="0212345678"))


def test_a_personal_id_is_refused_by_the_database_for_an_enterprise(member):
    _refused(lambda: Member.objects.filter(pk=member.pk).update(legal_id="095185012345", kind=MemberKind.ENTERPRISE))
    Member.objects.filter(pk=member.pk).update(legal_id="095185012345", kind=MemberKind.HOUSEHOLD_BUSINESS)


def test_the_administrative_units_are_loaded_with_their_former_districts():
    hoa_binh = AdministrativeUnit.objects.get(code="31891")
    assert sorted(d.name for d in hoa_binh.former_districts.all()) == ["Huyện Hòa Bình", "Huyện Vĩnh Lợi"]
    assert AdministrativeUnit.objects.filter(parent_id="96").count() == 25
    assert AdministrativeUnit.objects.provinces().count() == 6
