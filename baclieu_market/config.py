"""Reading configuration from the environment.

Every setting comes from an environment variable with a default that gives the embedded setup
(SQLite, a filesystem Celery broker, console e-mail, media on disk). Misconfiguration raises
ConfigError, which manage.py and wsgi.py turn into one clear line on stderr.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit


class ConfigError(Exception):
    """A configuration value is missing or malformed; the message names the variable."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off)")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not an integer") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def database_from_url(url: str, *, conn_max_age: int) -> dict:
    """Parse DATABASE_URL (postgres://, postgresql://, sqlite:///path) into a Django DATABASES entry."""
    import dj_database_url

    scheme = urlsplit(url).scheme
    if scheme not in {"postgres", "postgresql", "pgsql", "sqlite"}:
        raise ConfigError(
            f"DATABASE_URL has scheme {scheme!r}; expected postgres://user@host:port/name or sqlite:///path"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age, conn_health_checks=True)
    except (ValueError, KeyError, TypeError) as exc:
        raise ConfigError(f"DATABASE_URL is malformed: {exc}") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError("DATABASE_URL names no database (expected postgres://user@host:port/name)")
    if scheme == "sqlite":
        config["CONN_MAX_AGE"] = 0
        config.pop("CONN_HEALTH_CHECKS", None)
    else:
        # Django's PostgreSQL backend, with health checks skipped on connections used a moment ago.
        config["ENGINE"] = "core.db.postgresql"
    return config


def check_url(name: str, url: str, schemes: set[str]) -> str:
    scheme = urlsplit(url).scheme
    if scheme not in schemes:
        raise ConfigError(f"{name}={url!r} has scheme {scheme!r}; expected one of {sorted(schemes)}")
    return url
