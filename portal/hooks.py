"""Where the partner sync status of a listing comes from (the linkage app's data).

The linkage engineer provides `linkage.selectors.listing_sync_rows(product) -> list[dict]` with
{"partner": name, "label": "holds revision 3 of 4" ...}. Until it exists the portal says so.
"""

from __future__ import annotations

import importlib


def listing_sync_rows(product) -> list[dict] | None:
    try:
        selectors = importlib.import_module("linkage.selectors")
    except ImportError:
        return None
    provider = getattr(selectors, "listing_sync_rows", None)
    return None if provider is None else list(provider(product))
