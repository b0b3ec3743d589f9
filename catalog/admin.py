from django.contrib import admin

from catalog.models import Category, Product, ProductImage


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


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["name", "member", "category", "price", "stock", "status", "ocop_stars", "revision"]
    list_filter = ["status", "zone", "ocop_stars", "category"]
    search_fields = ["name", "slug", "member__name", "search_text"]
    list_select_related = ["member", "category"]
    readonly_fields = ["revision", "ocop_stars", "created_at", "updated_at", "published_at"]
    autocomplete_fields = ["member", "commune"]
    inlines = [ProductImageInline]


@admin.register(ProductImage)
class ProductImageAdmin(admin.ModelAdmin):
    list_display = ["product", "position", "alt_text", "width", "height"]
    search_fields = ["product__name", "alt_text"]
    list_select_related = ["product"]
    autocomplete_fields = ["product"]
