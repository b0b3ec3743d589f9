"""The partner-facing pull feed, /api/v1/listings: API key, cursor by change order, any format."""

from __future__ import annotations

import base64
import binascii
import time

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from linkage import adapters
from linkage.adapters.native import listing_v1
from linkage.selectors import EligibilityRules, current_certificate, feed_page, products_for_listing
from linkage.services import api_key_authenticate


class BadRequest(Exception):
    pass


def encode_cursor(seq: int) -> str:
    return base64.urlsafe_b64encode(f"v1:{seq}".encode()).decode().rstrip("=")


def decode_cursor(value: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        version, seq = raw.split(":", 1)
        if version != "v1" or not seq.isdigit():
            raise ValueError
        return int(seq)
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise BadRequest("Malformed cursor: pass back the next_cursor of a previous page, or omit since.") from None


def _error(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"error": message}, status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _rate_limited(key_pk: int) -> int:
    """Fixed one-minute window per key; returns seconds to wait, or 0."""
    window = int(time.time() // 60)
    name = f"linkage:rate:{key_pk}:{window}"
    cache.add(name, 0, timeout=70)
    try:
        count = cache.incr(name)
    except ValueError:
        cache.set(name, 1, timeout=70)
        count = 1
    return 0 if count <= settings.LINKAGE_PULL_RATE else 60 - int(time.time() % 60)


def _parse(request, default_format: str) -> tuple[int, int, str]:
    since_raw = request.GET.get("since", "")
    since = decode_cursor(since_raw) if since_raw else 0
    limit_raw = request.GET.get("limit", "100")
    if not limit_raw.isdigit() or not 1 <= int(limit_raw) <= settings.LINKAGE_PULL_MAX_LIMIT:
        raise BadRequest(f"limit must be an integer from 1 to {settings.LINKAGE_PULL_MAX_LIMIT}.")
    format_name = request.GET.get("format", default_format)
    if format_name not in adapters.FORMATS:
        raise BadRequest(f"Unknown format; use one of: {', '.join(adapters.FORMATS)}.")
    return since, int(limit_raw), format_name


@never_cache
@require_GET
def listings(request):
    header = request.headers.get("Authorization", "")
    raw = header[7:].strip() if header.lower().startswith("bearer ") else request.headers.get("X-Api-Key", "")
    key = api_key_authenticate(raw=raw) if raw else None
    if key is None:
        return _error(401, "Missing or invalid API key.", WWW_Authenticate='Bearer realm="baclieu-market"')
    wait = _rate_limited(key.pk)
    if wait:
        return _error(429, "Rate limit exceeded; retry later.", Retry_After=str(wait))
    try:
        since, limit, format_name = _parse(request, key.partner.exchange_format)
    except BadRequest as exc:
        return _error(400, str(exc))

    entries = feed_page(since=since, limit=limit)
    products = products_for_listing(e.product_id for e in entries)
    rules = EligibilityRules.for_partner(key.partner)
    items = []
    for entry in entries:
        product = products.get(entry.product_id)
        if product is None:
            continue
        certificate = current_certificate(product, rules.today)
        listing = listing_v1(product, active=rules.allows(product, certificate), certificate=certificate)
        items.append(adapters.render(format_name, listing))
    last = entries[-1].seq if entries else since
    return JsonResponse(
        {
            "format": format_name,
            "items": items,
            "next_cursor": encode_cursor(last),
            "has_more": len(entries) == limit,
        },
        json_dumps_params={"ensure_ascii": False},
        content_type="application/json; charset=utf-8",
    )
