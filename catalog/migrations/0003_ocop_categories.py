"""The category tree: the six OCOP product groups and their sub-groups (Decision 148/QĐ-TTg)."""

from django.db import migrations

from catalog.reference_data import load_categories


def load(apps, schema_editor):
    load_categories(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
