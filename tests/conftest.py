"""Shared fixtures. The database is real (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from __future__ import annotations

import os
import shutil
import uuid

import pytest
from django.db import transaction
from django.utils import translation

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright need it

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium. Locally they skip without it; under CI they must run."""
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    browser_items = [item for item in items if "browser" in item.keywords]
    if browser_items and IN_CI:
        raise pytest.UsageError(f"CI must run the browser tests, but Chromium is missing at {CHROMIUM}")
    for item in browser_items:
        item.add_marker(pytest.mark.skip(reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _isolated_side_effects(settings, tmp_path):
    """Each test gets its own media folder, its own cache namespace, and e-mail kept in memory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex[:12]}"} for name, config in settings.CACHES.items()
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _vietnamese_by_default():
    """URLs reversed by a test are the Vietnamese ones, whatever the previous request activated."""
    with translation.override("vi"):
        yield


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


@pytest.fixture(autouse=True)
def _celery_eager():
    """Tasks run in-process unless a test starts a real worker (the linkage fault tests do)."""
    from baclieu_market.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager, app.conf.task_eager_propagates = True, True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def demo_data(db):
    """The whole demo data set (without images, for speed) inside this test's transaction."""
    from demo.seed import seed_demo

    return seed_demo(with_images=False)


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """Demo data seeded once for a module of read-only tests, rolled back after the module."""
    from demo.seed import seed_demo

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo(with_images=False)
        yield
        transaction.set_rollback(True)
