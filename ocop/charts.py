"""Server-rendered SVG bar charts (no JavaScript, no external library)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    css_class: str = ""


def bar_chart(bars: list[Bar], *, title: str, width: int = 640, bar_height: int = 26, label_width: int = 170) -> SafeString:
    """A horizontal bar chart as inline SVG, with a <title> for assistive technology."""
    top = max((b.value for b in bars), default=0) or 1
    gap = 8
    height = len(bars) * (bar_height + gap) + gap
    plot = width - label_width - 60
    rows = []
    for i, bar in enumerate(bars):
        y = gap + i * (bar_height + gap)
        length = round(plot * bar.value / top)
        rows.append((
            label_width - 8, round(y + bar_height * 0.68), bar.label,
            bar.css_class or "bar", label_width, y, max(length, 1), bar_height,
            label_width + length + 6, round(y + bar_height * 0.68), bar.value,
        ))
    body = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="end" class="chart-label">{}</text>'
        '<rect class="{}" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text x="{}" y="{}" class="chart-value">{}</text>',
        rows,
    )
    return format_html(
        '<svg class="chart" role="img" aria-label="{}" viewBox="0 0 {} {}" width="100%" preserveAspectRatio="xMinYMin meet">'
        "<title>{}</title>{}</svg>",
        title, width, height, title, body,
    )
