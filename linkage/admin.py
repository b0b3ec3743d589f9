from django.contrib import admin

from linkage.models import ListingSync, PartnerPlatform


@admin.register(PartnerPlatform)
class PartnerPlatformAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "base_url", "exchange_format", "eligibility", "enabled"]
    list_filter = ["enabled", "exchange_format", "eligibility"]
    search_fields = ["name", "base_url"]
    exclude = ["signing_secret", "previous_signing_secret"]


@admin.register(ListingSync)
class ListingSyncAdmin(admin.ModelAdmin):
    list_display = ["partner", "product", "acknowledged_revision", "state", "attempts", "updated_at"]
    list_filter = ["partner", "state"]
    search_fields = ["product__name"]
    list_select_related = ["partner", "product"]
    raw_id_fields = ["product"]
