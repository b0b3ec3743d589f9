"""Template helpers of the public catalogue: prices, dates, images, JSON-LD, language links."""

from __future__ import annotations

import contextlib
import functools
import json

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from catalog.selectors import format_price
from core.urls import url_scope

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
    memo = request.__dict__.setdefault("_language_urls", {})  # the page shows each link twice
    if code not in memo:
        memo[code] = _language_url(request, code)
    return memo[code]


@functools.lru_cache(maxsize=4096)
def _reverse_in(code: str, name: str, args: tuple, kwargs: tuple, prefix: str, urlconf: str) -> str:
    with translation.override(code):
        return reverse(name, args=args, kwargs=dict(kwargs), urlconf=urlconf)


def _language_url(request, code: str) -> str:
    path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    if match is not None and match.url_name:
        # The view's own match: reversing it in the other language needs no second resolve().
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        with contextlib.suppress(NoReverseMatch, TypeError):  # TypeError: an unhashable argument
            url = _reverse_in(code, name, tuple(match.args), tuple(sorted(match.kwargs.items())), *url_scope()[1:])
            query = request.META.get("QUERY_STRING", "")
            return f"{url}?{iri_to_uri(query)}" if query else url
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
    """Product cards from products or product ids, each card rendered once per listing version and
    language. With ids (a list page), cards already rendered need no product loaded at all."""
    from django.template.loader import get_template

    from catalog.caching import CacheUnavailable, cached_many, listing_version
    from catalog.selectors import card_queryset

    items = list(products)
    ids = [item if isinstance(item, int) else item.pk for item in items]
    given = {item.pk: item for item in items if not isinstance(item, int)}
    language = get_language() or ""
    found, store, keys = {}, None, {}
    if getattr(settings, "CATALOG_DATA_CACHE", True):
        try:
            version = listing_version()
            keys = {pk: f"catalog:card:{version}:{language}:{pk}" for pk in ids}
            found, store = cached_many(list(keys.values()))
        except CacheUnavailable:  # render every card
            found, store, keys = {}, None, {}
    missing = [pk for pk in ids if keys.get(pk) not in found and pk not in given]
    if missing:
        given.update(card_queryset().in_bulk(missing))
    template = get_template("catalog/_product_card.html")
    rendered, fresh = [], {}
    for pk in ids:
        html = found.get(keys.get(pk))
        if html is None:
            product = given.get(pk)
            if product is None:  # withdrawn between the page's query and this one
                continue
            html = template.render({"product": product})
            if keys:
                fresh[keys[pk]] = html
        rendered.append(html)
    if store is not None:
        store(fresh)
    return mark_safe("".join(rendered))  # noqa: S308 - rendered by our own autoescaping template
