"""Database helpers shared by the apps."""

from __future__ import annotations

from django.db import connections


def prepared_cursor(using: str = "default"):
    """A cursor whose statements PostgreSQL plans once per connection (core.db.postgresql); elsewhere
    an ordinary cursor. For hot queries only: their SQL text must repeat (parameters may differ)."""
    connection = connections[using]
    factory = getattr(connection, "prepared_cursor", None)
    return factory() if factory is not None else connection.cursor()
