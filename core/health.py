"""A registry for health checks that apps add without core importing them."""

from __future__ import annotations

from collections.abc import Callable

_CHECKS: dict[str, Callable[[], dict]] = {}


def register_check(name: str, check: Callable[[], dict]) -> None:
    """check() returns a dict with at least "ok": bool."""
    _CHECKS[name] = check


def extra_checks() -> list[tuple[str, Callable[[], dict]]]:
    return list(_CHECKS.items())
