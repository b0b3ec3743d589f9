from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from members.reference_data import restore_after_flush

        post_migrate.connect(restore_after_flush, sender=self, dispatch_uid="members-reference-data")
