"""The demo data reproduces the province's published 2024 figures exactly, and seeding twice changes nothing."""

import pytest
from django.db.models import Count

from catalog.models import Product
from catalog.selectors import floor_figures
from demo.seed import seed_demo
from linkage.models import PartnerPlatform
from members.models import Member, MemberStatus, User
from members.validators import validate_legal_id
from ocop.models import Certificate, CertificateStatus

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_published_figures(demo_data):
    figures = floor_figures()
    assert figures.members == 85
    assert figures.products >= 200
    assert figures.ocop_products == 148
    assert figures.ocop_by_stars == {5: 0, 4: 32, 3: 116}
    holders = Member.objects.filter(products__certificates__status=CertificateStatus.RECOGNISED).distinct()
    assert holders.count() == 69


def test_the_two_salts_await_five_star_recognition(demo_data):
    pending = Certificate.objects.filter(status=CertificateStatus.PENDING, stars=5)
    assert sorted(pending.values_list("product__name", flat=True)) == ["Muối hạt Bạc Liêu", "Muối tinh Bạc Liêu"]
    assert set(pending.values_list("issuing_level", flat=True)) == {"central"}


def test_every_member_has_a_valid_legal_identifier(demo_data):
    for member in Member.objects.all():
        assert validate_legal_id(member.legal_id, kind=member.kind) == member.legal_id
    lengths = set(Member.objects.values_list("legal_id", flat=True).iterator())
    assert {len(code) for code in lengths} == {10, 12, 13}


def test_products_span_the_three_zones_and_all_recognitions_are_current(demo_data):
    assert set(Product.objects.values_list("zone", flat=True)) == {"saline", "brackish", "fresh"}
    recognised = Certificate.objects.recognised()
    assert not recognised.filter(valid_until__lte="2026-11-28").exists()
    assert all(c.valid_until.year - c.decision_date.year == 3 for c in recognised)


def test_the_partners_and_demo_accounts(demo_data):
    assert sorted(PartnerPlatform.objects.values_list("province__name", flat=True)) == [
        "An Giang", "Hồ Chí Minh", "Tây Ninh", "Vĩnh Long", "Đồng Tháp",
    ]
    moderator = User.objects.get(email="moderator@baclieu-market.example")
    assert moderator.is_staff and not moderator.is_superuser
    assert moderator.groups.filter(name="Department moderator").exists()
    owner = User.objects.get(email="owner@baclieu-market.example")
    assert owner.memberships.get().member.name == "Hợp tác xã Diêm nghiệp Long Điền"


def test_seeding_again_changes_nothing(demo_data):
    def snapshot():
        return {
            "members": list(Member.objects.order_by("legal_id").values_list("legal_id", "name", "status")),
            "products": list(Product.objects.order_by("slug").values_list("slug", "price", "stock", "revision", "ocop_stars")),
            "certificates": list(Certificate.objects.order_by("product__slug", "status").values_list("product__slug", "stars", "status", "decision_number")),
            "users": User.objects.count(),
            "partners": PartnerPlatform.objects.count(),
        }

    before = snapshot()
    created = seed_demo(with_images=False)
    assert created == {"members": 0, "products": 0, "certificates": 0, "images": 0}
    assert snapshot() == before
    assert Member.objects.filter(status=MemberStatus.APPROVED).count() == 85


def test_images_are_drawn_with_thumbnails(db):
    seed_demo(with_images=True)
    product = Product.objects.get(name="Muối hạt Bạc Liêu")
    images = list(product.images.all())
    assert len(images) == 2
    assert images[0].width == 640 and set(images[0].thumbnails) == {"320", "640"}
    assert Product.objects.annotate(n=Count("images")).filter(n=0).count() == 0


def test_bench_products_are_added_on_top(demo_data):
    from demo.bulk import add_bench_products

    before = Product.objects.count()
    add_bench_products(500)
    assert Product.objects.count() == before + 500
    assert Product.objects.published().filter(ocop_stars__isnull=False).count() > 148
    # Every star on a product is backed by a recognised certificate.
    assert not Product.objects.filter(ocop_stars__isnull=False).exclude(certificates__status="recognised").exists()
