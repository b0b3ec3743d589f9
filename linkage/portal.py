"""For the members' portal (wired by the portal app): which partners hold which revision of a listing,
and the member's consent per partner. Read-only for members; scoped by the portal's own querysets."""

from __future__ import annotations

from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from linkage import services
from linkage.models import ListingSync, PartnerOptOut


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


class _OptOutFormSet(BaseInlineFormSet):
    """Adding or removing a row goes through the consent services (which bump the listings' revisions,
    so the partner receives withdrawals — or the listings again — in order)."""

    def save_new(self, form, commit=True):
        services.member_opt_out(member=self.instance, partner=form.cleaned_data["partner"])
        return PartnerOptOut.objects.get(member=self.instance, partner=form.cleaned_data["partner"])

    def save_existing(self, form, obj, commit=True):
        return obj  # rows are added or removed, never edited

    def delete_existing(self, obj, commit=True):
        if commit:
            services.member_opt_in(member=obj.member, partner=obj.partner)


class PartnerOptOutInline(admin.TabularInline):
    """Add to the portal's own-business (Member) admin: the partner floors this member stays off."""

    model = PartnerOptOut
    fk_name = "member"
    formset = _OptOutFormSet
    extra = 0
    fields = ["partner", "created_at"]
    readonly_fields = ["created_at"]
    verbose_name = _("partner platform I do not want my listings on")
    verbose_name_plural = _("partner platforms I do not want my listings on")

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    # The portal's Member admin scopes the member to the user's own; rows are added or removed only.
    def has_view_permission(self, request, obj=None):
        return obj is not None

    def has_add_permission(self, request, obj=None):
        return obj is not None

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return obj is not None
