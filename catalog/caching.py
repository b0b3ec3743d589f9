"""Caching of public catalogue pages, invalidated whenever a listing changes.

Every cached entry is keyed by a *listing version*. Any change a shopper could see (the
`listings_changed` signal, or a saved/deleted product, image, member, category or certificate) bumps
the version after the transaction commits, so every older entry becomes unreachable at once.
Correctness first: a request that read the old version before the commit can only store its page
under that old version, which nobody reads any more.

The cache is an accelerator, never a dependency: when it cannot be reached (Redis down), pages are
computed from the database as if nothing were cached, and the error is logged.

A versioned entry never changes once written (a change makes a new version, hence new keys), so each
process also keeps the entries it has read, for the version it last saw, in memory (`LocalEntries`): a page
then costs one cache round trip (the version) instead of one per entry, and no unpickling. Callers
must treat cached values as read-only.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import get_language

logger = logging.getLogger(__name__)

VERSION_KEY = "catalog:listing-version"
PAGE_TIMEOUT = getattr(settings, "CATALOG_PAGE_CACHE_SECONDS", 600)


# Read once per request (one cache round trip), so that every entry of a page uses the same version.
_request_version: ContextVar[int | None] = ContextVar("catalog_listing_version", default=None)


class CacheUnavailable(Exception):
    pass


def _fresh_version() -> int:
    # Milliseconds: a version created after an eviction or a restart never meets entries of an older one.
    return int(time.time() * 1000)


def listing_version() -> int:
    memo = _request_version.get()
    if memo is not None:
        return memo
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception as exc:
        logger.warning("catalogue cache unavailable: %s", exc.__class__.__name__)
        raise CacheUnavailable from exc
    if version is None:
        raise CacheUnavailable
    return int(version)


def bump_listing_version() -> None:
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there (evicted, restarted): a fresh version differs from every stored one
            cache.add(VERSION_KEY, _fresh_version(), timeout=None)
    except Exception as exc:
        # Entries expire after CATALOG_PAGE_CACHE_SECONDS at the latest; a Redis restart empties them.
        logger.error("could not invalidate the catalogue cache: %s", exc.__class__.__name__)


def bump_after_commit(**kwargs) -> None:
    transaction.on_commit(bump_listing_version)


def versioned_key(prefix: str, *parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"catalog:{prefix}:{listing_version()}:{digest}"


class LocalEntries:
    """This process's copy of the versioned entries it has read or written, for one version at a time.

    Keyed by the shared cache's key prefix and the versioned key (the version is part of it): seeing
    another version empties it. Bounded (least recently used out), thread-safe.
    """

    MAX_ENTRIES = 2000

    def __init__(self, max_entries: int = MAX_ENTRIES):
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[str, str], object] = OrderedDict()
        self._version: tuple[str, int] | None = None

    def _scope(self) -> tuple[str, int]:
        return (getattr(cache, "key_prefix", ""), listing_version())

    def get_many(self, keys: Iterable[str]) -> dict[str, object]:
        scope = self._scope()
        found = {}
        with self._lock:
            if scope != self._version:
                self._entries.clear()
                self._version = scope
                return found
            for key in keys:
                value = self._entries.get((scope[0], key))
                if value is not None:
                    self._entries.move_to_end((scope[0], key))
                    found[key] = value
        return found

    def set_many(self, values: dict[str, object]) -> None:
        scope = self._scope()
        with self._lock:
            if scope != self._version:
                self._entries.clear()
                self._version = scope
            for key, value in values.items():
                self._entries[(scope[0], key)] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)


_local = LocalEntries()


def cached_many(keys: list[str], timeout: int | None = None) -> tuple[dict[str, object], Callable[[dict[str, object]], None]]:
    """The stored values of versioned `keys` (this process's copy first, then the shared cache, in one
    round trip), and a function to store the missing ones. Raises CacheUnavailable."""
    found = _local.get_many(keys)
    wanted = [k for k in keys if k not in found]
    if wanted:
        try:
            shared = cache.get_many(wanted)
        except Exception as exc:
            logger.warning("catalogue cache unavailable: %s", exc.__class__.__name__)
            raise CacheUnavailable from exc
        _local.set_many(shared)
        found.update(shared)

    def store(values: dict[str, object]) -> None:
        if not values:
            return
        _local.set_many(values)
        try:
            cache.set_many(values, timeout or PAGE_TIMEOUT)
        except Exception as exc:
            logger.warning("catalogue cache unavailable: %s", exc.__class__.__name__)

    return found, store


def _versioned_value(prefix: str, parts: tuple[str, ...], compute: Callable[[], object], lookup: Callable) -> object:
    """The value stored under the versioned key of `prefix` and `parts`, computed and stored when
    missing. `lookup(keys)` gives the found values and a function to store new ones. Computed every
    time without the data cache or when the cache cannot be reached."""
    if not getattr(settings, "CATALOG_DATA_CACHE", True):
        return compute()
    try:
        key = versioned_key(prefix, *parts)
        found, store = lookup([key])
    except CacheUnavailable:
        return compute()
    value = found.get(key)
    if value is None:
        value = compute()
        with contextlib.suppress(CacheUnavailable):  # the version could not be read again: not kept
            store({key: value})
    return value


def cached_data(prefix: str, parts: tuple[str, ...], compute: Callable[[], object], timeout: int | None = None):
    """A value computed from the catalogue, cached until the listings change."""
    return _versioned_value(prefix, parts, compute, lambda keys: cached_many(keys, timeout))


def memoized(store: LocalEntries, prefix: str, parts: tuple[str, ...], compute: Callable[[], object]):
    """A value derived from versioned entries, kept by this process only (it may hold objects that
    do not pickle), for the current listing version."""
    return _versioned_value(prefix, parts, compute, lambda keys: (store.get_many(keys), store.set_many))


def _cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD") or not getattr(settings, "CATALOG_PAGE_CACHE", True):
        return False
    if "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return not (user is not None and user.is_authenticated)


def anonymous_page_cache(view):
    """Serve anonymous visitors a stored copy of the page while the listings are unchanged.

    A stored page carries the listing version it was rendered under; the version and the page are
    read in one round trip, and the page is served only if the versions match.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        token = _request_version.set(None)
        try:
            return _serve(request, *args, **kwargs)
        finally:
            _request_version.reset(token)

    def _serve(request, *args, **kwargs):
        if not _cacheable_request(request):
            with contextlib.suppress(CacheUnavailable):
                _request_version.set(listing_version())
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(f"{get_language()}\x1f{request.get_full_path()}".encode()).hexdigest()[:32]
        key = f"catalog:page:{digest}"
        try:
            found = cache.get_many([VERSION_KEY, key])
            version = found.get(VERSION_KEY)
            if version is None:
                version = listing_version()
        except Exception:
            logger.warning("catalogue cache unavailable: serving %s uncached", request.path)
            return view(request, *args, **kwargs)
        _request_version.set(int(version))
        stored = found.get(key)
        if stored is not None and stored[0] == version:
            response = HttpResponse(stored[1], content_type=stored[2])
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        # Never store a page that carries a CSRF token or sets a cookie: it belongs to one visitor.
        if response.status_code == 200 and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and not response.cookies:
            try:
                cache.set(key, (version, response.content, response["Content-Type"]), PAGE_TIMEOUT)
            except Exception as exc:
                logger.warning("catalogue cache unavailable: %s", exc.__class__.__name__)
            response["X-Page-Cache"] = "miss"
        return response

    return wrapper
