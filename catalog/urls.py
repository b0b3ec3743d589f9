from django.urls import path

from catalog import views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("san-pham/", views.product_list, name="list"),
    path("tim-kiem/", views.search, name="search"),
    path("danh-muc/<slug:slug>/", views.category, name="category"),
    path("san-pham/<slug:slug>/", views.product_detail, name="product"),
    path("nha-san-xuat/<slug:slug>/", views.producer_detail, name="producer"),
    path("quy-che/", views.regulations, name="regulations"),
]
