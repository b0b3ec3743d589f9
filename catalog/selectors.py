"""Reads shaped for pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from catalog.models import Category, Product
from members.models import Member


@dataclass(frozen=True)
class FloorFigures:
    members: int
    products: int
    ocop_products: int
    ocop_by_stars: dict[int, int]  # {5: n, 4: n, 3: n}


def floor_figures() -> FloorFigures:
    """The live figures on the home page: approved members, public products, OCOP products by stars."""
    by_stars = dict(
        Product.objects.published().ocop().values_list("ocop_stars").annotate(n=Count("id")).order_by()
    )
    return FloorFigures(
        members=Member.objects.approved().count(),
        products=Product.objects.published().count(),
        ocop_products=sum(by_stars.values()),
        ocop_by_stars={stars: by_stars.get(stars, 0) for stars in (5, 4, 3)},
    )


def root_categories() -> list[Category]:
    return list(Category.objects.filter(parent__isnull=True))
