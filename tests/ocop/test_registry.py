"""The public OCOP registry, certificate verification and statistics agree with the home page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from catalog.models import Product
from ocop.models import Certificate, CertificateStatus

pytestmark = pytest.mark.django_db


def test_registry_lists_every_recognised_product_and_agrees_with_home(client, demo_module):
    figures = client.get("/").context["figures"]
    registry = client.get(reverse("ocop:registry")).context["registry"]
    assert registry.total == figures.ocop_products == 148
    assert client.get(reverse("ocop:registry"), {"stars": "4"}).context["registry"].total == figures.ocop_by_stars[4] == 32
    assert client.get(reverse("ocop:registry"), {"stars": "3"}).context["registry"].total == 116


def test_registry_filters_by_group_locality_and_year(client, demo_module):
    by_group = client.get(reverse("ocop:registry"), {"group": "food"}).context["registry"]
    assert by_group.total == Certificate.objects.recognised().filter(product_group="food").count()
    hong_dan = client.get(reverse("ocop:registry"), {"district": "hong-dan"}).context["registry"]
    assert hong_dan.total == Product.objects.published().ocop().filter(commune__former_districts__slug="hong-dan").count()
    assert all(c.product.commune.former_districts.filter(slug="hong-dan").exists() for c in hong_dan.page.object_list)
    y2024 = client.get(reverse("ocop:registry"), {"year": "2024"}).context["registry"]
    assert 0 < y2024.total < 148
    assert all(c.decision_date.year == 2024 for c in y2024.page.object_list)


def test_statistics_agree_with_the_home_page(client, demo_module):
    figures = client.get("/").context["figures"]
    response = client.get(reverse("ocop:statistics"))
    stats = response.context["stats"]
    assert stats.total == figures.ocop_products
    assert stats.by_stars == figures.ocop_by_stars
    assert sum(n for _label, n in stats.by_group) == figures.ocop_products
    html = response.content.decode()
    assert html.count("<svg") == 2
    assert '<td data-total>148</td>' in html


def test_certificate_page_shows_status_and_decision(client, demo_module):
    certificate = Certificate.objects.recognised().select_related("product").first()
    response = client.get(certificate.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="recognised"' in html
    for text in (certificate.decision_number, certificate.issuing_body, certificate.valid_until.strftime("%d/%m/%Y"),
                 certificate.decision_date.strftime("%d/%m/%Y")):
        assert text in html
    assert client.get(certificate.get_absolute_url().replace(certificate.code, certificate.code.lower())).status_code == 200


def test_expired_revoked_and_pending_certificates(client, demo_module):
    lapsed, revoked = Certificate.objects.recognised()[:2]
    Certificate.objects.filter(pk=lapsed.pk).update(
        decision_date=date.today() - timedelta(days=4 * 365), valid_until=date.today() - timedelta(days=1)
    )
    Certificate.objects.filter(pk=revoked.pk).update(status=CertificateStatus.REVOKED, status_reason="Vi phạm")
    assert 'data-status="expired"' in client.get(lapsed.get_absolute_url()).content.decode()
    html = client.get(revoked.get_absolute_url()).content.decode()
    assert 'data-status="revoked"' in html and "Vi phạm" in html
    pending = Certificate.objects.filter(status=CertificateStatus.PENDING).first()
    assert client.get(pending.get_absolute_url()).status_code == 404


def test_cached_statistics_speak_each_language(client, demo_module):
    assert "Thực phẩm" in client.get(reverse("ocop:statistics")).content.decode()
    english = client.get("/en/ocop/thong-ke/").content.decode()
    assert "<th scope=\"row\">Food</th>" in english
    assert "Thực phẩm" not in english
    home = client.get("/en/").content.decode()
    assert "Saline water" in home or "saline water" in home.lower()


def test_registry_and_producer_query_counts_do_not_grow_with_rows(client, demo_module):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from members.models import Member

    def queries(url, **params):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, params).status_code == 200
        return len(ctx.captured_queries)

    many = queries(reverse("ocop:registry"))  # 50 rows
    few = queries(reverse("ocop:registry"), stars="4", group="food", year="2025")
    assert few <= many + 1 and many <= 10
    busy = Member.objects.get(name="Hợp tác xã Diêm nghiệp Long Điền")
    small = Member.objects.approved().exclude(pk=busy.pk).first()
    # An empty shelf skips its image query; otherwise the count is the same whatever the shelf sizes.
    busy_queries = queries(reverse("catalog:producer", kwargs={"slug": busy.slug}))
    small_queries = queries(reverse("catalog:producer", kwargs={"slug": small.slug}))
    assert abs(busy_queries - small_queries) <= 1 and max(busy_queries, small_queries) <= 8
