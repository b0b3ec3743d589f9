"""PostgreSQL: a trigram index on the name part of search_text (before the first " | ").

Search ranks products whose name holds every word first; this index finds them without reading every
match of a common word. Nothing on SQLite.
"""

from django.db import migrations

INDEX = "catalog_product_search_name_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON catalog_product USING gin ((split_part(search_text, ' | ', 1)) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0004_search_trigram")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
