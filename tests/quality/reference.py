"""Reference data (administrative units, category tree) that data migrations load.

A transactional test (live_server) empties every table when it ends, so the next one may start
without them whatever its serialized_rollback says; the loaders are idempotent, so calling them again
is safe.
"""

from __future__ import annotations

import importlib

from django.apps import apps


def ensure_reference_data() -> None:
    from catalog.models import Category
    from members.models import AdministrativeUnit

    if not AdministrativeUnit.objects.exists():
        importlib.import_module("members.migrations.0002_load_administrative_units").load(apps, None)
    if not Category.objects.exists():
        importlib.import_module("catalog.migrations.0003_ocop_categories").load(apps, None)
