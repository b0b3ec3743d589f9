"""Reads for the sync loop, the pull feed, the Department's admin and the members' portal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from catalog.models import Category, Product, ProductImage, ProductStatus
from linkage.models import Eligibility, FeedEntry, ListingSync, PartnerOptOut, PartnerPlatform
from members.models import AdministrativeUnit, Member, MemberStatus
from ocop.models import Certificate, CertificateStatus


# --- Eligibility: the SQL form (eligible_q) and the Python form (EligibilityRules.allows) agree ---------
def _category_ids(partner: PartnerPlatform) -> list[int]:
    return list(partner.categories.values_list("pk", flat=True))


def eligible_q(partner: PartnerPlatform, prefix: str = "", *, today: date | None = None, category_ids=None) -> Q:
    """Listings this partner should hold as active. `prefix` is "product__" when filtering sync rows."""
    today = today or timezone.localdate()
    q = Q(**{f"{prefix}status": ProductStatus.PUBLISHED, f"{prefix}member__status": MemberStatus.APPROVED})
    if partner.eligibility == Eligibility.OCOP:
        valid = Certificate.objects.filter(
            product_id=OuterRef(f"{prefix}pk" if not prefix else "product_id"),
            status=CertificateStatus.RECOGNISED, valid_until__gte=today,
        )
        q &= Q(**{f"{prefix}ocop_stars__isnull": False}) & Q(Exists(valid))
    elif partner.eligibility == Eligibility.CATEGORIES:
        ids = _category_ids(partner) if category_ids is None else category_ids
        q &= Q(**{f"{prefix}category_id__in": ids}) | Q(**{f"{prefix}category__parent_id__in": ids})
    opted_out = PartnerOptOut.objects.filter(partner_id=partner.pk, member_id=OuterRef(f"{prefix}member_id"))
    return q & ~Q(Exists(opted_out))


@dataclass(frozen=True)
class EligibilityRules:
    """The same rules as eligible_q, applied to loaded rows (one consistent snapshot per batch)."""

    eligibility: str
    category_ids: frozenset[int]
    opted_out_member_ids: frozenset[int]
    today: date

    @classmethod
    def for_partner(cls, partner: PartnerPlatform) -> EligibilityRules:
        return cls(
            eligibility=partner.eligibility,
            category_ids=frozenset(_category_ids(partner)),
            opted_out_member_ids=frozenset(PartnerOptOut.objects.filter(partner=partner).values_list("member_id", flat=True)),
            today=timezone.localdate(),
        )

    def allows(self, product: Product, certificate: Certificate | None) -> bool:
        if product.status != ProductStatus.PUBLISHED or product.member.status != MemberStatus.APPROVED:
            return False
        if product.member_id in self.opted_out_member_ids:
            return False
        if self.eligibility == Eligibility.OCOP:
            return product.ocop_stars is not None and certificate is not None
        if self.eligibility == Eligibility.CATEGORIES:
            return product.category_id in self.category_ids or product.category.parent_id in self.category_ids
        return True


def current_certificate(product: Product, today: date) -> Certificate | None:
    """The recognised, still valid certificate (prefetched as `valid_certificates`)."""
    for certificate in getattr(product, "valid_certificates", []):
        if certificate.valid_until and certificate.valid_until >= today:
            return certificate
    return None


def products_for_listing(product_ids) -> dict[int, Product]:
    """Products with everything a listing payload needs, in a constant number of queries.

    Categories, members and communes repeat across a batch: each is loaded once and shared (building
    one model object per row of a six-table join was the largest cost of a delivery batch)."""
    products = list(Product.objects.filter(pk__in=list(product_ids)))
    if not products:
        return {}
    ids = [p.pk for p in products]
    categories = Category.objects.select_related("parent").in_bulk({p.category_id for p in products})
    members = Member.objects.in_bulk({p.member_id for p in products})
    communes = AdministrativeUnit.objects.select_related("parent").prefetch_related("former_districts").in_bulk(
        {p.commune_id for p in products}
    )
    images: dict[int, list] = {}
    for image in ProductImage.objects.filter(product_id__in=ids).order_by("position", "id"):
        images.setdefault(image.product_id, []).append(image)
    certificates: dict[int, list] = {}
    for certificate in Certificate.objects.recognised().filter(product_id__in=ids):
        certificates.setdefault(certificate.product_id, []).append(certificate)
    for product in products:
        product.category = categories[product.category_id]
        product.member = members[product.member_id]
        product.commune = communes[product.commune_id]
        product.listing_images = images.get(product.pk, [])
        product.valid_certificates = certificates.get(product.pk, [])
    return {product.pk: product for product in products}


# --- The sync loop ---------------------------------------------------------------------------------
def syncs_due(partner: PartnerPlatform) -> QuerySet[ListingSync]:
    """Sync rows whose listing is ahead of what the partner acknowledged and that the partner should
    hold (eligible) or still holds as active (a withdrawal is due). A 4xx parks a revision until it changes."""
    revision = F("product__revision")
    not_failed = Q(failed_revision__isnull=True) | Q(failed_revision__lt=revision)
    return (
        ListingSync.objects.filter(partner=partner, acknowledged_revision__lt=revision)
        .filter(not_failed)
        .filter(eligible_q(partner, "product__") | Q(acknowledged_active=True))
    )


def products_without_sync_row(partner: PartnerPlatform) -> QuerySet[Product]:
    has_row = ListingSync.objects.filter(partner=partner, product_id=OuterRef("pk"))
    return Product.objects.filter(eligible_q(partner)).exclude(Exists(has_row))


def syncs_drifted(partner: PartnerPlatform) -> QuerySet[ListingSync]:
    """Rows whose held state disagrees with eligibility at the same revision (a partner setting, a
    consent or a certificate expiry changed without a revision bump): the sweep bumps them."""
    revision = F("product__revision")
    eligible = eligible_q(partner, "product__")
    held = ListingSync.objects.filter(partner=partner, acknowledged_revision__gte=revision, acknowledged_revision__gt=0)
    return held.filter((eligible & Q(acknowledged_active=False)) | (~eligible & Q(acknowledged_active=True)))


# --- Pull feed -------------------------------------------------------------------------------------
def feed_page(*, since: int, limit: int) -> list[FeedEntry]:
    return list(FeedEntry.objects.filter(seq__gt=since).order_by("seq")[:limit])


# --- Department and members ------------------------------------------------------------------------
@dataclass(frozen=True)
class PartnerState:
    partner_id: int
    partner_name: str
    acknowledged_revision: int
    active: bool
    current_revision: int
    failed: bool
    error: str

    @property
    def up_to_date(self) -> bool:
        return self.acknowledged_revision >= self.current_revision


def partner_states_for_products(product_ids) -> dict[int, list[PartnerState]]:
    """{product id: [PartnerState per partner that holds or was sent the listing]} in one query."""
    rows = (
        ListingSync.objects.filter(product_id__in=list(product_ids))
        .select_related("partner", "product")
        .order_by("product_id", "partner__name")
    )
    states: dict[int, list[PartnerState]] = {}
    for row in rows:
        states.setdefault(row.product_id, []).append(
            PartnerState(
                partner_id=row.partner_id,
                partner_name=row.partner.name,
                acknowledged_revision=row.acknowledged_revision,
                active=row.acknowledged_active,
                current_revision=row.product.revision,
                failed=row.failed_revision is not None and row.failed_revision >= row.product.revision,
                error=row.last_error,
            )
        )
    return states


def partner_counts(partner: PartnerPlatform) -> dict[str, int]:
    """Pending, failed and acknowledged listings of one partner (for its admin page)."""
    revision = F("product__revision")
    syncs = ListingSync.objects.filter(partner=partner)
    return {
        "pending": syncs_due(partner).count() + products_without_sync_row(partner).count(),
        "failed": syncs.filter(failed_revision__isnull=False, failed_revision__gte=revision).count(),
        "acknowledged": syncs.filter(acknowledged_revision__gte=revision).count(),
    }


def partner_differences(partner: PartnerPlatform, held: dict[str, dict]) -> list[str]:
    """Our published state against what a partner holds ({listing id: {"revision", "status"}}).
    Eligible listings must be held active at their current revision; no other listing may be held
    active. An empty list means converged (used by the fault tests and bench/sync)."""
    from linkage.adapters.native import listing_id

    eligible = dict(Product.objects.filter(eligible_q(partner)).values_list("pk", "revision"))
    differences = []
    for pk, revision in eligible.items():
        got = held.get(listing_id(pk))
        if got is None or got["status"] != "active" or got["revision"] != revision:
            differences.append(f"{pk}: want active r{revision}, partner has {got}")
    known = set(Product.objects.values_list("pk", flat=True))
    for key, got in held.items():
        pk = int(key.rsplit(":", 1)[1])
        if pk not in eligible and got["status"] == "active":
            differences.append(f"{pk}: must not be active at the partner (has {got})")
        if pk not in known:
            differences.append(f"{pk}: unknown listing held by the partner")
    return differences
