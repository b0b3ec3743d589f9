import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """URLs reversed by a test are the Vietnamese ones, whatever the previous request activated."""
    with translation.override("vi"):
        yield


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages computed afresh on each request so tests can read the context (facets and counts stay
    cached per listing version). tests/catalog/test_cache.py turns the page cache back on."""
    settings.CATALOG_PAGE_CACHE = False


@pytest.fixture(autouse=True)
def _cache_without_culling(settings):
    """The embedded file cache keeps at most 300 entries and culls a third at random, shared with every
    other process on the machine: tests that expect a hit would flake. Use an uncapped in-process cache
    instead (Redis, as under CI, is kept: it is the real thing)."""
    config = settings.CACHES["default"]
    if config["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                       "LOCATION": config["KEY_PREFIX"], "KEY_PREFIX": config["KEY_PREFIX"],
                                       "OPTIONS": {"MAX_ENTRIES": 1_000_000}}}
