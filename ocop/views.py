"""The public OCOP registry: list, certificate verification, statistics."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_GET

from catalog.caching import anonymous_page_cache, cached_data
from ocop import selectors
from ocop.charts import Bar, bar_chart


@require_GET
@anonymous_page_cache
def registry(request):
    return render(request, "ocop/registry.html", {"registry": selectors.registry_page(request.GET)})


@require_GET
@anonymous_page_cache
def certificate(request, code: str):
    return render(request, "ocop/certificate.html", {"verification": selectors.certificate_verification(code)})


@require_GET
@anonymous_page_cache
def statistics(request):
    stats = cached_data("ocop-statistics", (str(timezone.localdate()),), selectors.ocop_statistics)
    star_chart = bar_chart(
        [Bar(ngettext("%(stars)s star", "%(stars)s stars", s) % {"stars": s}, n, f"bar bar-{s}") for s, n in stats.by_stars.items()],
        title=gettext("OCOP products by stars"),
    )
    district_chart = bar_chart(
        [Bar(district.name, total) for district, _per_star, total in stats.by_district],
        title=gettext("OCOP products by former district"),
    )
    return render(request, "ocop/statistics.html", {"stats": stats, "star_chart": star_chart, "district_chart": district_chart})
