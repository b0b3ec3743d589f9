"""For the members' portal (wired by the portal app): which partners hold which revision of a listing,
and the member's consent per partner. Read-only for members; scoped by the portal's own querysets."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from linkage.models import ListingSync


class PartnerSyncInline(admin.TabularInline):
    """Add to the portal's Product admin: `inlines = [..., PartnerSyncInline]`."""

    model = ListingSync
    fk_name = "product"
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["partner", "acknowledged_revision", "current_revision", "held_as", "sync_state", "acknowledged_at"]
    readonly_fields = fields
    verbose_name = _("partner platform")
    verbose_name_plural = _("on partner platforms")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("partner", "product")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("current revision"))
    def current_revision(self, obj):
        return obj.product.revision

    @admin.display(description=_("held as"))
    def held_as(self, obj):
        if not obj.acknowledged_revision:
            return "–"
        return _("active") if obj.acknowledged_active else _("withdrawn")

    @admin.display(description=_("state"))
    def sync_state(self, obj):
        if obj.failed_revision is not None and obj.failed_revision >= obj.product.revision:
            return _("refused: %(error)s") % {"error": obj.last_error}
        if obj.acknowledged_revision >= obj.product.revision:
            return _("up to date")
        return _("waiting for delivery")
