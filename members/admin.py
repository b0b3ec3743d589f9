import csv

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import models
from django.http import StreamingHttpResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members import services
from members.admin_actions import ObjectActionsMixin, reason_action, run_per_object
from members.audit import client_ip
from members.models import (
    AdministrativeUnit,
    ApplicationDocument,
    AuditEntry,
    FormerDistrict,
    Member,
    Membership,
    MembershipApplication,
    User,
)

# The staff admin is the Department's workplace.
admin.site.site_header = _("Department of Industry and Trade · Bạc Liêu Market")
admin.site.site_title = _("Department admin")
admin.site.index_title = _("Moderation, members and the audit trail")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "full_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("full_name",)}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(FormerDistrict)
class FormerDistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "slug"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "full_name", "level", "parent"]
    list_filter = ["level", "former_districts"]
    search_fields = ["code", "name", "full_name", "former_commune_names"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Member)
class MemberAdmin(ObjectActionsMixin, admin.ModelAdmin):
    object_action_names = ("suspend", "reinstate")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "kind", "legal_id_display", "commune", "status", "created_at"]
    list_filter = ["status", "kind", "commune__former_districts"]
    search_fields = ["name", "legal_id", "representative", "email", "mobile"]
    list_select_related = ["commune"]
    # Status changes only through the actions (reason, e-mail, audit trail, listings hidden at once).
    readonly_fields = ["kind", "legal_id", "status", "status_reason", "created_at", "updated_at", "approved_at"]
    autocomplete_fields = ["commune"]
    exclude = ["slug"]
    inlines = [MembershipInline]
    actions = ["suspend", "reinstate"]

    def has_add_permission(self, request):
        # Members join through an application the Department approves.
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            return super().save_model(request, obj, form, change)
        fields = [f for f in form.changed_data if f in services.MEMBER_EDITABLE_FIELDS]
        services.member_update(member=obj, actor=request.user, changes={f: form.cleaned_data[f] for f in fields},
                               ip_address=client_ip(request))

    @admin.action(description=_("Suspend (hide the member and all its listings at once)"), permissions=["change"])
    def suspend(self, request, queryset):
        return reason_action(
            self, request, queryset, action="suspend", title=gettext("Suspend members"),
            prompt=gettext("These members and all their listings will be hidden from the public site and partner platforms at once."),
            call=lambda m, reason, ip: services.member_suspend(member=m, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.MembershipError,), done_text=gettext("%(n)d member(s) suspended."),
        )

    @admin.action(description=_("Reinstate"), permissions=["change"])
    def reinstate(self, request, queryset):
        return reason_action(
            self, request, queryset, action="reinstate", title=gettext("Reinstate members"),
            prompt=gettext("These members and their published listings will be shown again."), required=False,
            call=lambda m, reason, ip: services.member_reinstate(member=m, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.MembershipError,), done_text=gettext("%(n)d member(s) reinstated."),
        )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "member__name"]
    list_select_related = ["user", "member"]
    autocomplete_fields = ["user", "member"]


class ApplicationDocumentInline(admin.TabularInline):
    model = ApplicationDocument
    extra = 0
    fields = ["download", "content_type", "size", "uploaded_at"]
    readonly_fields = fields

    @admin.display(description=_("document"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("members:document", args=[obj.pk]), obj.original_name)

    def has_add_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ObjectActionsMixin, admin.ModelAdmin):
    """The Department's queue: oldest first; decisions only through the actions."""

    list_display = ["name", "kind", "legal_id_display", "commune", "status", "submitted_at", "applicant"]
    list_filter = ["status", "kind"]
    search_fields = ["name", "legal_id", "representative", "email", "applicant__email"]
    list_select_related = ["commune", "applicant"]
    ordering = ["submitted_at", "id"]
    inlines = [ApplicationDocumentInline]
    actions = ["approve", "reject", "request_changes"]
    object_action_names = ("approve", "request_changes", "reject")
    fields = [
        "status", "decision_reason", "applicant", "kind", "name", "legal_id", "checks", "business_registration_number",
        "business_registration_date", "representative", "mobile", "email", "address", "commune", "description",
        "member", "submitted_at", "decided_at", "decided_by",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("applicant", "commune", "member", "decided_by")

    @admin.display(description=_("checks"))
    def checks(self, obj):
        rows = [(gettext("legal identifier format and check digit"), gettext("valid"))]
        if Member.objects.filter(legal_id=obj.legal_id).exclude(pk=obj.member_id).exists():
            rows.append((gettext("registered member with the same identifier"), gettext("exists")))
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{}: {}</li>", rows))

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve (create the member)"), permissions=["change"])
    def approve(self, request, queryset):
        ip = client_ip(request)
        run_per_object(
            self, request, queryset,
            lambda a: services.application_approve(application=a, actor=request.user, ip_address=ip),
            (services.MembershipError,), gettext("%(n)d application(s) approved."),
        )

    @admin.action(description=_("Reject (reason required)"), permissions=["change"])
    def reject(self, request, queryset):
        return reason_action(
            self, request, queryset, action="reject", title=gettext("Reject applications"),
            prompt=gettext("The applicants will be told the reason by e-mail."),
            call=lambda a, reason, ip: services.application_reject(application=a, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.MembershipError,), done_text=gettext("%(n)d application(s) rejected."),
        )

    @admin.action(description=_("Ask for changes (reason required)"), permissions=["change"])
    def request_changes(self, request, queryset):
        return reason_action(
            self, request, queryset, action="request_changes", title=gettext("Ask applicants for changes"),
            prompt=gettext("The applicants will be told what to change by e-mail and can send the application again."),
            call=lambda a, reason, ip: services.application_request_changes(
                application=a, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.MembershipError,), done_text=gettext("%(n)d application(s) returned for changes."),
        )


@admin.register(ApplicationDocument)
class ApplicationDocumentAdmin(admin.ModelAdmin):
    """Read-only: documents arrive with applications and stay as evidence of what the Department checked."""

    list_display = ["original_name", "application", "content_type", "size", "uploaded_at", "download"]
    list_select_related = ["application"]
    search_fields = ["original_name", "application__name"]

    @admin.display(description=_("document"))
    def download(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("members:document", args=[obj.pk]), _("download"))

    def get_readonly_fields(self, request, obj=None):
        return ["application", "original_name", "content_type", "size", "uploaded_at", "download"]

    def get_fields(self, request, obj=None):
        return self.get_readonly_fields(request, obj)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _csv_safe(value) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas: neutralise them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class _Echo:
    def write(self, value):
        return value


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: no add, change or delete through any UI. Filter, search, export as CSV."""

    list_display = ["created_at", "actor_label", "action", "object_type", "object_repr", "short_reason", "ip_address"]
    list_filter = ["action", "object_type", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["actor_label", "object_repr", "object_id", "reason", "action"]
    date_hierarchy = "created_at"
    actions = ["export_csv"]
    list_per_page = 100
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("reason"))
    def short_reason(self, obj):
        return (obj.reason[:80] + "…") if len(obj.reason) > 80 else obj.reason

    def get_urls(self):
        urls = super().get_urls()
        return [path("export.csv", self.admin_site.admin_view(self.export_filtered), name="members_auditentry_export"), *urls]

    def _csv_response(self, queryset) -> StreamingHttpResponse:
        header = ["id", "created_at", "actor", "action", "object_type", "object_id", "object", "reason", "changes",
                  "ip_address", "prev_hash", "entry_hash"]
        writer = csv.writer(_Echo())

        def rows():
            yield "\ufeff" + writer.writerow(header)
            for e in queryset.order_by("id").iterator(chunk_size=2000):
                yield writer.writerow([_csv_safe(v) for v in (
                    e.pk, e.created_at.isoformat(), e.actor_label, e.action, e.object_type, e.object_id, e.object_repr,
                    e.reason, e.changes, e.ip_address, e.prev_hash, e.entry_hash)])

        response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        return response

    def export_filtered(self, request):
        """The whole changelist as filtered (every page), as CSV."""
        if not self.has_view_permission(request):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        return self._csv_response(changelist.get_queryset(request))

    @admin.action(description=_("Export the selected entries as CSV"), permissions=["view"])
    def export_csv(self, request, queryset):
        return self._csv_response(queryset)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "export_url": reverse("admin:members_auditentry_export") + (
            "?" + request.GET.urlencode() if request.GET else "")}
        if request.method == "GET":
            from members.audit import verify_chain

            if "verify" in request.GET:
                report = verify_chain()
                level = messages.SUCCESS if report.ok else messages.ERROR
                text = (gettext("The audit chain verifies: %(n)d entries.") % {"n": report.checked}) if report.ok else (
                    gettext("The audit chain is broken at entry %(id)s: %(problem)s") % {"id": report.broken_at, "problem": report.problem})
                self.message_user(request, text, level)
                from django.shortcuts import redirect

                return redirect(request.path)
        return super().changelist_view(request, extra_context)
