from django.urls import path

from ocop import views

app_name = "ocop"

urlpatterns = [
    path("", views.registry, name="registry"),
    path("chung-nhan/<slug:code>/", views.certificate, name="certificate"),
    path("thong-ke/", views.statistics, name="statistics"),
]
