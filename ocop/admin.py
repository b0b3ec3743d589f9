from django.contrib import admin

from ocop.models import Certificate


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["product", "stars", "decision_number", "decision_date", "valid_until", "issuing_level", "status"]
    list_filter = ["status", "stars", "issuing_level", "product_group"]
    search_fields = ["decision_number", "code", "product__name", "product__member__name"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]
    readonly_fields = ["code", "valid_until", "created_at", "updated_at"]
