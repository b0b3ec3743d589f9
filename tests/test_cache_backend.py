"""The Redis cache backend keeps one Redis client per connection pool."""

import pytest
from django.core.cache import caches

from core.cache import RedisCache


def test_one_client_per_pool():
    backend = caches["default"]
    if not isinstance(backend, RedisCache):
        pytest.skip("the cache is not Redis here (REDIS_URL unset)")
    client = backend._cache
    assert client.get_client(write=True) is client.get_client(write=True)
    backend.set("core-cache-test", {"n": 1})
    assert backend.get("core-cache-test") == {"n": 1}
