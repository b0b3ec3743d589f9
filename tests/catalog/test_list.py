"""The catalogue list: facets with counts that tell the truth, sorting, pages, shareable URLs."""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product

pytestmark = pytest.mark.django_db


def catalogue(client, url=None, **params):
    response = client.get(url or reverse("catalog:list"), params)
    assert response.status_code == 200, response.status_code
    return response.context["catalogue"]


def test_the_list_shows_every_public_product_newest_first(client, demo_module):
    page = catalogue(client)
    assert page.total == Product.objects.published().count() == 212
    dates = [p.published_at for p in page.products()]
    assert dates == sorted(dates, reverse=True)
    assert len(page.page.object_list) == 24


@pytest.mark.parametrize("facet_name", ["category", "stars", "district", "commune", "zone", "kind", "price", "in_stock"])
def test_each_facet_count_is_the_number_of_products_its_link_leaves(client, demo_module, facet_name):
    start = catalogue(client, stars="ocop")
    facet = next(f for f in start.facets if f.name == facet_name)
    assert facet.options
    for option in facet.options[:6]:
        followed = catalogue(client, option.url)
        if option.selected:
            continue
        assert followed.total == option.count, (facet_name, option.label)


def test_four_star_food_from_hong_dan(client, demo_module):
    page = catalogue(client, category="thuc-pham", stars="4", district="hong-dan")
    expected = Product.objects.published().filter(
        category__ocop_group="food", ocop_stars=4, commune__former_districts__slug="hong-dan"
    )
    assert page.total == expected.count() > 0
    assert set(page.page.object_list) == set(expected.values_list("pk", flat=True)[:24])


def test_category_page_includes_sub_categories(client, demo_module):
    page = catalogue(client, reverse("catalog:category", kwargs={"slug": "thuc-pham"}))
    assert page.total == Product.objects.published().filter(category__parent__slug="thuc-pham").count() + \
        Product.objects.published().filter(category__slug="thuc-pham").count()
    assert page.total > 0


@pytest.mark.parametrize("sort,key,reverse_order", [
    ("price", lambda p: p.price, False),
    ("-price", lambda p: p.price, True),
    ("name", lambda p: p.name, False),
    ("stars", lambda p: p.ocop_stars or 0, True),
])
def test_sorting(client, demo_module, sort, key, reverse_order):
    page = catalogue(client, sort=sort)
    values = [key(p) for p in page.products()]
    assert values == sorted(values, reverse=reverse_order)


def test_every_state_is_a_shareable_url(client, demo_module):
    page = catalogue(client, zone="saline", stars="ocop", sort="price", in_stock="1")
    next_url = reverse("catalog:list") + "?" + "&".join(f"{k}={v}" for k, v in sorted(page.state.items()))
    again = catalogue(client, next_url)
    assert again.total == page.total
    assert list(again.page.object_list) == list(page.page.object_list)
    assert parse_qs(urlsplit(next_url).query)["zone"] == ["saline"]


def test_pages(client, demo_module):
    first = catalogue(client)
    second = catalogue(client, page="2")
    assert not set(first.page.object_list) & set(second.page.object_list)
    last = first.page.paginator.num_pages
    assert client.get(reverse("catalog:list"), {"page": last + 1}).status_code == 404
    assert client.get(reverse("catalog:list"), {"page": "99999"}).status_code == 404


def test_query_count_does_not_grow_with_the_products_shown(client, demo_module, no_page_cache):
    def queries(**params):
        with CaptureQueriesContext(connection) as ctx:
            page = catalogue(client, **params)
        return len(ctx.captured_queries), len(page.page.object_list)

    many, shown_many = queries(zone="brackish")
    few, shown_few = queries(zone="brackish", stars="4", district="gia-rai", price_min="0")
    assert shown_many == 24 and 0 < shown_few < 24
    assert few <= many + 2  # a filter value may cost one validation query; products shown cost nothing
    assert many <= 16
    # Cached facets and counts for the same state: fewer queries still.
    again, _ = queries(zone="brackish")
    assert again < many


def test_english_list_shows_english_labels_and_prices(client, demo_module):
    response = client.get("/en/san-pham/", {"sort": "price"})
    html = response.content.decode()
    assert 'lang="en"' in html
    assert "Category" in html and "Production zone" in html
    cheapest = response.context["catalogue"].products()[0]
    assert f"{cheapest.price:,} ₫" in html
