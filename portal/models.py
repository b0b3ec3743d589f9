from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from members.storage import private_storage


class ImportStatus(models.TextChoices):
    VALIDATING = "validating", _("validating")
    INVALID = "invalid", _("has errors")
    READY = "ready", _("ready to import")
    RUNNING = "running", _("importing")
    DONE = "done", _("imported")
    FAILED = "failed", _("failed")


class ListingImport(models.Model):
    """A bulk import of listings from an XLSX or CSV file: validated as a whole before anything is saved."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="imports", verbose_name=_("member"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    file = models.FileField(_("file"), upload_to="imports/", storage=private_storage, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    status = models.CharField(_("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.VALIDATING)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows processed"), default=0)
    # [{"row": 3, "column": "price", "message": "..."}]
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("listing import")
        verbose_name_plural = _("listing imports")

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        return round(100 * self.processed_rows / self.total_rows) if self.total_rows else 0
