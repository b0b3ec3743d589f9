"""Exchange format v1 (docs/exchange-format-v1.md): our own JSON shape of a listing."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from catalog.models import Product
from members.models import Member, MemberKind

ID_PREFIX = "urn:baclieu-market:product:"
MEMBER_ID_PREFIX = "urn:baclieu-market:member:"
NAMESPACE = "https://baclieu-market.example/ns/v1#"


def listing_id(product_id: int) -> str:
    return f"{ID_PREFIX}{product_id}"


def product_id_from_listing_id(value: str) -> int | None:
    if value.startswith(ID_PREFIX) and value[len(ID_PREFIX):].isdigit():
        return int(value[len(ID_PREFIX):])
    return None


def public_legal_id(member: Member) -> dict:
    """A tax code is public business data (Decree 52/2013 art. 29); a household's personal ID (CCCD) is not."""
    if member.kind == MemberKind.HOUSEHOLD_BUSINESS and len(member.legal_id) == 12:
        return {"kind": "personal_id", "value": None, "masked": "*" * 8 + member.legal_id[-4:]}
    kind = "branch_tax_code" if len(member.legal_id) == 13 else "tax_code"
    return {"kind": kind, "value": member.legal_id_display, "masked": None}


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


_URL_PATTERN: str | None = None


def canonical_url(product: Product) -> str:
    """The Vietnamese (default-language) page of the listing; the URL pattern is reversed once."""
    global _URL_PATTERN
    if _URL_PATTERN is None:
        with translation.override(settings.LANGUAGE_CODE):
            _URL_PATTERN = reverse("catalog:product", kwargs={"slug": "SLUG-PLACEHOLDER"})
    return absolute(_URL_PATTERN.replace("SLUG-PLACEHOLDER", product.slug))


def listing_v1(product: Product, *, active: bool, certificate=None) -> dict:
    """The native v1 listing. `product` comes from linkage.selectors.products_for_listing (related rows loaded)."""
    base = {
        "id": listing_id(product.pk),
        "revision": product.revision,
        "status": "active" if active else "withdrawn",
        "updated_at": product.updated_at.isoformat(),
        "url": canonical_url(product),
    }
    if not active:
        return base
    category, member, commune = product.category, product.member, product.commune
    group_root = category.parent if category.parent_id else category
    images = []
    loaded = getattr(product, "listing_images", None)
    for image in product.images.all() if loaded is None else loaded:
        name = image.thumbnails.get("960") or image.image.name
        images.append(absolute(f"{settings.MEDIA_URL}{name}"))
    ocop = None
    if certificate is not None:
        ocop = {
            "stars": certificate.stars,
            "decision_number": certificate.decision_number,
            "decision_date": certificate.decision_date.isoformat() if certificate.decision_date else None,
            "issuer": certificate.issuing_body,
            "issuing_level": certificate.issuing_level,
            "valid_until": certificate.valid_until.isoformat() if certificate.valid_until else None,
            "verification_url": absolute(certificate.get_absolute_url()) if _has_ocop_urls() else None,
        }
    province = commune.parent
    return {
        **base,
        "name": product.name,
        "description": product.description,
        "category": {
            "slug": category.slug,
            "name": category.name,
            "name_en": category.name_en,
            "ocop_group": category.ocop_group,
            "ocop_group_name": group_root.name,
        },
        "price_vnd": product.price,
        "unit": product.unit,
        "stock": product.stock,
        "gtin": product.gtin or None,
        "locality": {
            "code": commune.code,
            "name": commune.full_name,
            "province_code": province.code if province else None,
            "province": province.full_name if province else None,
            "former_districts": [d.name for d in commune.former_districts.all()],
        },
        "zone": product.zone,
        "producer": {
            "id": f"{MEMBER_ID_PREFIX}{member.pk}",
            "name": member.name,
            "kind": member.kind,
            "legal_id": public_legal_id(member),
        },
        "ocop": ocop,
        "images": images,
    }


_OCOP_URLS: bool | None = None


def _has_ocop_urls() -> bool:
    """The public certificate page exists once the ocop app wires its URLs; until then send no link."""
    global _OCOP_URLS
    if _OCOP_URLS is None:
        from django.urls import NoReverseMatch

        try:
            reverse("ocop:certificate", kwargs={"code": "X"})
            _OCOP_URLS = True
        except NoReverseMatch:
            _OCOP_URLS = False
    return _OCOP_URLS


def render(listing: dict) -> dict:
    return listing
