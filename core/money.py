"""Money is whole Vietnamese đồng: no minor unit, shown as '125.000 ₫'."""

from __future__ import annotations


def format_vnd(amount: int | None) -> str:
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,}".replace(",", ".") + " ₫"
