from django.urls import path

from members import views

app_name = "members"

urlpatterns = [
    path("application/", views.application, name="application"),
    path("documents/<int:pk>/", views.document, name="document"),
]
