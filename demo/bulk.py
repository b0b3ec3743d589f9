"""`seed_demo --products N`: many more listings, fast, for benchmarks (no images)."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from django.db import transaction
from django.db.models import Max

from catalog.models import Category, Product, ProductStatus
from catalog.services import build_search_text
from core.text import fold, slugify_vi
from demo import data
from members.models import Member
from ocop.models import Certificate, CertificateStatus, IssuingLevel
from ocop.services import validity_end

BATCH = 2000
OCOP_SHARE = 0.3


def add_bench_products(count: int, *, seed: int = 7) -> None:
    rng = random.Random(seed)
    members = list(Member.objects.approved().select_related("commune").prefetch_related("commune__former_districts"))
    if not members:
        raise RuntimeError("seed the demo data first: bench products belong to the demo members")
    categories = {c.slug: c for c in Category.objects.all()}
    zone_of = {}
    for m in members:
        names = fold(m.name)
        zone_of[m.pk] = "saline" if "diem" in names or "muoi" in names else rng.choice(list(data.PRODUCTS))
    start = (Product.objects.aggregate(top=Max("id"))["top"] or 0) + 1
    base_time = datetime(2025, 1, 1, tzinfo=UTC)
    decision_date = date(2025, 10, 15)
    for offset in range(0, count, BATCH):
        batch, stars_of = [], []
        for i in range(offset, min(count, offset + BATCH)):
            member = rng.choice(members)
            zone = zone_of[member.pk]
            name_part, category_slug, unit, low, high, description = rng.choice(data.PRODUCTS[zone])
            number = start + i
            name = f"{name_part} {rng.choice(data.BRANDS)} lô {number}"
            batch.append(
                Product(
                    member=member,
                    category=categories[category_slug],
                    name=name,
                    slug=f"{slugify_vi(name_part)}-{number}",
                    description=description,
                    price=rng.randrange(low, high + 1, 1000),
                    unit=unit,
                    stock=rng.randrange(0, 500),
                    commune_id=member.commune_id,
                    zone=zone,
                    status=ProductStatus.PUBLISHED,
                    published_at=base_time + timedelta(minutes=i),
                    # The communes' former districts are prefetched: this builds the text without a query.
                    search_text=build_search_text(name=name, member_name=member.name, commune=member.commune,
                                                  description=description),
                )
            )
            stars_of.append(rng.choice((3, 3, 3, 4)) if rng.random() < OCOP_SHARE else None)
        for product, stars in zip(batch, stars_of, strict=True):
            product.ocop_stars = stars
        with transaction.atomic():
            created = Product.objects.bulk_create(batch, batch_size=BATCH)
            Certificate.objects.bulk_create(
                [
                    Certificate(
                        product=product,
                        code=f"B{product.pk:09d}",
                        stars=product.ocop_stars,
                        product_group=product.category.ocop_group,
                        decision_number="2150/QĐ-UBND",
                        decision_date=decision_date,
                        valid_until=validity_end(decision_date),
                        issuing_level=IssuingLevel.PROVINCE,
                        issuing_body="UBND tỉnh Cà Mau",
                        status=CertificateStatus.RECOGNISED,
                    )
                    for product in created
                    if product.ocop_stars
                ],
                batch_size=BATCH,
            )
