"""Anonymous pages are cached, and every listing change invalidates them."""

import pytest
from django.urls import reverse

from catalog.models import Product
from catalog.services import products_bump_revision

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.CATALOG_PAGE_CACHE = True


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response


def test_anonymous_pages_are_served_from_the_cache(client, demo_module):
    url = reverse("catalog:list")
    assert get(client, url)["X-Page-Cache"] == "miss"
    assert get(client, url)["X-Page-Cache"] == "hit"
    assert get(client, "/en" + url)["X-Page-Cache"] == "miss", "each language has its own copy"


def test_a_listing_change_signal_invalidates_the_cache(client, demo_module, django_capture_on_commit_callbacks):
    product = Product.objects.published().order_by("-published_at", "-id").first()
    url = reverse("catalog:list")
    assert product.name in get(client, url).content.decode()
    assert get(client, url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Product.objects.filter(pk=product.pk).update(name="Tên mới hoàn toàn")
        products_bump_revision(product_ids=[product.pk])
    response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "Tên mới hoàn toàn" in response.content.decode()


def test_saving_a_product_row_invalidates_the_cache(client, demo_module, django_capture_on_commit_callbacks):
    product = Product.objects.published().order_by("-published_at", "-id").first()
    url = product.get_absolute_url()
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        product.price = 123000
        product.save(update_fields=["price"])
    response = get(client, url)
    assert response["X-Page-Cache"] == "miss"
    assert "123.000 ₫" in response.content.decode()


def test_facet_counts_follow_changes(client, demo_module, settings, django_capture_on_commit_callbacks):
    settings.CATALOG_PAGE_CACHE = False
    url = reverse("catalog:list")
    before = client.get(url, {"zone": "saline"}).context["catalogue"].total
    with django_capture_on_commit_callbacks(execute=True):
        product = Product.objects.published().filter(zone="saline").first()
        product.status = "withdrawn"
        product.save(update_fields=["status"])
    assert client.get(url, {"zone": "saline"}).context["catalogue"].total == before - 1


def test_signed_in_users_get_fresh_pages(client, demo_module, django_user_model):
    user = django_user_model.objects.create_user(email="shopper@example.com", password="x-long-password-1")
    client.force_login(user)
    url = reverse("catalog:list")
    assert "X-Page-Cache" not in get(client, url)
    assert "X-Page-Cache" not in get(client, url)


def test_cached_product_cards_follow_changes(client, demo_module, settings, django_capture_on_commit_callbacks):
    settings.CATALOG_PAGE_CACHE = False  # only the per-card fragments are cached here
    product = Product.objects.published().order_by("-published_at", "-id").first()
    url = reverse("catalog:list")
    assert product.name in get(client, url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        product.price = 777000
        product.save(update_fields=["price"])
    assert "777.000 ₫" in get(client, url).content.decode()


def test_a_stale_page_is_never_served_after_the_version_moves(client, demo_module):
    from catalog.caching import bump_listing_version

    url = reverse("catalog:list")
    get(client, url)
    assert get(client, url)["X-Page-Cache"] == "hit"
    bump_listing_version()
    assert get(client, url)["X-Page-Cache"] == "miss"


def test_pages_still_work_when_the_cache_is_down(client, demo_module, settings, django_capture_on_commit_callbacks):
    settings.CACHES = {"default": {"BACKEND": "tests.catalog.broken_cache.UnreachableCache"}}
    from catalog.models import Product
    from ocop.models import Certificate

    product = Product.objects.get(slug="muoi-hat-bac-lieu")
    urls = ["/", reverse("catalog:list"), reverse("catalog:search") + "?q=muoi+hat", product.get_absolute_url(),
            reverse("catalog:producer", kwargs={"slug": product.member.slug}), reverse("ocop:registry"),
            reverse("ocop:statistics"), Certificate.objects.recognised().first().get_absolute_url()]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "X-Page-Cache" not in response
    with django_capture_on_commit_callbacks(execute=True):  # the invalidation logs, it does not fail the write
        product.save(update_fields=["price"])


def test_each_process_keeps_the_entries_of_the_current_version_only(settings):
    from django.core.cache import cache

    from catalog.caching import bump_listing_version, cached_data, versioned_key

    settings.CATALOG_DATA_CACHE = True
    assert cached_data("test", ("a",), lambda: "first") == "first"
    cache.delete(versioned_key("test", "a"))  # gone from the shared cache ...
    assert cached_data("test", ("a",), lambda: "second") == "first", "... but this process still has it"
    bump_listing_version()
    assert cached_data("test", ("a",), lambda: "third") == "third", "a new version: nothing old is served"


def test_an_uncached_list_page_queries_its_products_on_every_request(client, demo_module, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CATALOG_PAGE_CACHE = False
    url = reverse("catalog:list")
    get(client, url)
    with CaptureQueriesContext(connection) as ctx:
        response = get(client, url)
    page_queries = [q["sql"] for q in ctx.captured_queries if '"catalog_product"."id" AS "pk"' in q["sql"]]
    assert len(page_queries) == 1, "the page's ids come from the database, not from a cache"
    assert "X-Page-Cache" not in response


def test_a_catalogue_state_is_analysed_once_per_listing_version(client, demo_module, settings, monkeypatch,
                                                                django_capture_on_commit_callbacks):
    """Filters, counts, facets and messages of a state are worked out once per listing version (and
    process); every page of the state still reads its own products from the database."""
    from catalog import selectors

    settings.CATALOG_PAGE_CACHE = False
    analysed = []
    real = selectors._analyse
    monkeypatch.setattr(selectors, "_analyse", lambda *args: analysed.append(args) or real(*args))
    url = reverse("catalog:list")
    first = get(client, url).context["catalogue"]
    second = get(client, f"{url}?page=2").context["catalogue"]
    assert len(analysed) == 1, "the page number is not part of the state"
    assert (first.page.number, second.page.number) == (1, 2)
    assert len(first.page.object_list) == len(second.page.object_list) == 24
    assert set(first.page.object_list).isdisjoint(second.page.object_list)

    with django_capture_on_commit_callbacks(execute=True):
        product = Product.objects.published().first()
        product.status = "withdrawn"
        product.save(update_fields=["status"])
    third = get(client, url).context["catalogue"]
    assert len(analysed) == 2, "a listing change makes a new analysis"
    assert third.total == first.total - 1
    assert product.pk not in get(client, f"{url}?page=2").context["catalogue"].page.object_list + third.page.object_list


def test_different_parameters_never_share_an_analysis(client, demo_module, settings):
    settings.CATALOG_PAGE_CACHE = False
    url = reverse("catalog:list")
    searched = get(client, f"{url}?q=a%3Db").context["catalogue"]  # a search for "a=b"
    unknown = get(client, f"{url}?q%3Da=b").context["catalogue"]  # a parameter named "q=a": ignored
    assert searched.query.raw == "a=b"
    assert not unknown.query
    assert unknown.total == Product.objects.published().count()
    english = get(client, f"/en{url}?stars=abc").context["catalogue"]
    vietnamese = get(client, f"{url}?stars=abc").context["catalogue"]
    assert english.messages != vietnamese.messages, "messages are in the visitor's language"
