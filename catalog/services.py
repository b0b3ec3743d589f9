"""Every write to the catalogue goes through these functions (keyword-only, atomic)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from catalog.models import Category, Product, ProductStatus, Zone
from catalog.signals import listings_changed
from core.text import fold, slugify_vi
from members.models import AdministrativeUnit, Member


def build_search_text(*, name: str, member_name: str, commune: AdministrativeUnit | None, description: str) -> str:
    """Folded text in ranking order: name, producer, locality (current and former), description."""
    locality = ""
    if commune is not None:
        districts = " ".join(d.name for d in commune.former_districts.all())
        locality = f"{commune.full_name} {districts}"
    return " | ".join(fold(part) for part in (name, member_name, locality, description))


def unique_product_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify_vi(name, max_length=200) or "san-pham"
    slug, n = base, 2
    qs = Product.objects.all()
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def notify_listings_changed(product_ids: Iterable[int]) -> None:
    """Tell the apps above (linkage, caches) after the transaction commits."""
    ids = sorted(set(product_ids))
    if ids:
        transaction.on_commit(lambda: listings_changed.send(sender=Product, product_ids=ids))


def products_bump_revision(*, product_ids: Iterable[int]) -> None:
    """Bump the revision of every listed product: partners will converge on the new state."""
    ids = sorted(set(product_ids))
    if not ids:
        return
    Product.objects.filter(pk__in=ids).update(revision=F("revision") + 1, updated_at=timezone.now())
    notify_listings_changed(ids)


@transaction.atomic
def product_create(
    *,
    member: Member,
    category: Category,
    name: str,
    price: int,
    unit: str,
    commune: AdministrativeUnit,
    zone: Zone | str,
    description: str = "",
    stock: int = 0,
    gtin: str = "",
    status: ProductStatus | str = ProductStatus.DRAFT,
) -> Product:
    product = Product(
        member=member,
        category=category,
        name=name.strip(),
        slug=unique_product_slug(name),
        description=description,
        price=price,
        unit=unit,
        stock=stock,
        commune=commune,
        zone=zone,
        gtin=gtin,
        status=status,
        published_at=timezone.now() if status == ProductStatus.PUBLISHED else None,
    )
    product.search_text = build_search_text(name=product.name, member_name=member.name, commune=commune, description=description)
    product.full_clean()
    product.save()
    notify_listings_changed([product.pk])
    return product
