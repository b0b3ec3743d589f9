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
