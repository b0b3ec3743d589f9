from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from catalog.sitemaps import CategorySitemap, PageSitemap, ProducerSitemap, ProductSitemap
from catalog.views import robots_txt
from core.views import healthz
from ocop.sitemaps import CertificateSitemap
from portal.sites import portal_site

SITEMAPS = {"pages": PageSitemap, "categories": CategorySitemap, "producers": ProducerSitemap,
            "products": ProductSitemap, "certificates": CertificateSitemap}

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"}, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("api/v1/", include("linkage.api_urls")),
]

# Vietnamese at /, English at /en/: every page has a shareable URL per language.
urlpatterns += i18n_patterns(
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("members/", include("members.urls")),
    path("portal/", portal_site.urls),
    path("ocop/", include("ocop.urls")),
    path("", include("catalog.urls")),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]
