from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from members.models import AdministrativeUnit, FormerDistrict, Member, Membership, User


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
    autocomplete_fields = ["user"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "legal_id_display", "commune", "status", "created_at"]
    list_filter = ["status", "kind", "commune__former_districts"]
    search_fields = ["name", "legal_id", "representative", "email", "mobile"]
    list_select_related = ["commune"]
    readonly_fields = ["created_at", "updated_at", "approved_at"]
    autocomplete_fields = ["commune"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "member", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__email", "member__name"]
    list_select_related = ["user", "member"]
    autocomplete_fields = ["user", "member"]
