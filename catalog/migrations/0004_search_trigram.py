"""Trigram search on PostgreSQL: the pg_trgm extension and a GIN index on Product.search_text.

The index serves both the containment test (LIKE '%word%') and word similarity (`<%`), which forgives
a typo. SQLite has neither; there the migration does nothing and search falls back to a scan.
"""

from django.db import migrations

INDEX = "catalog_product_search_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin (search_text gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0003_ocop_categories")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
