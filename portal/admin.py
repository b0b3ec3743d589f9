"""The producers' panel: listings, images and the team, scoped to the user's own member(s)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from catalog import services as catalog_services
from catalog.models import Category, Product, ProductImage, ProductStatus
from core.money import format_vnd
from linkage.portal import PartnerSyncInline
from members import services as member_services
from members.audit import client_ip
from members.models import AdministrativeUnit, Member, Membership, MembershipRole
from members.uploads import check_image
from portal.models import ListingImport
from portal.scoping import active_member_ids, member_ids, owned_member_ids
from portal.sites import portal_site


class MemberScopedAdmin(admin.ModelAdmin):
    """Permissions come from membership, never from Django's model permissions (members are not staff)."""

    def scoped(self, request, queryset):
        return queryset.filter(member__in=member_ids(request))

    def get_queryset(self, request):
        return self.scoped(request, super().get_queryset(request))

    def _member_id_of(self, obj) -> int:
        return obj.member_id

    def has_module_permission(self, request):
        return bool(member_ids(request))

    def has_view_permission(self, request, obj=None):
        return bool(member_ids(request)) and (obj is None or self._member_id_of(obj) in member_ids(request))

    def has_add_permission(self, request):
        return bool(active_member_ids(request))

    def has_change_permission(self, request, obj=None):
        return bool(active_member_ids(request)) and (obj is None or self._member_id_of(obj) in active_member_ids(request))

    def has_delete_permission(self, request, obj=None):
        return False

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Another member's object (or none at all): the same plain 404, never a hint that it exists.
        raise Http404

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.remote_field.model is Member:
            kwargs["queryset"] = Member.objects.filter(pk__in=active_member_ids(request))
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# --- Listings -----------------------------------------------------------------------------------
class ProductImageForm(forms.ModelForm):
    class Meta:
        model = ProductImage
        fields = ["image", "alt_text", "position"]

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            check_image(upload)
        return upload


class PortalPartnerSyncInline(PartnerSyncInline):
    """Which partners hold which revision of the listing (linkage's data, read-only).

    Members have no Django model permissions; the parent listing is already scoped to their member(s)
    (the inline's own queryset is asked with obj=None, then filtered by the parent product).
    """

    def has_view_permission(self, request, obj=None):
        return obj is None or obj.member_id in member_ids(request)


class ProductImageInline(admin.TabularInline):
    model = ProductImage
    form = ProductImageForm
    extra = 1
    fields = ["preview", "image", "alt_text", "position"]
    readonly_fields = ["preview"]

    @admin.display(description=_("preview"))
    def preview(self, obj):
        if not obj.pk or not obj.image:
            return "—"
        thumb = obj.thumbnails.get("320") or obj.image.name
        from django.core.files.storage import default_storage

        return format_html('<img src="{}" alt="{}" width="96">', default_storage.url(thumb), obj.alt_text)

    def has_view_permission(self, request, obj=None):
        return True

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.member_id in active_member_ids(request)

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.member_id in active_member_ids(request)

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.member_id in active_member_ids(request)


class PortalProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = ["member", "name", "category", "description", "price", "unit", "stock", "commune", "zone", "gtin"]

    def clean_gtin(self):
        return (self.cleaned_data.get("gtin") or "").strip()


EDIT_RULE = _(
    "Price and stock changes go live at once. Changing the name, description, category, unit, locality, zone, "
    "GTIN or adding an image sends a published listing back to the Department for review: it leaves the public "
    "site until it is published again."
)


@admin.register(Product, site=portal_site)
class PortalProductAdmin(MemberScopedAdmin):
    form = PortalProductForm
    inlines = [ProductImageInline, PortalPartnerSyncInline]
    list_display = ["name", "price_display", "stock", "status", "status_reason", "revision", "partners", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["member"]
    readonly_fields = ["status", "status_reason", "revision", "published_at"]
    actions = ["submit_for_review", "withdraw"]

    def get_inlines(self, request, obj):
        # Partner sync rows exist only for a saved listing.
        return [ProductImageInline] if obj is None else self.inlines

    def get_fieldsets(self, request, obj=None):
        main = ["member", "name", "category", "description", "price", "unit", "stock", "commune", "zone", "gtin"]
        if (len(active_member_ids(request)) <= 1 and obj is None) or obj is not None:
            main.remove("member")
        sets = [(None, {"fields": main, "description": EDIT_RULE})]
        if obj is not None:
            sets.append((_("Moderation"), {"fields": ["status", "status_reason", "revision", "published_at"]}))
        return sets

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "commune" in form.base_fields:
            form.base_fields["commune"].queryset = AdministrativeUnit.objects.communes().order_by("name")
        if "category" in form.base_fields:
            form.base_fields["category"].queryset = Category.objects.filter(parent__isnull=False).select_related("parent")
        return form

    @admin.display(description=_("price"), ordering="price")
    def price_display(self, obj):
        return format_vnd(obj.price)

    def get_queryset(self, request):
        # Partner sync summary for the list in the same query: partners holding the current revision / all.
        return super().get_queryset(request).annotate(
            partners_total=Count("syncs", distinct=True),
            partners_current=Count("syncs", filter=Q(syncs__acknowledged_revision__gte=F("revision")), distinct=True),
        )

    @admin.display(description=_("partners up to date"))
    def partners(self, obj):
        if not obj.partners_total:
            return "–"
        return f"{obj.partners_current}/{obj.partners_total}"

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        if not change:
            member = data.get("member") or Member.objects.get(pk=active_member_ids(request)[0])
            if member.pk not in active_member_ids(request):
                raise Http404
            created = catalog_services.product_create(
                member=member, category=data["category"], name=data["name"], price=data["price"], unit=data["unit"],
                commune=data["commune"], zone=data["zone"], description=data.get("description", ""),
                stock=data.get("stock") or 0, gtin=data.get("gtin", ""),
            )
            obj.pk = created.pk
            obj._state.adding = False
            obj.refresh_from_db()
            return
        fields = [f for f in form.changed_data if f in catalog_services.COMMERCIAL_FIELDS + catalog_services.MATERIAL_FIELDS]
        request._portal_was_published = obj.status == ProductStatus.PUBLISHED  # status is not a form field: as stored
        catalog_services.product_update(
            product=obj, actor=request.user, changes={f: data[f] for f in fields}, ip_address=client_ip(request)
        )
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        was_published = change and getattr(request, "_portal_was_published", False)
        super().save_related(request, form, formsets, change)
        if was_published and Product.objects.filter(pk=form.instance.pk, status=ProductStatus.SUBMITTED).exists():
            self.message_user(request, _("The change needs the Department's review: the listing is hidden until it is published again."),
                              messages.WARNING)

    def save_formset(self, request, form, formset, change):
        if formset.model is not ProductImage:
            return super().save_formset(request, form, formset, change)
        product = form.instance
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for inline_form in formset.forms:
            if not hasattr(inline_form, "cleaned_data") or not inline_form.cleaned_data:
                continue
            image = inline_form.instance
            if formset.can_delete and formset._should_delete_form(inline_form):
                if image.pk:
                    catalog_services.product_image_delete(image=image)
                continue
            if image.pk is None:
                upload = inline_form.cleaned_data.get("image")
                if upload:
                    catalog_services.product_image_add(
                        product=product, upload=upload, alt_text=inline_form.cleaned_data.get("alt_text", ""),
                        position=inline_form.cleaned_data.get("position") or 0, actor=request.user,
                    )
            elif inline_form.has_changed():
                if "image" in inline_form.changed_data:
                    # Replacing the file of an image: a new image (reviewed), the old one removed.
                    catalog_services.product_image_add(
                        product=product, upload=inline_form.cleaned_data["image"],
                        alt_text=inline_form.cleaned_data.get("alt_text", ""), position=inline_form.cleaned_data.get("position") or 0,
                        actor=request.user,
                    )
                    catalog_services.product_image_delete(image=ProductImage.objects.get(pk=image.pk))
                else:
                    catalog_services.product_image_update(
                        image=ProductImage.objects.get(pk=image.pk), alt_text=inline_form.cleaned_data.get("alt_text", ""),
                        position=inline_form.cleaned_data.get("position") or 0,
                    )

    def _run(self, request, queryset, service, done_message):
        done, refused = 0, []
        for product in queryset.filter(member__in=active_member_ids(request)):
            try:
                service(product=product, actor=request.user, ip_address=client_ip(request))
                done += 1
            except catalog_services.ListingError as exc:
                refused.append(str(exc))
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)
        for message in refused:
            self.message_user(request, message, messages.ERROR)

    @admin.action(description=_("Submit for the Department's review"))
    def submit_for_review(self, request, queryset):
        self._run(request, queryset, catalog_services.product_submit,
                  lambda n: ngettext("%(n)d listing submitted for review.", "%(n)d listings submitted for review.", n) % {"n": n})

    @admin.action(description=_("Withdraw from the floor"))
    def withdraw(self, request, queryset):
        self._run(request, queryset, catalog_services.product_withdraw,
                  lambda n: ngettext("%(n)d listing withdrawn.", "%(n)d listings withdrawn.", n) % {"n": n})


# --- The team -----------------------------------------------------------------------------------
class InviteForm(forms.ModelForm):
    email = forms.EmailField(label=_("E-mail of the person to invite"))

    class Meta:
        model = Membership
        fields = ["member"]


@admin.register(Membership, site=portal_site)
class PortalMembershipAdmin(MemberScopedAdmin):
    list_display = ["user", "member", "role", "created_at"]
    list_select_related = ["user", "member"]
    actions = ["remove_staff"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = InviteForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        return ["member", "email"] if obj is None else ["user", "member", "role", "created_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "member", "role", "created_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "member":
            kwargs["queryset"] = Member.objects.filter(pk__in=owned_member_ids(request))
            kwargs["empty_label"] = None
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return bool(owned_member_ids(request))

    def has_change_permission(self, request, obj=None):
        return obj is None and bool(owned_member_ids(request))

    def save_model(self, request, obj, form, change):
        try:
            membership = member_services.membership_invite(
                member=form.cleaned_data["member"], inviter=request.user, email=form.cleaned_data["email"],
                ip_address=client_ip(request),
            )
        except member_services.MembershipError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = membership.pk
        obj._state.adding = False
        obj.refresh_from_db()

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except ValidationError as exc:
            self.message_user(request, " ".join(exc.messages), messages.ERROR)
            from django.shortcuts import redirect

            return redirect(request.path)

    @admin.action(description=_("Remove the selected staff users"))
    def remove_staff(self, request, queryset):
        removed = 0
        for membership in queryset.filter(member__in=owned_member_ids(request)).exclude(role=MembershipRole.OWNER):
            member_services.membership_remove(membership=membership, actor=request.user, ip_address=client_ip(request))
            removed += 1
        self.message_user(request, ngettext("%(n)d user removed.", "%(n)d users removed.", removed) % {"n": removed})


@admin.register(ListingImport, site=portal_site)
class PortalListingImportAdmin(MemberScopedAdmin):
    list_display = ["original_name", "member", "status", "total_rows", "created_at"]
    list_select_related = ["member"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "title": _("Bulk imports")}
        return super().changelist_view(request, extra_context)


@admin.register(ListingImport)
class StaffListingImportAdmin(admin.ModelAdmin):
    """The Department sees members' bulk imports (read-only)."""

    list_display = ["original_name", "member", "created_by", "status", "total_rows", "processed_rows", "created_at"]
    list_filter = ["status"]
    list_select_related = ["member", "created_by"]
    search_fields = ["original_name", "member__name"]
    exclude = ["file"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
