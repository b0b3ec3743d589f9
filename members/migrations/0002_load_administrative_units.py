"""Load the administrative units kept in members/data/admin_units.csv (two-tier map from 1 July 2025)."""

import csv
from pathlib import Path

from django.db import migrations

from core.text import slugify_vi

DATA = Path(__file__).resolve().parent.parent / "data" / "admin_units.csv"


def load(apps, schema_editor):
    Unit = apps.get_model("members", "AdministrativeUnit")
    District = apps.get_model("members", "FormerDistrict")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in sorted(rows, key=lambda r: (r["level"] != "province", r["code"])):
        # Wards and communes may share a short name with their province ("Bạc Liêu"): slug the full name.
        unit, _ = Unit.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "full_name": row["full_name"],
                "slug": slugify_vi(row["full_name"]),
                "level": row["level"],
                "parent_id": row["parent_code"] or None,
                "former_commune_names": row["former_commune_names"],
            },
        )
        codes = [c for c in row["former_district_codes"].split("|") if c]
        names = [n for n in row["former_district_names"].split("|") if n]
        districts = []
        for code, name in zip(codes, names, strict=True):
            short = name.removeprefix("Thành phố ").removeprefix("Thị xã ").removeprefix("Huyện ")
            district, _ = District.objects.update_or_create(code=code, defaults={"name": name, "slug": slugify_vi(short)})
            districts.append(district)
        unit.former_districts.set(districts)


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
