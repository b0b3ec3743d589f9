"""Administrative units are reference data: loaded by a migration and restored after a test flush.

The source is members/data/admin_units.csv (two-tier map in force from 1 July 2025). The loader works
with any app registry (a migration's historical models, or post_migrate's), and is idempotent.
"""

import csv
from pathlib import Path

from core.text import slugify_vi

DATA = Path(__file__).resolve().parent / "data" / "admin_units.csv"

def load_administrative_units(apps, using="default"):
    Unit = apps.get_model("members", "AdministrativeUnit")
    District = apps.get_model("members", "FormerDistrict")
    with DATA.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in sorted(rows, key=lambda r: (r["level"] != "province", r["code"])):
        # Wards and communes may share a short name with their province ("Bạc Liêu"): slug the full name.
        unit, _ = Unit.objects.using(using).update_or_create(
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
            district, _ = District.objects.using(using).update_or_create(code=code, defaults={"name": name, "slug": slugify_vi(short)})
            districts.append(district)
        unit.former_districts.set(districts)

def restore_after_flush(sender, *, using="default", apps=None, **kwargs):
    """post_migrate also runs after `flush` (e.g. between transactional tests): reload if the table is empty."""
    if apps is None:  # `flush` sends no app registry; `migrate` sends its post-migration state
        from django.apps import apps
    if not apps.get_model("members", "AdministrativeUnit").objects.using(using).exists():
        load_administrative_units(apps, using)
