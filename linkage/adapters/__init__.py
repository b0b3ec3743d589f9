"""Exchange formats: each partner's adapter is a configuration choice (PartnerPlatform.exchange_format).

Every adapter turns the native v1 listing (linkage.adapters.native.listing_v1) into its own shape and
can read back the identity of one of its items (stable id, revision, status): the partner sandbox
uses that to apply revisions whatever the format.
"""

from __future__ import annotations

from collections.abc import Callable

from linkage.adapters import dfc, native, schema_org

FORMATS: dict[str, Callable[[dict], dict]] = {
    "native-v1": native.render,
    "schema-org": schema_org.render,
    "dfc": dfc.render,
}
CONTENT_TYPES = {"native-v1": "application/json", "schema-org": "application/ld+json", "dfc": "application/ld+json"}


class UnknownFormat(ValueError):
    pass


def render(format_name: str, listing: dict) -> dict:
    try:
        adapter = FORMATS[format_name]
    except KeyError:
        raise UnknownFormat(format_name) from None
    return adapter(listing)


def identity(format_name: str, item: dict) -> tuple[str, int, str]:
    """(stable id, revision, status) of one item in the given format; ValueError when malformed."""
    if format_name == "native-v1":
        key_id, key_rev, key_status = "id", "revision", "status"
    elif format_name in FORMATS:
        key_id, key_rev, key_status = "blm:id", "blm:revision", "blm:status"
    else:
        raise UnknownFormat(format_name)
    if not isinstance(item, dict):
        raise ValueError("item is not an object")
    listing_id, revision, status = item.get(key_id), item.get(key_rev), item.get(key_status)
    if not isinstance(listing_id, str) or not listing_id:
        raise ValueError(f"missing {key_id}")
    if not isinstance(revision, int) or isinstance(revision, bool) or revision < 1:
        raise ValueError(f"{key_rev} must be a positive integer")
    if status not in ("active", "withdrawn"):
        raise ValueError(f"{key_status} must be 'active' or 'withdrawn'")
    return listing_id, revision, status
