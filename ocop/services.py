"""Writes to OCOP certificates; each keeps Product.ocop_stars and the listing revision in step."""

from __future__ import annotations

import calendar
import secrets
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.services import products_bump_revision
from ocop.models import Certificate, CertificateStatus, IssuingLevel

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed from paper


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's end (29/02 + 12 months → 28/02)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(decision_date: date) -> date:
    """Recognition is valid 36 months (a setting) from the decision date."""
    return add_months(decision_date, settings.OCOP_VALIDITY_MONTHS)


def _check_stars(stars: int) -> None:
    if stars not in (3, 4, 5):
        raise ValidationError({"stars": _("Only 3, 4 and 5 stars are recognised.")}, code="stars")


def new_certificate_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(10))
        if not Certificate.objects.filter(code=code).exists():
            return code


def refresh_product_stars(*, product: Product) -> None:
    """Copy the current recognised star level onto the product (cheap to filter and sort)."""
    current = Certificate.objects.recognised().filter(product=product).values_list("stars", flat=True).first()
    if product.ocop_stars != current:
        product.ocop_stars = current
        product.save(update_fields=["ocop_stars", "updated_at"])
        products_bump_revision(product_ids=[product.pk])


@transaction.atomic
def certificate_apply(
    *,
    product: Product,
    stars: int,
    issuing_level: IssuingLevel | str,
    issuing_body: str,
    total_score: int | None = None,
) -> Certificate:
    """Record a product put forward for recognition (not yet a decision)."""
    _check_stars(stars)
    certificate = Certificate(
        product=product,
        code=new_certificate_code(),
        stars=stars,
        total_score=total_score,
        product_group=product.category.ocop_group,
        issuing_level=issuing_level,
        issuing_body=issuing_body,
        status=CertificateStatus.PENDING,
    )
    certificate.full_clean(validate_constraints=False)  # the database enforces them; stars checked above
    certificate.save()
    return certificate


@transaction.atomic
def certificate_recognise(
    *,
    product: Product,
    stars: int,
    decision_number: str,
    decision_date: date,
    issuing_level: IssuingLevel | str,
    issuing_body: str,
    total_score: int | None = None,
    score_a: int | None = None,
    score_b: int | None = None,
    score_c: int | None = None,
) -> Certificate:
    """Recognise a product at a star level; a previous recognition is superseded."""
    _check_stars(stars)
    Certificate.objects.recognised().filter(product=product).update(status=CertificateStatus.SUPERSEDED)
    certificate = Certificate(
        product=product,
        code=new_certificate_code(),
        stars=stars,
        total_score=total_score,
        score_a=score_a,
        score_b=score_b,
        score_c=score_c,
        product_group=product.category.ocop_group,
        decision_number=decision_number,
        decision_date=decision_date,
        valid_until=validity_end(decision_date),
        issuing_level=issuing_level,
        issuing_body=issuing_body,
        status=CertificateStatus.RECOGNISED,
    )
    certificate.full_clean(validate_constraints=False)  # the database enforces them; stars checked above
    certificate.save()
    refresh_product_stars(product=product)
    return certificate
