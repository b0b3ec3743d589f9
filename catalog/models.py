from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models import AdministrativeUnit, Member, MemberStatus


class OcopGroup(models.TextChoices):
    """The six OCOP product groups (Decision 148/QĐ-TTg)."""

    FOOD = "food", _("Food")
    BEVERAGES = "beverages", _("Beverages")
    HERBAL = "herbal", _("Medicinal herbs and herbal products")
    HANDICRAFTS = "handicrafts", _("Handicrafts")
    ORNAMENTAL = "ornamental", _("Ornamental plants and animals")
    TOURISM = "tourism", _("Community and eco-tourism services")


class Category(models.Model):
    """A node of the category tree; the roots are the six OCOP groups, children their sub-groups."""

    name = models.CharField(_("name (Vietnamese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children", verbose_name=_("parent")
    )
    ocop_group = models.CharField(_("OCOP group"), max_length=20, choices=OcopGroup.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name


class Zone(models.TextChoices):
    """The province's three production ecosystems."""

    SALINE = "saline", _("saline water")
    BRACKISH = "brackish", _("brackish water")
    FRESH = "fresh", _("fresh water")


class ProductStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


class ProductQuerySet(models.QuerySet):
    def published(self):
        """Visible to the public: published, by an approved member."""
        return self.filter(status=ProductStatus.PUBLISHED, member__status=MemberStatus.APPROVED)

    def ocop(self):
        return self.filter(ocop_stars__isnull=False)

    def of_member(self, member_ids):
        return self.filter(member_id__in=member_ids)


class Product(models.Model):
    """A listing of a member producer."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="products", verbose_name=_("member"))
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products", verbose_name=_("category"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    description = models.TextField(_("description"), blank=True)
    price = models.PositiveBigIntegerField(_("price (VND)"), help_text=_("Whole Vietnamese đồng."))
    unit = models.CharField(_("unit"), max_length=60, help_text=_("e.g. 'hộp 500 g', 'chai 750 ml', 'kg'"))
    stock = models.PositiveIntegerField(_("stock"), default=0)
    commune = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="products", verbose_name=_("commune / ward")
    )
    zone = models.CharField(_("production zone"), max_length=10, choices=Zone.choices)
    gtin = models.CharField(_("GTIN"), max_length=14, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ProductStatus.choices, default=ProductStatus.DRAFT)
    status_reason = models.TextField(_("moderation reason"), blank=True)
    # Every change a partner or a shopper could see bumps the revision (architecture: sync converges on it).
    revision = models.PositiveIntegerField(_("revision"), default=1)
    # The current recognised OCOP star level, kept by the ocop app so lists can filter and sort cheaply.
    ocop_stars = models.PositiveSmallIntegerField(_("OCOP stars"), null=True, blank=True)
    # Name, producer, locality and description folded to ASCII (đ→d) for accent-insensitive search.
    search_text = models.TextField(_("search text"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ProductQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="product_status_published"),
            models.Index(fields=["status", "ocop_stars"], name="product_status_stars"),
            models.Index(fields=["status", "category"], name="product_status_category"),
            models.Index(fields=["status", "commune"], name="product_status_commune"),
            models.Index(fields=["status", "price"], name="product_status_price"),
            models.Index(fields=["member", "status"], name="product_member_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ocop_stars__isnull=True) | Q(ocop_stars__gte=3, ocop_stars__lte=5),
                name="product_ocop_stars_3_to_5",
            ),
            models.CheckConstraint(condition=Q(revision__gte=1), name="product_revision_positive"),
            models.CheckConstraint(condition=Q(gtin="") | Q(gtin__regex=r"^[0-9]{8,14}$"), name="product_gtin_digits"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("catalog:product", kwargs={"slug": self.slug})

    @property
    def in_stock(self) -> bool:
        return self.stock > 0


def product_image_path(instance: ProductImage, filename: str) -> str:
    return f"products/{instance.product_id}/{filename}"


class ProductImage(models.Model):
    """An image of a product; thumbnails (WebP, several widths) are generated with Pillow."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="images", verbose_name=_("product"))
    image = models.ImageField(_("image"), upload_to=product_image_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    alt_text = models.CharField(_("alternative text"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # {"320": "products/1/abc-320.webp", ...}: filled by catalog.images.generate_thumbnails.
    thumbnails = models.JSONField(_("thumbnails"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("product image")
        verbose_name_plural = _("product images")
        indexes = [models.Index(fields=["product", "position"], name="productimage_order")]

    def __str__(self) -> str:
        return self.alt_text or self.image.name
