"""Load the administrative units kept in members/data/admin_units.csv (two-tier map from 1 July 2025)."""

from django.db import migrations

from members.reference_data import load_administrative_units


def load(apps, schema_editor):
    load_administrative_units(apps, schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
