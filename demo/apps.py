from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Demo data for `make run` and the tests; sits above every app and is imported by none."""

    name = "demo"
    verbose_name = _("Demo data")
