from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from catalog.models import OcopGroup, Product


class IssuingLevel(models.TextChoices):
    CENTRAL = "central", _("central (ministry)")
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district (before July 2025)")


class CertificateStatus(models.TextChoices):
    PENDING = "pending", _("pending recognition")
    RECOGNISED = "recognised", _("recognised")
    EXPIRED = "expired", _("expired")
    REVOKED = "revoked", _("revoked")
    SUPERSEDED = "superseded", _("superseded")


class CertificateQuerySet(models.QuerySet):
    def recognised(self):
        return self.filter(status=CertificateStatus.RECOGNISED)


class Certificate(models.Model):
    """An OCOP recognition: a decision with a number and a date, valid 36 months from that date."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("product"))
    code = models.SlugField(_("verification code"), max_length=20, unique=True)
    stars = models.PositiveSmallIntegerField(_("stars"))
    total_score = models.PositiveSmallIntegerField(_("total score"), null=True, blank=True)
    score_a = models.PositiveSmallIntegerField(_("part A score"), null=True, blank=True, help_text=_("Product and community strength, out of 40."))
    score_b = models.PositiveSmallIntegerField(_("part B score"), null=True, blank=True, help_text=_("Marketing capability, out of 25."))
    score_c = models.PositiveSmallIntegerField(_("part C score"), null=True, blank=True, help_text=_("Product quality, out of 35."))
    product_group = models.CharField(_("product group"), max_length=20, choices=OcopGroup.choices)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    issuing_level = models.CharField(_("issuing level"), max_length=10, choices=IssuingLevel.choices)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=CertificateStatus.choices, default=CertificateStatus.PENDING)
    status_reason = models.TextField(_("reason for the status"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-decision_date", "-id"]
        verbose_name = _("OCOP certificate")
        verbose_name_plural = _("OCOP certificates")
        indexes = [models.Index(fields=["status", "stars"], name="certificate_status_stars")]
        constraints = [
            models.CheckConstraint(condition=Q(stars__gte=3, stars__lte=5), name="certificate_stars_3_to_5"),
            models.CheckConstraint(condition=Q(total_score__isnull=True) | Q(total_score__lte=100), name="certificate_total_score_max"),
            models.CheckConstraint(condition=Q(score_a__isnull=True) | Q(score_a__lte=40), name="certificate_score_a_max"),
            models.CheckConstraint(condition=Q(score_b__isnull=True) | Q(score_b__lte=25), name="certificate_score_b_max"),
            models.CheckConstraint(condition=Q(score_c__isnull=True) | Q(score_c__lte=35), name="certificate_score_c_max"),
            # A recognised certificate always carries its decision, and its validity ends after it starts.
            models.CheckConstraint(
                condition=~Q(status="recognised")
                | Q(decision_date__isnull=False, valid_until__isnull=False, valid_until__gt=F("decision_date")) & ~Q(decision_number=""),
                name="certificate_recognised_has_decision",
            ),
            # One product holds at most one recognised certificate at a time (an upgrade supersedes the old).
            models.UniqueConstraint(fields=["product"], condition=Q(status="recognised"), name="certificate_one_recognised_per_product"),
        ]

    def __str__(self) -> str:
        return f"{self.product} – {self.stars}★ ({self.decision_number or self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("ocop:certificate", kwargs={"code": self.code})
