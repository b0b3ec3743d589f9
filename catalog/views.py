"""Public pages of the catalogue: parse the request, make one selector call, render."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from catalog import selectors
from catalog.caching import anonymous_page_cache
from core.urls import fixed_reverse


@require_GET
@anonymous_page_cache
def home(request):
    return render(request, "catalog/home.html", selectors.home_page())


@require_GET
@anonymous_page_cache
def product_list(request):
    catalogue = selectors.catalogue_page(request.GET, base_url=fixed_reverse("catalog:list"))
    return render(request, "catalog/product_list.html", {"catalogue": catalogue, "heading_kind": "list"})


@require_GET
@anonymous_page_cache
def search(request):
    catalogue = selectors.catalogue_page(request.GET, base_url=fixed_reverse("catalog:search"))
    return render(request, "catalog/product_list.html", {"catalogue": catalogue, "heading_kind": "search"})


@require_GET
@anonymous_page_cache
def category(request, slug: str):
    category = selectors.category_by_slug(slug)
    catalogue = selectors.catalogue_page(
        request.GET, base_url=reverse("catalog:category", kwargs={"slug": slug}), fixed={"category": slug}
    )
    return render(request, "catalog/product_list.html", {"catalogue": catalogue, "category": category, "heading_kind": "category"})


@require_GET
@anonymous_page_cache
def product_detail(request, slug: str):
    page = selectors.product_page(slug)
    return render(
        request, "catalog/product_detail.html", {"page": page, "product": page.product, "jsonld": selectors.product_structured_data(page)}
    )


@require_GET
@anonymous_page_cache
def producer_detail(request, slug: str):
    page = selectors.producer_page(slug)
    return render(request, "catalog/producer_detail.html", {"page": page, "member": page.member})


@require_GET
@anonymous_page_cache
def regulations(request):
    return render(request, "pages/regulations.html")


@require_GET
def robots_txt(request):
    return render(request, "pages/robots.txt", {"site_url": settings.SITE_URL}, content_type="text/plain; charset=utf-8")
