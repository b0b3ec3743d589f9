from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from catalog import services
from catalog.models import Category, Product, ProductImage, ProductStatus
from members.admin_actions import ObjectActionsMixin, reason_action, run_per_object
from members.audit import client_ip


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "parent", "ocop_group", "position"]
    list_filter = ["ocop_group"]
    search_fields = ["name", "name_en"]
    prepopulated_fields = {"slug": ["name_en"]}


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    extra = 0
    fields = ["image", "alt_text", "position"]

    def get_readonly_fields(self, request, obj=None):
        return [] if request.user.is_superuser else self.fields

    def has_add_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class ModerationQueueFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("review", _("awaiting review")), ("public", _("on the public site"))]

    def queryset(self, request, queryset):
        if self.value() == "review":
            return queryset.filter(status=ProductStatus.SUBMITTED).order_by("updated_at")
        if self.value() == "public":
            return queryset.published()
        return queryset


@admin.register(Product)
class ProductAdmin(ObjectActionsMixin, admin.ModelAdmin):
    """The Department's listing moderation: publish, reject or take down, each with the member told why.

    Moderators read listings; they change them only through the actions (audited). Superusers may edit.
    """

    list_display = ["name", "member", "category", "price", "stock", "status", "ocop_stars", "revision", "updated_at"]
    list_filter = [ModerationQueueFilter, "status", "zone", "ocop_stars", "category"]
    search_fields = ["name", "slug", "member__name", "search_text"]
    list_select_related = ["member", "category"]
    readonly_fields = ["status", "status_reason", "revision", "ocop_stars", "created_at", "updated_at", "published_at"]
    autocomplete_fields = ["member", "commune"]
    inlines = [ProductImageInline]
    actions = ["publish", "reject", "takedown"]
    object_action_names = ("publish", "reject", "takedown")

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return self.readonly_fields
        return [f.name for f in Product._meta.fields if f.name not in ("id", "search_text")]

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Publish the selected listings"), permissions=["change"])
    def publish(self, request, queryset):
        ip = client_ip(request)
        run_per_object(
            self, request, queryset, lambda p: services.product_publish(product=p, actor=request.user, ip_address=ip),
            (services.ListingError,), gettext("%(n)d listing(s) published."),
        )

    @admin.action(description=_("Reject (reason required)"), permissions=["change"])
    def reject(self, request, queryset):
        return reason_action(
            self, request, queryset, action="reject", title=gettext("Reject listings"),
            prompt=gettext("The members will be told the reason by e-mail."),
            call=lambda p, reason, ip: services.product_reject(product=p, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.ListingError,), done_text=gettext("%(n)d listing(s) rejected."),
        )

    @admin.action(description=_("Take down at once (reason required)"), permissions=["change"])
    def takedown(self, request, queryset):
        return reason_action(
            self, request, queryset, action="takedown", title=gettext("Take listings down"),
            prompt=gettext("The listings leave the public site and partner platforms at once; the members are told the reason."),
            call=lambda p, reason, ip: services.product_takedown(product=p, actor=request.user, reason=reason, ip_address=ip),
            errors=(services.ListingError,), done_text=gettext("%(n)d listing(s) taken down."),
        )


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["product", "position", "alt_text", "width", "height"]
    search_fields = ["product__name", "alt_text"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]
