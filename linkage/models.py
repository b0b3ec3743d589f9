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
    secret_rotated_at = models.DateTimeField(_("secret rotated at"), null=True, blank=True)
    # The Department can pause a partner without forgetting its configuration.
    paused = models.BooleanField(_("paused"), default=False)
    batch_size = models.PositiveSmallIntegerField(_("batch size"), default=200)
    timeout_seconds = models.FloatField(_("request timeout (seconds)"), default=10.0)
    # Circuit breaker and backoff: consecutive transient failures and when the next attempt may start.
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0, editable=False)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True, editable=False)
    # Lease: at most one worker pushes to a partner at a time; a dead worker's lease expires.
    lease_owner = models.CharField(max_length=40, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    # Bumped by every wake-up; the lease holder only lets go when no wake-up arrived meanwhile.
    wake_seq = models.PositiveBigIntegerField(default=0, editable=False)
    # Set when a push is queued, cleared when it starts: a burst of changes queues one push, not one each.
    push_queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Figures refreshed by the push task and the sweep (cheap to list).
    stats_pending = models.PositiveIntegerField(_("pending"), default=0, editable=False)
    stats_oldest_pending_at = models.DateTimeField(_("oldest pending change"), null=True, blank=True, editable=False)
    stats_updated_at = models.DateTimeField(_("figures updated at"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last successful delivery"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner platform")
        verbose_name_plural = _("partner platforms")

    def __str__(self) -> str:
        return self.name

    @property
    def circuit_open(self) -> bool:
        from django.conf import settings

        return self.consecutive_failures >= settings.LINKAGE_CIRCUIT_THRESHOLD


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
    # A 4xx for this revision: not retried until the listing changes again or the Department retries.
    failed_revision = models.PositiveIntegerField(_("failed revision"), null=True, blank=True)
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


class DeliveryStatus(models.TextChoices):
    OK = "ok", _("acknowledged")
    PARTIAL = "partial", _("partly rejected")
    REJECTED = "rejected", _("rejected (4xx)")
    ERROR = "error", _("transient error")


class Delivery(models.Model):
    """One signed request to a partner: the delivery log the Department reads."""

    partner = models.ForeignKey(PartnerPlatform, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("partner"))
    delivery_id = models.UUIDField(_("delivery id"), unique=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64)
    attempt = models.PositiveIntegerField(_("attempt"), default=1)
    items = models.PositiveIntegerField(_("items"), default=0)
    # [[product id, revision, "active"|"withdrawn"], ...]
    item_refs = models.JSONField(_("listings"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DeliveryStatus.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("delivery log")
        indexes = [models.Index(fields=["partner", "-created_at"], name="delivery_partner_recent")]

    def __str__(self) -> str:
        return f"{self.partner} {self.delivery_id} ({self.get_status_display()})"


class PartnerApiKey(models.Model):
    """A key a partner uses to pull the feed; only its SHA-256 is stored."""

    partner = models.ForeignKey(PartnerPlatform, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("partner"))
    name = models.CharField(_("label"), max_length=100, blank=True)
    prefix = models.CharField(_("prefix"), max_length=12, unique=True)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    def __str__(self) -> str:
        return f"{self.partner} · {self.prefix}…"


class PartnerOptOut(models.Model):
    """A member that does not want its listings on one partner platform."""

    member = models.ForeignKey("members.Member", on_delete=models.CASCADE, related_name="partner_opt_outs", verbose_name=_("member"))
    partner = models.ForeignKey(PartnerPlatform, on_delete=models.CASCADE, related_name="opt_outs", verbose_name=_("partner"))
    created_at = models.DateTimeField(_("opted out at"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner opt-out")
        verbose_name_plural = _("partner opt-outs")
        constraints = [models.UniqueConstraint(fields=["member", "partner"], name="partneroptout_unique")]

    def __str__(self) -> str:
        return f"{self.member} ✕ {self.partner}"


class FeedEntry(models.Model):
    """A listing's place in the pull feed: every change moves it to the end (a new, higher seq)."""

    product = models.OneToOneField(Product, on_delete=models.CASCADE, related_name="feed_entry", primary_key=True)
    seq = models.PositiveBigIntegerField(unique=True)
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("feed entry")
        verbose_name_plural = _("feed entries")

    def __str__(self) -> str:
        return f"#{self.seq} {self.product_id} r{self.revision}"


class Heartbeat(models.Model):
    """Written by a task that beat schedules: proves that beat and a worker both run."""

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.name} @ {self.beat_at:%Y-%m-%d %H:%M:%S}"


class Counter(models.Model):
    """A named counter; updating its row serialises writers, so the feed's seq order is commit order."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self) -> str:
        return f"{self.name} = {self.value}"
