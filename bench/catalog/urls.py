"""The site's URLs plus /bench/ok: a bare Django view, the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import path

from baclieu_market.urls import urlpatterns as site_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok), *site_urlpatterns]
