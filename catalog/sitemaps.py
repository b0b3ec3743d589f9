"""sitemap.xml sections of the catalogue: products, producers, categories (both languages)."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog import selectors
from catalog.models import Category


class SiteSitemap(Sitemap):
    """Absolute URLs on SITE_URL (not the sites framework's placeholder domain), in vi and en."""

    i18n = True
    alternates = True
    x_default = True
    limit = 10000

    @property
    def protocol(self) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class ProductSitemap(SiteSitemap):
    changefreq = "weekly"
    priority = 0.8

    def items(self):
        return selectors.sitemap_products()

    def lastmod(self, product):
        return product.updated_at


class ProducerSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.6

    def items(self):
        return selectors.sitemap_producers()

    def location(self, member):
        return reverse("catalog:producer", kwargs={"slug": member.slug})

    def lastmod(self, member):
        return member.updated_at


class CategorySitemap(SiteSitemap):
    changefreq = "daily"
    priority = 0.7

    def items(self):
        return Category.objects.order_by("position", "id")

    def location(self, category):
        return reverse("catalog:category", kwargs={"slug": category.slug})


class PageSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["catalog:home", "catalog:list", "catalog:regulations", "ocop:registry", "ocop:statistics"]

    def location(self, name):
        return reverse(name)

