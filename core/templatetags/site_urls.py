"""`{% fixed_url name %}`: `{% url name %}` for URLs without arguments, reversed once per language.

The site's header and footer link to a dozen such pages on every page; reversing each costs tens of
microseconds every time, while the answer only changes with the language, the script prefix and the
URLconf (all part of the memo's key).
"""

from __future__ import annotations

import functools

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

register = template.Library()


@functools.lru_cache(maxsize=1024)
def _reversed(name: str, language: str | None, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
