"""Database helpers shared by the apps."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import connections


def prepared_cursor(using: str = "default"):
    """A cursor whose statements PostgreSQL plans once per connection (core.db.postgresql); elsewhere
    an ordinary cursor. For hot queries only: their SQL text must repeat (parameters may differ)."""
    connection = connections[using]
    factory = getattr(connection, "prepared_cursor", None)
    return factory() if factory is not None else connection.cursor()


keyed_lookups_active: ContextVar[bool] = ContextVar("keyed_lookups_active", default=False)


@contextmanager
def keyed_lookups() -> Iterator[None]:
    """Inside this block, queries run as prepared statements with server-bound parameters
    (core.db.postgresql; elsewhere nothing changes). For lookups by key whose SQL text is the same on
    every request and whose best plan does not depend on the key: PostgreSQL then reuses its plan."""
    token = keyed_lookups_active.set(True)
    try:
        yield
    finally:
        keyed_lookups_active.reset(token)
