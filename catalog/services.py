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


# --- Listing moderation -------------------------------------------------------------------------
# The rule for editing a listing (shown to members in the portal):
#   * price and stock are the member's commercial facts: a change applies at once, and a published
#     listing stays published (its revision is bumped so partners get the new figures);
#   * anything that changes what the product is — name, description, category, unit, locality,
#     production zone, GTIN, a new image — sends a published listing back to review: it leaves the
#     public site and partners until the Department publishes it again (no unreviewed content is shown);
#   * image order and alternative text apply at once (they do not change what is sold).
COMMERCIAL_FIELDS = ("price", "stock")
MATERIAL_FIELDS = ("name", "description", "category", "unit", "commune", "zone", "gtin")


class ListingError(Exception):
    """A moderation rule refused the action; the message is safe to show to the user."""


def _audit(**kwargs):
    from members.audit import audit_record

    return audit_record(**kwargs)


def _queue_listing_email(product_id: int, action: str) -> None:
    from catalog import tasks

    transaction.on_commit(lambda: tasks.send_listing_decision.delay(product_id, action))


def _locked(product: Product) -> Product:
    return Product.objects.select_for_update().select_related("member").get(pk=product.pk)


def _transition(
    product: Product, *, allowed_from: set[str], to: str, actor, action: str, reason: str = "", ip_address: str | None = None
) -> Product:
    from django.utils.translation import gettext as _

    locked = _locked(product)
    if locked.status not in allowed_from:
        raise ListingError(
            _("“%(name)s” is %(status)s; this action does not apply.") % {"name": locked.name, "status": locked.get_status_display()}
        )
    was_public = locked.status == ProductStatus.PUBLISHED
    before = {"status": locked.status, "status_reason": locked.status_reason}
    locked.status = to
    locked.status_reason = reason
    fields = ["status", "status_reason", "updated_at"]
    if to == ProductStatus.PUBLISHED:
        locked.published_at = timezone.now()
        fields.append("published_at")
    locked.save(update_fields=fields)
    _audit(actor=actor, action=action, obj=locked, reason=reason, ip_address=ip_address,
           changes={k: [v, getattr(locked, k)] for k, v in before.items() if v != getattr(locked, k)})
    if was_public or to == ProductStatus.PUBLISHED:
        products_bump_revision(product_ids=[locked.pk])
        locked.refresh_from_db(fields=["revision", "updated_at"])
    return locked


def _require_reason(reason: str) -> str:
    from django.utils.translation import gettext as _

    reason = (reason or "").strip()
    if not reason:
        raise ListingError(_("A reason is required: the member is told why."))
    return reason


@transaction.atomic
def product_submit(*, product: Product, actor, ip_address: str | None = None) -> Product:
    """The member asks the Department to review a draft, rejected or withdrawn listing."""
    from django.utils.translation import gettext as _

    from members.models import MemberStatus

    if Member.objects.filter(pk=product.member_id).values_list("status", flat=True).first() != MemberStatus.APPROVED:
        raise ListingError(_("Only an approved member can submit listings for review."))
    return _transition(product, allowed_from={ProductStatus.DRAFT, ProductStatus.REJECTED, ProductStatus.WITHDRAWN},
                       to=ProductStatus.SUBMITTED, actor=actor, action="listing.submit", ip_address=ip_address)


@transaction.atomic
def product_withdraw(*, product: Product, actor, ip_address: str | None = None) -> Product:
    """The member takes its own listing off the floor (or cancels a review request)."""
    return _transition(product, allowed_from={ProductStatus.PUBLISHED, ProductStatus.SUBMITTED},
                       to=ProductStatus.WITHDRAWN, actor=actor, action="listing.withdraw", ip_address=ip_address)


@transaction.atomic
def product_publish(*, product: Product, actor, ip_address: str | None = None) -> Product:
    product = _transition(product, allowed_from={ProductStatus.SUBMITTED}, to=ProductStatus.PUBLISHED,
                          actor=actor, action="listing.publish", ip_address=ip_address)
    _queue_listing_email(product.pk, "publish")
    return product


@transaction.atomic
def product_reject(*, product: Product, actor, reason: str, ip_address: str | None = None) -> Product:
    product = _transition(product, allowed_from={ProductStatus.SUBMITTED}, to=ProductStatus.REJECTED,
                          actor=actor, action="listing.reject", reason=_require_reason(reason), ip_address=ip_address)
    _queue_listing_email(product.pk, "reject")
    return product


@transaction.atomic
def product_takedown(*, product: Product, actor, reason: str, ip_address: str | None = None) -> Product:
    """The Department's 24-hour takedown duty: off the site and partners at once; the member is told why."""
    product = _transition(product, allowed_from={ProductStatus.PUBLISHED, ProductStatus.SUBMITTED}, to=ProductStatus.REJECTED,
                          actor=actor, action="listing.takedown", reason=_require_reason(reason), ip_address=ip_address)
    _queue_listing_email(product.pk, "takedown")
    return product


@transaction.atomic
def product_update(*, product: Product, actor, changes: dict, ip_address: str | None = None) -> Product:
    """Apply a member's edit under the rule above. `changes` maps field names to new values."""
    from django.utils.translation import gettext as _

    unknown = set(changes) - set(COMMERCIAL_FIELDS) - set(MATERIAL_FIELDS)
    if unknown:
        raise ListingError(_("These fields cannot be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = _locked(product)
    changed = {f: v for f, v in changes.items() if getattr(locked, f) != v}
    if not changed:
        return locked
    before = {f: getattr(locked, f) for f in changed}
    for field, value in changed.items():
        setattr(locked, field, value)
    material = [f for f in changed if f in MATERIAL_FIELDS]
    was_public = locked.status == ProductStatus.PUBLISHED
    fields = [*changed, "search_text", "updated_at"]
    if "name" in changed:
        locked.slug = unique_product_slug(locked.name, exclude_pk=locked.pk)
        fields.append("slug")
    if material and locked.status == ProductStatus.PUBLISHED:
        locked.status = ProductStatus.SUBMITTED
        locked.status_reason = ""
        fields += ["status", "status_reason"]
    locked.search_text = build_search_text(
        name=locked.name, member_name=locked.member.name, commune=locked.commune, description=locked.description
    )
    locked.full_clean()
    locked.save(update_fields=fields)
    if was_public:
        action = "listing.edit_material" if material else "listing.edit"
        after = {f: getattr(locked, f) for f in changed}
        _audit(actor=actor, action=action, obj=locked, ip_address=ip_address,
               changes={f: [before[f], after[f]] for f in changed} | (
                   {"status": [ProductStatus.PUBLISHED, ProductStatus.SUBMITTED]} if material else {}))
        products_bump_revision(product_ids=[locked.pk])
        locked.refresh_from_db(fields=["revision", "updated_at"])
    return locked


@transaction.atomic
def product_image_add(*, product: Product, upload, alt_text: str = "", position: int = 0, actor=None):
    """Check the file by content, store it under a random name, make thumbnails after commit.

    A new image changes what a shopper sees: a published listing goes back to review (rule above).
    """
    import secrets

    from catalog.models import ProductImage
    from members.uploads import check_image

    checked = check_image(upload)
    image = ProductImage(product=product, alt_text=(alt_text or "").strip()[:200], position=position)
    image.image.save(f"{secrets.token_hex(10)}.{checked.extension}", upload, save=False)
    image.save()
    locked = _locked(product)
    if locked.status == ProductStatus.PUBLISHED:
        locked.status = ProductStatus.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        _audit(actor=actor, action="listing.edit_material", obj=locked,
               changes={"images": [None, image.image.name], "status": [ProductStatus.PUBLISHED, ProductStatus.SUBMITTED]})
        products_bump_revision(product_ids=[locked.pk])
    from catalog import tasks

    transaction.on_commit(lambda: tasks.make_thumbnails.delay(image.pk))
    return image


@transaction.atomic
def product_image_update(*, image, alt_text: str, position: int):
    """Order and alternative text apply at once; a published listing's revision is bumped."""
    changed = [f for f, v in (("alt_text", alt_text.strip()[:200]), ("position", position)) if getattr(image, f) != v]
    if not changed:
        return image
    image.alt_text, image.position = alt_text.strip()[:200], position
    image.save(update_fields=changed)
    if Product.objects.filter(pk=image.product_id, status=ProductStatus.PUBLISHED).exists():
        products_bump_revision(product_ids=[image.product_id])
    return image


@transaction.atomic
def product_image_delete(*, image) -> None:
    from django.core.files.storage import default_storage

    product_id = image.product_id
    names = [image.image.name, *image.thumbnails.values()]
    image.delete()
    transaction.on_commit(lambda: [default_storage.delete(n) for n in names if n])
    if Product.objects.filter(pk=product_id, status=ProductStatus.PUBLISHED).exists():
        products_bump_revision(product_ids=[product_id])


def _on_member_visibility_changed(sender, member_id: int, **kwargs) -> None:
    """A suspended (or reinstated) member's published listings leave (or return to) the site and partners."""
    products_bump_revision(
        product_ids=Product.objects.filter(member_id=member_id, status=ProductStatus.PUBLISHED).values_list("pk", flat=True)
    )


def connect_receivers() -> None:
    from members.signals import member_visibility_changed

    member_visibility_changed.connect(_on_member_visibility_changed, dispatch_uid="catalog.member_visibility_changed")

