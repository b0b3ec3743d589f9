from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = _("Catalogue")

    def ready(self) -> None:
        # Cached public pages follow every listing change, in every process (web and worker).
        from catalog import receivers

        receivers.connect()

        # A member's suspension or reinstatement bumps its listings' revisions (partners withdraw them).
        from catalog.services import connect_receivers

        connect_receivers()

        from django.db.models.signals import post_migrate

        from catalog.reference_data import restore_after_flush

        post_migrate.connect(restore_after_flush, sender=self, dispatch_uid="catalog-reference-data")
