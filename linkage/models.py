from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Product
from members.models import AdministrativeUnit


class ExchangeFormat(models.TextChoices):
    """How a partner wants a listing: the adapter is configuration, not code."""

    NATIVE_V1 = "native-v1", _("Exchange format v1 (JSON)")
    SCHEMA_ORG = "schema-org", _("schema.org JSON-LD")
    DFC = "dfc", _("Data Food Consortium JSON-LD")


class Eligibility(models.TextChoices):
    ALL = "all", _("all published listings of approved members")
    OCOP = "ocop", _("OCOP-certified listings only")
    CATEGORIES = "categories", _("chosen categories only")


class PartnerPlatform(models.Model):
    """Another province's trading floor that receives our listings and may pull them."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    province = models.ForeignKey(
        AdministrativeUnit, on_delete=models.PROTECT, related_name="partner_platforms", verbose_name=_("province")
    )
    base_url = models.URLField(_("base URL"), max_length=300)
    enabled = models.BooleanField(_("enabled"), default=True)
    exchange_format = models.CharField(_("exchange format"), max_length=20, choices=ExchangeFormat.choices, default=ExchangeFormat.NATIVE_V1)
    eligibility = models.CharField(_("eligibility"), max_length=12, choices=Eligibility.choices, default=Eligibility.ALL)
    categories = models.ManyToManyField("catalog.Category", blank=True, related_name="+", verbose_name=_("categories"))
    signing_secret = models.CharField(_("signing secret"), max_length=128)
    # During a rotation the partner may still verify with the previous secret.
    previous_signing_secret = models.CharField(_("previous signing secret"), max_length=128, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner platform")
        verbose_name_plural = _("partner platforms")

    def __str__(self) -> str:
        return self.name


class SyncState(models.TextChoices):
    PENDING = "pending", _("pending")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    FAILED = "failed", _("failed")


class ListingSync(models.Model):
    """What one partner has acknowledged of one listing; the sync loop converges on the product's revision."""

    partner = models.ForeignKey(PartnerPlatform, on_delete=models.CASCADE, related_name="syncs", verbose_name=_("partner"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="syncs", verbose_name=_("product"))
    acknowledged_revision = models.PositiveIntegerField(_("acknowledged revision"), default=0)
    # Whether the partner holds the listing as active (False once it acknowledged a withdrawal).
    acknowledged_active = models.BooleanField(_("active at the partner"), default=False)
    state = models.CharField(_("state"), max_length=12, choices=SyncState.choices, default=SyncState.PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("listing sync")
        verbose_name_plural = _("listing syncs")
        constraints = [
            models.UniqueConstraint(fields=["partner", "product"], name="listingsync_unique_partner_product"),
        ]
        indexes = [models.Index(fields=["partner", "state"], name="listingsync_partner_state")]

    def __str__(self) -> str:
        return f"{self.partner} ← {self.product} r{self.acknowledged_revision}"
