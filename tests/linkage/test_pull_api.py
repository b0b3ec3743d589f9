"""The partner-facing pull feed /api/v1/listings."""

from __future__ import annotations

import pytest

from catalog.models import Product
from linkage import services
from linkage.adapters.native import listing_id
from linkage.api import encode_cursor
from linkage.models import PartnerPlatform
from tests.linkage.conftest import needs_shared_database
from tests.linkage.helpers import edit_product, make_member, make_products, withdraw_product

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner():
    return PartnerPlatform.objects.create(name="Sàn An Giang", slug="an-giang", province_id="91",
                                          base_url="http://127.0.0.1:9/p/an-giang", signing_secret="s")


@pytest.fixture
def api_key(partner):
    return services.api_key_issue(partner=partner)[1]


def get(client, key, **params):
    return client.get("/api/v1/listings", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def changed(products):
    """What the after-commit signal does for the feed (tests run inside a transaction)."""
    services.feed_touch(product_ids=[p.pk for p in products])


def read_all(client, key, since=None, limit=4, on_page=None):
    seen, cursor, pages = {}, since, 0
    while True:
        params = {"limit": limit} | ({"since": cursor} if cursor else {})
        body = get(client, key, **params).json()
        for item in body["items"]:
            seen[item["id"]] = (item["revision"], item["status"])
        cursor, pages = body["next_cursor"], pages + 1
        if on_page:
            on_page(pages)
        if not body["has_more"]:
            return seen, cursor


def test_bad_or_missing_keys_get_401(client, partner, api_key):
    assert client.get("/api/v1/listings").status_code == 401
    assert get(client, "blm_nope_nope").status_code == 401
    assert get(client, api_key[:-1] + ("x" if api_key[-1] != "x" else "y")).status_code == 401
    key = partner.api_keys.get()
    services.api_key_revoke(key=key)
    response = get(client, api_key)
    assert response.status_code == 401 and "API key" in response.json()["error"]


@pytest.mark.parametrize("params", [{"since": "not-a-cursor"}, {"since": encode_cursor(1)[:-2] + "!!"}, {"limit": "0"},
                                    {"limit": "x"}, {"format": "xml"}])
def test_bad_parameters_get_400_with_a_clear_message(client, api_key, params):
    response = get(client, api_key, **params)
    assert response.status_code == 400
    assert response.json()["error"]


def test_rate_limited(client, api_key, settings):
    settings.LINKAGE_PULL_RATE = 3
    assert [get(client, api_key).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert int(get(client, api_key)["Retry-After"]) > 0


def test_feed_in_change_order_with_increments_and_withdrawals(client, api_key):
    products = make_products(make_member(), 6)
    changed(products)
    seen, cursor = read_all(client, api_key)
    assert set(seen) == {listing_id(p.pk) for p in products}
    assert {status for _rev, status in seen.values()} == {"active"}

    # An increment from the cursor brings only what changed since.
    edit_product(products[2], price=1)
    withdraw_product(products[4])
    changed([products[2], products[4]])
    body = get(client, api_key, since=cursor).json()
    assert [item["id"] for item in body["items"]] == [listing_id(products[2].pk), listing_id(products[4].pk)]
    assert body["items"][1]["status"] == "withdrawn" and "name" not in body["items"][1]
    assert get(client, api_key, since=body["next_cursor"]).json()["items"] == []


def test_a_page_sequence_taken_while_listings_change_misses_nothing(client, api_key):
    products = make_products(make_member(), 12)
    changed(products)

    def edit_between_pages(page):
        # After each page, edit one listing already read and one not yet read.
        for product in (products[(page * 5) % 12], products[(page * 7 + 3) % 12]):
            fresh = edit_product(product, stock=product.stock + page)
            changed([fresh])

    seen, cursor = read_all(client, api_key, limit=3, on_page=edit_between_pages)
    expected = {listing_id(pk): (rev, "active") for pk, rev in Product.objects.values_list("pk", "revision")}
    # Catch up once more from the last cursor (edits after the last page), then compare: zero differences.
    more, _cursor = read_all(client, api_key, since=cursor)
    seen.update(more)
    assert {k: v for k, v in seen.items() if v != expected.get(k)} == {}
    assert set(seen) == set(expected)


@pytest.mark.parametrize("exchange_format", ["native-v1", "schema-org", "dfc"])
def test_every_format_is_available(client, api_key, exchange_format):
    changed(make_products(make_member(), 2))
    items = get(client, api_key, format=exchange_format).json()["items"]
    assert len(items) == 2
    if exchange_format == "schema-org":
        assert items[0]["@type"] == "Product" and items[0]["offers"]["priceCurrency"] == "VND"
    elif exchange_format == "dfc":
        assert {node["@type"] for node in items[0]["@graph"]} == {
            "dfc-b:Enterprise", "dfc-b:SuppliedProduct", "dfc-b:CatalogItem", "dfc-b:Offer"}


def test_query_count_does_not_grow_with_the_page(client, api_key, django_assert_max_num_queries):
    changed(make_products(make_member(), 30))
    with django_assert_max_num_queries(14):
        assert len(get(client, api_key, limit=30).json()["items"]) == 30


@pytest.mark.slow
@needs_shared_database
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_pages_read_while_another_connection_commits_edits_miss_nothing(client):
    """Real concurrency: a thread with its own database connection commits edits while we page."""
    import threading

    from django.db import connection

    from tests.linkage.conftest import _require

    _require(connection.vendor == "postgresql", "concurrent connections need PostgreSQL (DATABASE_URL=postgres://…)")
    partner = PartnerPlatform.objects.create(name="Sàn An Giang", slug="an-giang", province_id="91",
                                             base_url="http://127.0.0.1:9/p/an-giang", signing_secret="s")
    key = services.api_key_issue(partner=partner)[1]
    products = make_products(make_member(), 60)  # the after-commit signal puts them in the feed
    stop = threading.Event()

    def editor():
        from django.db import connection as thread_connection

        i = 0
        try:
            while not stop.is_set():
                edit_product(products[(i * 7) % len(products)], stock=i)  # autocommit: each edit commits
                i += 1
        finally:
            thread_connection.close()

    thread = threading.Thread(target=editor)
    thread.start()
    try:
        seen, cursor = read_all(client, key, limit=5)
    finally:
        stop.set()
        thread.join()
    more, _cursor = read_all(client, key, since=cursor)
    seen.update(more)
    expected = {listing_id(pk): (rev, "active") for pk, rev in Product.objects.values_list("pk", "revision")}
    assert {k: v for k, v in seen.items() if v != expected.get(k)} == {}
