"""Template helpers of the public catalogue: prices, dates, images, JSON-LD, language links."""

from __future__ import annotations

import contextlib
import json

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalog.selectors import format_price

register = template.Library()

_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def price(amount):
    """'125.000 ₫' in Vietnamese, '125,000 ₫' in English."""
    try:
        return format_price(int(amount))
    except (TypeError, ValueError):
        return ""


@register.filter
def localdate(value):
    """A date in the active language: '15/10/2025' (vi), '15 Oct 2025' (en)."""
    if not value:
        return ""
    if (get_language() or "vi").startswith("en"):
        return value.strftime("%-d %b %Y")
    return value.strftime("%d/%m/%Y")


@register.filter
def jsonld(data) -> str:
    """A dict as JSON safe inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308 - escaped above


@register.filter
def srcset(image) -> str:
    """'…-320.webp 320w, …-640.webp 640w' from an image's generated thumbnails."""
    thumbs = image.thumbnails or {}
    return ", ".join(f"{settings.MEDIA_URL}{path} {width}w" for width, path in sorted(thumbs.items(), key=lambda kv: int(kv[0])))


@register.filter
def card_image(product):
    """A product card's first image: from `card_images` (card_queryset), else through the relation."""
    images = getattr(product, "card_images", None)
    if images is None:
        images = product.images.all()
    return images[0] if images else None


@register.filter
def thumb_url(image, width: int = 320) -> str:
    """The smallest thumbnail at least `width` wide (or the largest there is, or the original)."""
    thumbs = sorted(((int(w), p) for w, p in (image.thumbnails or {}).items()))
    for w, path in thumbs:
        if w >= int(width):
            return f"{settings.MEDIA_URL}{path}"
    if thumbs:
        return f"{settings.MEDIA_URL}{thumbs[-1][1]}"
    return image.image.url


@register.simple_tag(takes_context=True)
def language_url(context, code: str) -> str:
    """The current page in another language (/… for Vietnamese, /en/… for English), query kept."""
    request = context.get("request")
    if request is None:
        return "/" if code == settings.LANGUAGE_CODE else f"/{code}/"
    path = request.get_full_path()
    translated = translate_url(path, code)
    if translated != path or code == get_language():
        return translated
    # Unresolvable path (e.g. a 404): switch the prefix by hand.
    bare = path[3:] if path.startswith("/en/") else path
    return bare if code == settings.LANGUAGE_CODE else f"/{code}{bare}"


@register.simple_tag
def star_icons(stars) -> str:
    try:
        count = int(stars)
    except (TypeError, ValueError):
        return ""
    return format_html('<span class="stars" aria-hidden="true">{}</span>', "★" * count)


@register.simple_tag(takes_context=True)
def absolute(context, path: str) -> str:
    return f"{settings.SITE_URL}{path}"


@register.simple_tag
def catalogue_page_url(catalogue, number) -> str:
    from catalog.selectors import page_url

    return page_url(catalogue, int(number))


@register.simple_tag
def product_cards(products) -> str:
    """Product cards, each rendered once per listing version and language (one cache round trip)."""
    from django.core.cache import cache
    from django.template.loader import get_template

    from catalog.caching import PAGE_TIMEOUT, versioned_key

    products = list(products)
    language = get_language() or ""
    use_cache = getattr(settings, "CATALOG_DATA_CACHE", True)
    try:
        keys = {p.pk: versioned_key("card", language, str(p.pk)) for p in products} if use_cache else {}
        found = cache.get_many(list(keys.values())) if keys else {}
    except Exception:  # cache unreachable: render every card
        use_cache, keys, found = False, {}, {}
    template = get_template("catalog/_product_card.html")
    rendered, missing = [], {}
    for product in products:
        html = found.get(keys.get(product.pk))
        if html is None:
            html = template.render({"product": product})
            if use_cache:
                missing[keys[product.pk]] = html
        rendered.append(html)
    if missing:
        with contextlib.suppress(Exception):  # an unreachable cache only costs speed
            cache.set_many(missing, PAGE_TIMEOUT)
    return mark_safe("".join(rendered))  # noqa: S308 - rendered by our own autoescaping template
