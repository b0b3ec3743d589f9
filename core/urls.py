"""URL helpers shared by the apps."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


def url_scope() -> tuple[str | None, str, str]:
    """What a URL without arguments depends on: the language, the script prefix, the URLconf."""
    return get_language(), get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF


@functools.lru_cache(maxsize=1024)
def _reversed(name: str, language: str | None, prefix: str, urlconf: str) -> str:
    return reverse(name, urlconf=urlconf)


def fixed_reverse(name: str) -> str:
    """`reverse(name)` for a URL without arguments, computed once per language (and process)."""
    return _reversed(name, *url_scope())
