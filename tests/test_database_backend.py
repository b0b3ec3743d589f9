"""The PostgreSQL backend: health checks skipped on a connection a request used a moment ago; hot
queries prepared with their values."""

import pytest
from django.db import connection, connections

from core.db import prepared_cursor
from core.db.postgresql import base

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the backend is PostgreSQL's"),
]


@pytest.fixture
def checks(monkeypatch):
    """Count the health checks (`SELECT 1`) the connection runs, with checks enabled."""
    wrapper = connections["default"]
    wrapper.close()  # a new connection: nothing known of it
    wrapper.ensure_connection()
    calls = []
    real = wrapper.is_usable

    def is_usable():
        calls.append(1)
        return real()

    monkeypatch.setattr(wrapper, "is_usable", is_usable)
    monkeypatch.setattr(wrapper, "health_check_enabled", True)
    return calls


def request_using_the_database():
    connection.close_if_unusable_or_obsolete()  # request_started
    with connection.cursor() as cursor:
        cursor.execute("SELECT 2")
    connection.close_if_unusable_or_obsolete()  # request_finished


def test_a_connection_used_a_moment_ago_is_not_checked_again(checks):
    request_using_the_database()
    before = len(checks)
    request_using_the_database()
    request_using_the_database()
    assert len(checks) == before


def test_an_idle_connection_is_checked(checks, monkeypatch):
    request_using_the_database()
    before = len(checks)
    now = base.time.monotonic()
    monkeypatch.setattr(base.time, "monotonic", lambda: now + base.HEALTH_CHECK_DELAY + 0.1)
    request_using_the_database()
    assert len(checks) == before + 1


def test_a_request_without_queries_does_not_make_the_connection_fresh(checks, monkeypatch):
    request_using_the_database()
    before = len(checks)
    now = base.time.monotonic()
    monkeypatch.setattr(base.time, "monotonic", lambda: now + base.HEALTH_CHECK_DELAY + 0.1)
    connection.close_if_unusable_or_obsolete()  # a request that never touched the database
    connection.close_if_unusable_or_obsolete()
    request_using_the_database()
    assert len(checks) == before + 1


def test_after_an_error_the_connection_is_checked(checks):
    request_using_the_database()
    before = len(checks)
    connection.errors_occurred = True
    connection.close_if_unusable_or_obsolete()  # the end of a request that failed: Django checks it
    request_using_the_database()  # and this backend checks again before the next request's query
    assert len(checks) == before + 2


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_a_prepared_cursor_prepares_each_statement_with_its_values():
    with prepared_cursor() as cursor:
        for word in ("muoi%", "tom%", "muoi%"):
            cursor.execute("SELECT count(*) FROM catalog_product WHERE search_text LIKE %s AND 50 %% 7 = 1", [word])
            assert cursor.fetchone() == (0,)
    statements = [s for s in prepared_statements() if "catalog_product" in s]
    # One statement per distinct text, the values written in (planned for them, never generically).
    assert sorted(statements) == sorted([
        "SELECT count(*) FROM catalog_product WHERE search_text LIKE 'muoi%' AND 50 % 7 = 1",
        "SELECT count(*) FROM catalog_product WHERE search_text LIKE 'tom%' AND 50 % 7 = 1",
    ])


def test_ordinary_cursors_prepare_nothing():
    with connection.cursor() as cursor:
        for _ in range(10):
            cursor.execute("SELECT count(*) FROM catalog_product WHERE price > %s", [5])
    assert not [s for s in prepared_statements() if "price >" in s]


def test_prepared_statements_show_in_the_query_log():
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx, prepared_cursor() as cursor:
        cursor.execute("SELECT %s + 1", [41])
        assert cursor.fetchone() == (42,)
    assert [q["sql"] for q in ctx.captured_queries] == ["SELECT 41 + 1"]


def test_keyed_lookups_prepare_one_statement_for_every_key(settings):
    from django.test.utils import CaptureQueriesContext

    from catalog.models import Category
    from core.db import keyed_lookups

    slugs = list(Category.objects.values_list("slug", flat=True)[:3])
    assert len(slugs) == 3
    with CaptureQueriesContext(connection) as ctx, keyed_lookups():
        found = [Category.objects.get(slug=slug).slug for slug in slugs]
    assert found == slugs
    statements = [s for s in prepared_statements() if '"catalog_category"' in s]
    # The parameters are bound on the server: one statement serves every slug.
    assert len(statements) == 1 and "$1" in statements[0]
    assert all(slug in q["sql"] for slug, q in zip(slugs, ctx.captured_queries, strict=True)), "the log shows the values"

    with connection.cursor() as cursor:  # outside the block: nothing prepared, as before
        cursor.execute("SELECT count(*) FROM catalog_category WHERE position > %s", [-1])
    assert not [s for s in prepared_statements() if "position >" in s]


def test_keyed_lookups_prepare_nothing_when_prepared_statements_are_off(settings):
    from catalog.models import Category
    from core.db import keyed_lookups

    settings.DB_PREPARED_STATEMENTS = False
    with keyed_lookups():
        for slug in Category.objects.values_list("slug", flat=True)[:3]:
            Category.objects.get(slug=slug)
    assert not [s for s in prepared_statements() if '"catalog_category"' in s]

