import pytest


@pytest.fixture(autouse=True)
def no_page_cache(settings):
    """Pages computed afresh on each request so tests can read the context (facets and counts stay
    cached per listing version). tests/catalog/test_cache.py turns the page cache back on."""
    settings.CATALOG_PAGE_CACHE = False
