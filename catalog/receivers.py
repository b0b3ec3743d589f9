"""Signal receivers of the catalogue: keep cached public pages in step with the listings."""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from catalog.caching import bump_after_commit
from catalog.signals import listings_changed

# Models whose rows shoppers see on catalogue pages. Strings keep catalog from importing ocop.
WATCHED_MODELS = (
    "catalog.Product",
    "catalog.ProductImage",
    "catalog.Category",
    "members.Member",
    "ocop.Certificate",
)


def connect() -> None:
    listings_changed.connect(bump_after_commit, dispatch_uid="catalog-cache-listings-changed")
    for label in WATCHED_MODELS:
        post_save.connect(bump_after_commit, sender=label, dispatch_uid=f"catalog-cache-save-{label}")
        post_delete.connect(bump_after_commit, sender=label, dispatch_uid=f"catalog-cache-delete-{label}")
