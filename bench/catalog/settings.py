"""Benchmark settings: the site's own settings plus a bare view, switches for the caches."""

from baclieu_market.config import env_bool
from baclieu_market.settings import *  # noqa: F403

ROOT_URLCONF = "bench.catalog.urls"
DEBUG = False
CATALOG_PAGE_CACHE = env_bool("CATALOG_PAGE_CACHE", True)
CATALOG_DATA_CACHE = env_bool("CATALOG_DATA_CACHE", True)
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
