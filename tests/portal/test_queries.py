"""A page's query count does not grow with the rows it shows; the sync inline shows linkage's data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Category, ProductStatus
from catalog.services import product_create

pytestmark = pytest.mark.django_db


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_products(member, commune, n, start=0):
    category = Category.objects.get(slug="gia-vi")
    for i in range(start, start + n):
        product_create(member=member, category=category, name=f"Sản phẩm {i}", price=1000, unit="kg", commune=commune,
                       zone="saline", status=ProductStatus.PUBLISHED)


def test_the_portal_list_costs_the_same_for_3_or_30_listings(client, approved_member, commune):
    owner, member = approved_member()
    client.force_login(owner)
    url = reverse("portal:catalog_product_changelist")
    _add_products(member, commune, 3)
    few = _count(client, url)
    _add_products(member, commune, 27, start=3)
    assert _count(client, url) == few


def test_the_application_queue_and_audit_trail_cost_the_same_for_2_or_12_rows(client, approved_member, moderator):
    client.force_login(moderator)
    approved_member()
    approved_member(email="b@example.com", legal_id="0314409058", name="B")
    queue, audit = reverse("admin:members_membershipapplication_changelist"), reverse("admin:members_auditentry_changelist")
    few = (_count(client, queue), _count(client, audit))
    for i in range(10):
        from members.validators import tax_code_check_digit

        nine = f"01{i:07d}"
        if tax_code_check_digit(nine) is None:
            nine = f"02{i:07d}"
        approved_member(email=f"m{i}@example.com", legal_id=f"{nine}{tax_code_check_digit(nine)}", name=f"Member {i}")
    assert (_count(client, queue), _count(client, audit)) == few


def test_the_listing_page_shows_which_partners_hold_which_revision(client, approved_member, commune):
    from linkage.models import ListingSync, PartnerPlatform
    from members.models import AdministrativeUnit

    owner, member = approved_member()
    _add_products(member, commune, 1)
    product = member.products.get()
    partner = PartnerPlatform.objects.create(name="Sàn TMĐT An Giang", slug="an-giang", base_url="http://127.0.0.1:1/p",
                                             province=AdministrativeUnit.objects.get(code="91"), signing_secret="s")
    ListingSync.objects.create(partner=partner, product=product, acknowledged_revision=product.revision, acknowledged_active=True)
    client.force_login(owner)
    page = client.get(reverse("portal:catalog_product_change", args=[product.pk])).content.decode()
    assert "Sàn TMĐT An Giang" in page
    listing = client.get(reverse("portal:catalog_product_changelist")).content.decode()
    assert "1/1" in listing
