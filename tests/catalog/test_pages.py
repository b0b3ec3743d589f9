"""Product and producer pages, structured data, sitemap, robots, regulations, languages."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product, ProductStatus
from members.models import Member, MemberStatus

pytestmark = pytest.mark.django_db

GRAIN_SALT = "muoi-hat-bac-lieu"


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match
    return json.loads(match.group(1))


def test_product_page_shows_price_badge_producer_and_structured_data(client, demo_module, settings):
    product = Product.objects.get(slug=GRAIN_SALT)
    certificate = product.certificates.get(status="recognised")
    response = client.get(product.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    price = f"{product.price:,}".replace(",", ".") + " ₫"
    assert f'<span class="price">{price}</span>' in html
    assert product.unit in html
    assert f'href="{certificate.get_absolute_url()}"' in html
    assert certificate.decision_number in html
    assert certificate.valid_until.strftime("%d/%m/%Y") in html
    assert reverse("catalog:producer", kwargs={"slug": product.member.slug}) in html
    assert f'<link rel="canonical" href="{settings.SITE_URL}{product.get_absolute_url()}">' in html
    assert '<meta property="og:title" content="Muối hạt Bạc Liêu">' in html
    data = json_ld(html)
    assert data["@type"] == "Product" and data["name"] == product.name
    assert data["offers"]["priceCurrency"] == "VND" and data["offers"]["price"] == str(product.price)
    assert data["hasCertification"]["certificationIdentification"] == certificate.decision_number
    assert data["hasCertification"]["certificationRating"]["ratingValue"] == 4
    assert response.context["page"].related
    districts = ", ".join(d.name for d in product.commune.former_districts.order_by("code"))
    assert districts and f"{product.commune.full_name} (trước đây thuộc {districts})" in html


def test_product_query_count_is_constant(client, demo_module, no_page_cache):
    counts = []
    for product in Product.objects.published().order_by("id")[:3]:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(product.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert max(counts) <= 10


def test_json_ld_cannot_be_broken_out_of(client, demo_module):
    product = Product.objects.published().first()
    Product.objects.filter(pk=product.pk).update(description="</script><script>alert(1)</script>")
    html = client.get(product.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_unpublished_products_and_suspended_members_are_not_shown(client, demo_module):
    product = Product.objects.published().first()
    Product.objects.filter(pk=product.pk).update(status=ProductStatus.WITHDRAWN)
    assert client.get(product.get_absolute_url()).status_code == 404
    other = Product.objects.published().first()
    Member.objects.filter(pk=other.member_id).update(status=MemberStatus.SUSPENDED)
    assert client.get(other.get_absolute_url()).status_code == 404
    assert client.get(reverse("catalog:producer", kwargs={"slug": other.member.slug})).status_code == 404


def test_product_page_in_english(client, demo_module):
    product = Product.objects.get(slug=GRAIN_SALT)
    url = product.get_absolute_url()
    html = client.get("/en" + url).content.decode()
    assert 'lang="en"' in html
    assert f"{product.price:,} ₫" in html
    assert "Verify the certificate" in html
    assert f'href="{url}" lang="vi"' in html


def test_producer_page_shows_identity_and_products(client, demo_module):
    member = Member.objects.get(name="Hợp tác xã Diêm nghiệp Long Điền")
    response = client.get(reverse("catalog:producer", kwargs={"slug": member.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    for text in (member.legal_id_display, member.address, member.mobile, member.email, member.representative):
        assert text in html
    page = response.context["page"]
    assert "Muối hạt Bạc Liêu" in [p.name for p in page.ocop_products]
    assert page.ocop_total == Product.objects.published().filter(member=member, ocop_stars__isnull=False).count()


def test_home_shows_featured_categories_zones_newest(client, demo_module):
    response = client.get("/")
    html = response.content.decode()
    assert len(response.context["featured"]) == 8
    assert all(p.ocop_stars for p in response.context["featured"])
    assert len(response.context["categories"]) == 6
    assert [z.value for z in response.context["zones"]] == ["saline", "brackish", "fresh"]
    assert sum(z.count for z in response.context["zones"]) == 212
    assert reverse("catalog:category", kwargs={"slug": "thuc-pham"}) in html


def test_sitemap_lists_products_producers_categories_certificates(client, demo_module, settings):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    body = index.content.decode()
    for section in ("products", "producers", "categories", "certificates", "pages"):
        assert f"sitemap-{section}.xml" in body
    products = client.get("/sitemap-products.xml").content.decode()
    assert f"{settings.SITE_URL}/san-pham/{GRAIN_SALT}/" in products
    assert f"{settings.SITE_URL}/en/san-pham/{GRAIN_SALT}/" in products
    certificates = client.get("/sitemap-certificates.xml").content.decode()
    assert certificates.count("<url>") == 2 * 148 + 0 or certificates.count("<loc>") == 2 * 148


def test_robots_txt(client, settings):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in text
    assert "Disallow: /admin/" in text


def test_regulations_page_shows_the_operator(client, settings):
    html = client.get(reverse("catalog:regulations")).content.decode()
    assert settings.OPERATOR["name"] in html and settings.OPERATOR["address"] in html
    assert "52/2013/NĐ-CP" in html


def test_500_page_is_standalone():
    from django.template.loader import get_template

    html = get_template("500.html").render({})
    assert "Server error" in html or "Sorry" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_product_pages_share_their_prepared_lookups(client, demo_module):
    """Every product page looks its product, images and certificate up with the same statements,
    parameters bound: planned once per connection."""
    products = list(Product.objects.published().ocop().order_by("id")[:3])
    for product in products:
        response = client.get(product.get_absolute_url())
        assert response.status_code == 200
        assert product.name in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    assert len([s for s in statements if re.search(r'"catalog_product"\."slug" = \$\d', s)]) == 1
    assert len([s for s in statements if '"ocop_certificate"' in s]) == 1
    assert response.status_code == 200 and client.get("/san-pham/khong-co-san-pham-nay/").status_code == 404
