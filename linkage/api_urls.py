from django.urls import path

from linkage import api

app_name = "linkage_api"

urlpatterns = [
    path("listings", api.listings, name="listings"),
]
