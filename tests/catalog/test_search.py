"""Vietnamese search: accents and đ folded, ranked name > producer > description, combined with facets."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from catalog.models import Product
from catalog.search import parse_query, ranked_search
from core.text import fold

pytestmark = pytest.mark.django_db


def results(client, **params):
    response = client.get(reverse("catalog:search"), params)
    assert response.status_code == 200
    return response, response.context["catalogue"].products()


def test_muoi_hat_without_accents_finds_the_grain_salt_first(client, demo_module):
    response, products = results(client, q="muoi hat")
    assert all(p.name.startswith("Muối hạt") for p in products[:5])
    assert "Muối hạt Bạc Liêu" in [p.name for p in products[:3]], "the 4-star grain salt ranks near the top"
    assert "Muối hạt Bạc Liêu" in response.content.decode()


@pytest.mark.parametrize("typed", ["dong hai", "DONG HAI", "Đông Hải", "đông   hải"])
def test_dong_hai_finds_the_products_of_dong_hai_however_it_is_typed(client, demo_module, typed):
    _, products = results(client, q=typed)
    expected = Product.objects.published().filter(search_text__contains="dong").filter(search_text__contains="hai").count()
    assert expected > 0
    assert client.get(reverse("catalog:search"), {"q": typed}).context["catalogue"].total == expected
    assert all("dong" in p.search_text and "hai" in p.search_text for p in products)
    assert all("dong hai" in p.search_text for p in products[:10]), "adjacent words rank first"
    from_dong_hai = Product.objects.published().filter(commune__former_districts__slug="dong-hai").count()
    assert expected >= from_dong_hai > 0


def test_ranking_puts_name_matches_before_producer_before_description(demo_module):
    query = parse_query("muoi")
    ranked = [p for tier in ranked_search(Product.objects.published(), query).tiers for p in tier]
    assert ranked, "some products mention muối"

    def where(product):
        name, producer, *_rest = product.search_text.split(" | ")
        return 0 if "muoi" in name else 1 if "muoi" in producer else 2

    tiers = [where(p) for p in ranked]
    assert tiers == sorted(tiers), "name hits, then producer hits, then the rest"
    assert {0, 2} <= set(tiers), "the demo data has both kinds"


def _begins_word(text: str, phrase: str) -> bool:
    return text.startswith(phrase) or f" {phrase}" in text


def _tier(search_text: str, words: tuple[str, ...]) -> int:
    """The documented ranking, computed in Python from a product's search text."""
    name, producer, *_rest = search_text.split(" | ")
    phrase = " ".join(words)
    if _begins_word(name, phrase):
        return 0
    if len(words) > 1 and all(_begins_word(name, w) for w in words):
        return 1
    if len(words) > 1 and _begins_word(search_text, phrase):
        return 2
    if all(_begins_word(producer, w) for w in words):
        return 3
    return 4


@pytest.mark.parametrize("typed", ["muoi hat", "dong hai", "tom kho", "muoi", "gao"])
def test_every_result_page_follows_the_ranking_tiers_then_stars_then_newest(client, demo_module, typed):
    words = parse_query(typed).words
    first = client.get(reverse("catalog:search"), {"q": typed}).context["catalogue"]
    ranked = first.products()
    for number in range(2, first.page.paginator.num_pages + 1):
        ranked += client.get(reverse("catalog:search"), {"q": typed, "page": number}).context["catalogue"].products()
    assert len(ranked) == first.total > 0
    keys = [(_tier(p.search_text, words), -(p.ocop_stars or 0), -p.pk) for p in ranked]
    assert keys == sorted(keys)


def test_search_combines_with_facets(client, demo_module):
    _, products = results(client, q="muoi", stars="4")
    assert products
    assert all(p.ocop_stars == 4 and "muoi" in p.search_text for p in products)
    expected = Product.objects.published().filter(search_text__contains="muoi", ocop_stars=4).count()
    assert client.get(reverse("catalog:search"), {"q": "muoi", "stars": "4"}).context["catalogue"].total == expected


def test_every_word_must_match(client, demo_module):
    _, products = results(client, q="muoi tom")
    assert products
    assert all("muoi" in p.search_text and "tom" in p.search_text for p in products)


def test_a_query_that_matches_nothing_says_so(client, demo_module):
    response, products = results(client, q="zzzqqq")
    assert products == []
    assert "Không có sản phẩm nào phù hợp" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="typo tolerance uses pg_trgm (PostgreSQL)")
def test_one_typo_is_forgiven_on_postgresql(client, demo_module):
    _, products = results(client, q="muoi hst")
    assert "Muối hạt Bạc Liêu" in [p.name for p in products[:5]]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("catalog:search"), {"q": "tom khp", "stars": "4"})
    products = response.context["catalogue"].products()
    assert products and all("tom" in p.search_text and p.ocop_stars == 4 for p in products[:5])
    assert len(ctx.captured_queries) <= 18, "the near-miss search runs once, not once per facet"


def test_query_folding():
    query = parse_query("  Muối   HẠT  Đông Hải " + "x" * 500)
    assert query.words[:4] == ("muoi", "hat", "dong", "hai")
    assert query.truncated
    assert fold("ĐƯỜNG") == "duong"
    assert not parse_query("!!! ??? <>")


def test_paging_through_ranked_results_shows_each_match_once(client, demo_module):
    first = client.get(reverse("catalog:search"), {"q": "muoi"}).context["catalogue"]
    seen = list(first.page.object_list)
    for number in range(2, first.page.paginator.num_pages + 1):
        seen += list(client.get(reverse("catalog:search"), {"q": "muoi", "page": number}).context["catalogue"].page.object_list)
    assert first.page.paginator.num_pages > 1
    assert len(seen) == len(set(seen)) == first.total
    assert set(seen) == set(Product.objects.published().filter(search_text__regex=r"(^| )muoi").values_list("pk", flat=True))
