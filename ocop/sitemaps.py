"""sitemap.xml section of the OCOP certificates."""

from __future__ import annotations

from catalog.sitemaps import SiteSitemap
from ocop import selectors


class CertificateSitemap(SiteSitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return selectors.sitemap_certificates()

    def lastmod(self, certificate):
        return certificate.updated_at
