"""Reference data (administrative units, category tree) that data migrations load.

A transactional test (live_server) empties every table when it ends. post_migrate restores them after
the flush (members/catalog reference_data); this is a guard for the tests here, and the loaders are
idempotent.
"""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection


def ensure_reference_data() -> None:
    from catalog.models import Category
    from members.models import AdministrativeUnit

    schema_editor = SimpleNamespace(connection=connection)  # all the loaders read from it
    if not AdministrativeUnit.objects.exists():
        importlib.import_module("members.migrations.0002_load_administrative_units").load(apps, schema_editor)
    if not Category.objects.exists():
        importlib.import_module("catalog.migrations.0003_ocop_categories").load(apps, schema_editor)
