"""The Department's view of the linkage: per-partner figures, the delivery log, and the controls."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from linkage import services
from linkage.models import (
    Counter,
    Delivery,
    FeedEntry,
    Heartbeat,
    ListingSync,
    PartnerApiKey,
    PartnerOptOut,
    PartnerPlatform,
)
from linkage.selectors import partner_counts


class DeliveryInline(admin.TabularInline):
    model = Delivery
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["created_at", "delivery_id", "attempt", "items", "status", "http_status", "latency_ms", "error"]
    readonly_fields = fields
    ordering = ["-created_at"]
    verbose_name_plural = _("latest deliveries")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        recent = list(queryset.order_by("-created_at").values_list("pk", flat=True)[:20])
        return queryset.filter(pk__in=recent)


class ApiKeyInline(admin.TabularInline):
    model = PartnerApiKey
    extra = 0
    max_num = 0
    can_delete = False
    fields = ["prefix", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = fields


@admin.register(PartnerPlatform)
class PartnerPlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "exchange_format", "eligibility", "enabled", "paused", "pending", "failed",
                    "acknowledged", "lag", "circuit"]
    list_filter = ["enabled", "paused", "exchange_format", "eligibility"]
    search_fields = ["name", "base_url"]
    exclude = ["signing_secret", "previous_signing_secret"]
    readonly_fields = ["figures", "secret_rotated_at", "last_success_at", "consecutive_failures", "next_attempt_at",
                       "stats_updated_at"]
    filter_horizontal = ["categories"]
    inlines = [ApiKeyInline, DeliveryInline]
    actions = ["pause", "resume", "resync_all", "retry_failed", "rotate_secret", "issue_api_key"]

    def get_queryset(self, request):
        revision = F("syncs__product__revision")
        return (
            super().get_queryset(request).select_related("province").annotate(
                n_failed=Count("syncs", filter=Q(syncs__failed_revision__isnull=False, syncs__failed_revision__gte=revision)),
                n_acknowledged=Count("syncs", filter=Q(syncs__acknowledged_revision__gte=revision)),
            )
        )

    @admin.display(description=_("pending"), ordering="stats_pending")
    def pending(self, obj):
        return obj.stats_pending

    @admin.display(description=_("failed"))
    def failed(self, obj):
        return obj.n_failed

    @admin.display(description=_("acknowledged"))
    def acknowledged(self, obj):
        return obj.n_acknowledged

    @admin.display(description=_("lag"))
    def lag(self, obj):
        if not obj.stats_pending or not obj.stats_oldest_pending_at:
            return "–"
        seconds = int((timezone.now() - obj.stats_oldest_pending_at).total_seconds())
        return f"{seconds // 60} min {seconds % 60} s" if seconds >= 60 else f"{seconds} s"

    @admin.display(description=_("circuit"))
    def circuit(self, obj):
        if obj.paused:
            return _("paused")
        return _("open (probing)") if obj.circuit_open else _("closed")

    @admin.display(description=_("figures"))
    def figures(self, obj):
        if obj.pk is None:
            return "–"
        counts = partner_counts(obj)
        return _("%(pending)s pending, %(failed)s failed, %(acknowledged)s acknowledged") % counts

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "base_url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.partner_settings_changed(partner=form.instance)

    def save_model(self, request, obj, form, change):
        if not change and not obj.signing_secret:
            import secrets

            obj.signing_secret = secrets.token_urlsafe(32)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Pause the selected partners"), permissions=["change"])
    def pause(self, request, queryset):
        for partner in queryset:
            services.partner_pause(partner=partner)
        self.message_user(request, _("Paused."), messages.SUCCESS)

    @admin.action(description=_("Resume the selected partners"), permissions=["change"])
    def resume(self, request, queryset):
        for partner in queryset:
            services.partner_resume(partner=partner)
        self.message_user(request, _("Resumed."), messages.SUCCESS)

    @admin.action(description=_("Send every listing again"), permissions=["change"])
    def resync_all(self, request, queryset):
        total = sum(services.partner_resync_all(partner=partner) for partner in queryset)
        self.message_user(request, ngettext("%(count)d listing will be sent again.", "%(count)d listings will be sent again.",
                                            total) % {"count": total}, messages.SUCCESS)

    @admin.action(description=_("Retry the failed listings"), permissions=["change"])
    def retry_failed(self, request, queryset):
        total = sum(services.partner_retry_failed(partner=partner) for partner in queryset)
        self.message_user(request, ngettext("%(count)d failed listing will be retried.",
                                            "%(count)d failed listings will be retried.", total) % {"count": total},
                          messages.SUCCESS)

    @admin.action(description=_("Rotate the signing secret"), permissions=["change"])
    def rotate_secret(self, request, queryset):
        for partner in queryset:
            secret = services.partner_rotate_secret(partner=partner)
            self.message_user(
                request,
                _("New signing secret of %(partner)s (shown once; give it to the partner): %(secret)s") % {
                    "partner": partner.name, "secret": secret},
                messages.WARNING,
            )

    @admin.action(description=_("Issue an API key for the pull feed"), permissions=["change"])
    def issue_api_key(self, request, queryset):
        for partner in queryset:
            _key, raw = services.api_key_issue(partner=partner, name=f"{request.user}")
            self.message_user(
                request, _("API key of %(partner)s (shown once): %(key)s") % {"partner": partner.name, "key": raw},
                messages.WARNING,
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ListingSync)
class ListingSyncAdmin(ReadOnlyAdmin):
    list_display = ["partner", "product", "acknowledged_revision", "current_revision", "acknowledged_active", "state",
                    "attempts", "last_error", "updated_at"]
    list_filter = ["partner", "state", "acknowledged_active"]
    search_fields = ["product__name"]
    list_select_related = ["partner", "product"]
    raw_id_fields = ["product"]

    @admin.display(description=_("current revision"))
    def current_revision(self, obj):
        return obj.product.revision


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "partner", "delivery_id", "attempt", "items", "status", "http_status", "latency_ms", "error"]
    list_filter = ["partner", "status"]
    search_fields = ["delivery_id", "idempotency_key"]
    list_select_related = ["partner"]
    date_hierarchy = "created_at"


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(admin.ModelAdmin):
    list_display = ["partner", "prefix", "name", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["partner"]
    readonly_fields = ["partner", "prefix", "created_at", "last_used_at", "revoked_at"]
    fields = ["partner", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_select_related = ["partner"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # keys are issued from the partner list (the raw key is shown once)

    @admin.action(description=_("Revoke the selected keys"), permissions=["change"])
    def revoke(self, request, queryset):
        for key in queryset:
            services.api_key_revoke(key=key)
        self.message_user(request, _("Revoked."), messages.SUCCESS)


@admin.register(PartnerOptOut)
class PartnerOptOutAdmin(admin.ModelAdmin):
    list_display = ["member", "partner", "created_at"]
    list_filter = ["partner"]
    search_fields = ["member__name"]
    list_select_related = ["member", "partner"]
    raw_id_fields = ["member"]

    def save_model(self, request, obj, form, change):
        services.member_opt_out(member=obj.member, partner=obj.partner)

    def delete_model(self, request, obj):
        services.member_opt_in(member=obj.member, partner=obj.partner)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("member", "partner"):
            services.member_opt_in(member=obj.member, partner=obj.partner)


@admin.register(FeedEntry)
class FeedEntryAdmin(ReadOnlyAdmin):
    list_display = ["seq", "product", "revision"]
    list_select_related = ["product"]
    ordering = ["-seq"]


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    list_display = ["name", "beat_at"]


@admin.register(Counter)
class CounterAdmin(ReadOnlyAdmin):
    list_display = ["name", "value"]
