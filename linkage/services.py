"""Every write of the linkage app: the push loop, the pull feed's sequence, the Department's controls."""

from __future__ import annotations

import hashlib
import json
import logging
import random
import secrets
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta

import requests
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import Product
from catalog.services import products_bump_revision
from linkage import adapters, signing
from linkage.adapters.native import listing_v1
from linkage.models import (
    Counter,
    Delivery,
    DeliveryStatus,
    FeedEntry,
    Heartbeat,
    ListingSync,
    PartnerApiKey,
    PartnerOptOut,
    PartnerPlatform,
    SyncState,
)
from linkage.selectors import (
    EligibilityRules,
    current_certificate,
    products_for_listing,
    products_without_sync_row,
    syncs_drifted,
    syncs_due,
)
from members.models import Member

logger = logging.getLogger(__name__)


class LinkageError(Exception):
    """A domain error whose message is safe to show to the Department or a member."""


# --- Waking and leasing ----------------------------------------------------------------------------
def partners_wake(*, partner_ids: Iterable[int] | None = None) -> list[int]:
    """Record a wake-up (a lease holder will look again) and return the partners that need a push
    queued: those without one already waiting (a burst of changes queues one push per partner)."""
    partners = PartnerPlatform.objects.filter(enabled=True, paused=False)
    if partner_ids is not None:
        partners = partners.filter(pk__in=list(partner_ids))
    ids = list(partners.values_list("pk", flat=True))
    if not ids:
        return []
    PartnerPlatform.objects.filter(pk__in=ids).update(wake_seq=F("wake_seq") + 1)
    now = timezone.now()
    # A queued push that never started (lost with the broker) stops blocking after a while.
    forgotten = now - timedelta(seconds=settings.LINKAGE_LEASE_SECONDS)
    idle = PartnerPlatform.objects.filter(pk__in=ids).filter(Q(push_queued_at__isnull=True) | Q(push_queued_at__lt=forgotten))
    to_queue = list(idle.values_list("pk", flat=True))
    PartnerPlatform.objects.filter(pk__in=to_queue).update(push_queued_at=now)
    return to_queue


def _lease_acquire(partner_id: int, token: str) -> bool:
    now = timezone.now()
    return bool(
        PartnerPlatform.objects.filter(pk=partner_id)
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now) | Q(lease_owner=token))
        .update(lease_owner=token, lease_until=now + timedelta(seconds=settings.LINKAGE_LEASE_SECONDS))
    )


def _lease_renew(partner_id: int, token: str) -> bool:
    until = timezone.now() + timedelta(seconds=settings.LINKAGE_LEASE_SECONDS)
    return bool(PartnerPlatform.objects.filter(pk=partner_id, lease_owner=token).update(lease_until=until))


def _lease_release(partner_id: int, token: str, *, wake_seq: int | None = None) -> bool:
    """Let go of the lease; with wake_seq, only if no wake-up arrived since (else the caller looks again)."""
    rows = PartnerPlatform.objects.filter(pk=partner_id, lease_owner=token)
    if wake_seq is not None:
        rows = rows.filter(wake_seq=wake_seq)
    return bool(rows.update(lease_owner="", lease_until=None))


# --- Preparing the work ------------------------------------------------------------------------------
def partner_ensure_sync_rows(*, partner: PartnerPlatform, limit: int = 20000) -> int:
    """A sync row for every eligible listing the partner has never been sent."""
    missing = list(products_without_sync_row(partner).values_list("pk", flat=True)[:limit])
    if missing:
        ListingSync.objects.bulk_create(
            [ListingSync(partner=partner, product_id=pk) for pk in missing], ignore_conflicts=True, batch_size=1000
        )
    return len(missing)


def partner_bump_drifted(*, partner: PartnerPlatform) -> int:
    """Bump listings whose held state disagrees with eligibility at an unchanged revision."""
    ids = list(syncs_drifted(partner).values_list("product_id", flat=True)[:5000])
    if ids:
        with transaction.atomic():
            products_bump_revision(product_ids=ids)
    return len(ids)


def partner_refresh_stats(*, partner: PartnerPlatform) -> None:
    due = syncs_due(partner)
    figures = due.aggregate(oldest=Min("product__updated_at"))
    PartnerPlatform.objects.filter(pk=partner.pk).update(
        stats_pending=due.count(), stats_oldest_pending_at=figures["oldest"], stats_updated_at=timezone.now()
    )


# --- One delivery ---------------------------------------------------------------------------------------
_session: requests.Session | None = None


def _http() -> requests.Session:
    global _session
    if _session is None:
        _session = requests.Session()
        _session.headers["User-Agent"] = "BacLieuMarket-Linkage/1"
    return _session


@dataclass
class BatchOutcome:
    transient: bool  # 5xx, timeout, connection error: back off and retry the whole batch
    sent: int
    acknowledged: int
    failed: int
    error: str = ""


def _partner_message(response: requests.Response) -> str:
    try:
        body = response.json()
        message = body.get("error") or body.get("message") or json.dumps(body)[:500]
    except ValueError:
        message = response.text[:500]
    return f"HTTP {response.status_code}: {message}"


def _delivery_body(partner: PartnerPlatform, delivery_id: str, items: list[dict]) -> bytes:
    envelope = {
        "format": partner.exchange_format,
        "delivery_id": delivery_id,
        "source": settings.SITE_URL,
        "sent_at": timezone.now().isoformat(),
        "items": items,
    }
    return json.dumps(envelope, ensure_ascii=False, separators=(",", ":")).encode()


def partner_deliver_batch(*, partner: PartnerPlatform, syncs: list[ListingSync]) -> BatchOutcome:
    """Send one signed batch and record the partner's per-item answer. Not atomic on purpose: the
    request happens between two short transactions (the state is re-read on the next loop)."""
    products = products_for_listing(s.product_id for s in syncs)
    rules = EligibilityRules.for_partner(partner)
    items, refs, sent, settled = [], [], [], []
    for sync in syncs:
        product = products.get(sync.product_id)
        if product is None:  # deleted meanwhile (cascade removes the row too)
            continue
        certificate = current_certificate(product, rules.today)
        active = rules.allows(product, certificate)
        if not active and not sync.acknowledged_active:
            # Nothing to withdraw: the partner never held it, which is the right state for this revision.
            sync.acknowledged_revision, sync.state, sync.updated_at = product.revision, SyncState.ACKNOWLEDGED, timezone.now()
            settled.append(sync)
            continue
        items.append(adapters.render(partner.exchange_format, listing_v1(product, active=active, certificate=certificate)))
        refs.append([product.pk, product.revision, "active" if active else "withdrawn"])
        sent.append((sync, product.revision, active))
    if settled:
        ListingSync.objects.bulk_update(settled, ["acknowledged_revision", "state", "updated_at"])
    if not sent:
        return BatchOutcome(transient=False, sent=0, acknowledged=0, failed=0)

    delivery_id = str(uuid.uuid4())
    idempotency_key = hashlib.sha256(
        (partner.slug + "|" + ";".join(f"{pk}:{rev}:{status}" for pk, rev, status in refs)).encode()
    ).hexdigest()
    attempt = Delivery.objects.filter(partner=partner, idempotency_key=idempotency_key).count() + 1
    body = _delivery_body(partner, delivery_id, items)
    timestamp = int(time.time())
    headers = {
        "Content-Type": adapters.CONTENT_TYPES[partner.exchange_format],
        signing.TIMESTAMP_HEADER: str(timestamp),
        signing.SIGNATURE_HEADER: signing.signature_header(
            [partner.signing_secret, partner.previous_signing_secret], timestamp, body
        ),
        signing.DELIVERY_HEADER: delivery_id,
        signing.IDEMPOTENCY_HEADER: idempotency_key,
        signing.PARTNER_HEADER: partner.slug,
    }
    started = time.perf_counter()
    response, error = None, ""
    try:
        response = _http().post(f"{partner.base_url.rstrip('/')}/listings", data=body, headers=headers,
                                timeout=partner.timeout_seconds)
    except requests.Timeout:
        error = _("The partner did not answer in time.")
    except requests.RequestException as exc:
        error = _("Could not reach the partner: %(error)s") % {"error": exc.__class__.__name__}
    latency_ms = int((time.perf_counter() - started) * 1000)

    log = Delivery(
        partner=partner, delivery_id=delivery_id, idempotency_key=idempotency_key, attempt=attempt,
        items=len(sent), item_refs=refs, latency_ms=latency_ms,
        http_status=response.status_code if response is not None else None,
    )
    now = timezone.now()
    transient = response is None or response.status_code >= 500 or response.status_code in (408, 429)
    results: dict[str, dict] = {}
    if not transient and response.ok:
        try:
            payload = response.json()
            results = {r["id"]: r for r in payload["results"] if isinstance(r, dict) and "id" in r}
        except (ValueError, KeyError, TypeError):
            transient, error = True, _("The partner answered with a malformed acknowledgement.")
    if transient:
        log.status, log.error = DeliveryStatus.ERROR, error or _partner_message(response)
        with transaction.atomic():
            log.save()
            ListingSync.objects.filter(pk__in=[s.pk for s, _r, _a in sent]).update(attempts=F("attempts") + 1)
        return BatchOutcome(transient=True, sent=len(sent), acknowledged=0, failed=0, error=log.error)

    acknowledged = failed = 0
    whole_request_error = "" if response.ok else _partner_message(response)
    # Grouped UPDATEs (one per distinct outcome) instead of bulk_update's per-row CASE: a batch is
    # usually a handful of groups, and the acknowledged revision never goes backwards.
    acked: dict[tuple[int, bool], list[int]] = {}
    refused: dict[tuple[int, str], list[int]] = {}
    for sync, revision, active in sent:
        result = results.get(adapters.native.listing_id(sync.product_id)) if response.ok else None
        if result is not None and result.get("status") in ("applied", "duplicate", "stale"):
            acked.setdefault((revision, active), []).append(sync.pk)
            acknowledged += 1
        else:
            message = whole_request_error or (
                f"{result.get('status')}: {result.get('message', '')}" if result else _("No acknowledgement for this listing.")
            )
            refused.setdefault((revision, message[:2000]), []).append(sync.pk)
            failed += 1
    log.status = DeliveryStatus.OK if not failed else (DeliveryStatus.PARTIAL if acknowledged else DeliveryStatus.REJECTED)
    log.error = whole_request_error or (f"{failed} rejected" if failed else "")
    with transaction.atomic():
        log.save()
        for (revision, active), pks in acked.items():
            ListingSync.objects.filter(pk__in=pks, acknowledged_revision__lt=revision).update(
                acknowledged_revision=revision, acknowledged_active=active, state=SyncState.ACKNOWLEDGED,
                acknowledged_at=now, failed_revision=None, last_error="", attempts=F("attempts") + 1, updated_at=now,
            )
        for (revision, message), pks in refused.items():
            ListingSync.objects.filter(pk__in=pks).update(
                state=SyncState.FAILED, failed_revision=revision, last_error=message, attempts=F("attempts") + 1, updated_at=now,
            )
    return BatchOutcome(transient=False, sent=len(sent), acknowledged=acknowledged, failed=failed, error=log.error)


def backoff_seconds(failures: int) -> float:
    """Exponential backoff with full jitter in [base·2^(n-1)/2, base·2^(n-1)], capped."""
    ceiling = min(settings.LINKAGE_BACKOFF_CAP, settings.LINKAGE_BACKOFF_BASE * (2 ** max(0, failures - 1)))
    return ceiling / 2 + random.random() * ceiling / 2


def _record_transient_failure(partner: PartnerPlatform) -> float:
    failures = partner.consecutive_failures + 1
    delay = backoff_seconds(failures)
    PartnerPlatform.objects.filter(pk=partner.pk).update(
        consecutive_failures=failures, next_attempt_at=timezone.now() + timedelta(seconds=delay)
    )
    if failures == settings.LINKAGE_CIRCUIT_THRESHOLD:
        logger.warning("linkage: circuit opened for %s after %d failures", partner.slug, failures)
    return delay


def _record_success(partner: PartnerPlatform) -> None:
    PartnerPlatform.objects.filter(pk=partner.pk).update(
        consecutive_failures=0, next_attempt_at=None, last_success_at=timezone.now()
    )


@dataclass
class PushOutcome:
    status: str  # "done", "busy", "paused", "retry", "more"
    delivered: int = 0
    retry_in: float = 0.0


def partner_push(*, partner_id: int, budget_seconds: float | None = None) -> PushOutcome:
    """Deliver every due listing of one partner, batch after batch, under a lease.

    Called by the Celery task; safe to call concurrently and to repeat (a second caller finds the
    lease held and returns "busy": the holder sees its wake-up and looks again before letting go).
    """
    token = uuid.uuid4().hex
    budget = settings.LINKAGE_TASK_BUDGET_SECONDS if budget_seconds is None else budget_seconds
    started = time.monotonic()
    PartnerPlatform.objects.filter(pk=partner_id).update(push_queued_at=None)  # later wake-ups queue anew
    if not _lease_acquire(partner_id, token):
        return PushOutcome("busy")
    delivered = 0
    rows_checked_at_wake = None
    try:
        while True:
            partner = PartnerPlatform.objects.filter(pk=partner_id).first()
            if partner is None or not partner.enabled or partner.paused:
                _lease_release(partner_id, token)
                return PushOutcome("paused", delivered)
            now = timezone.now()
            if partner.next_attempt_at and partner.next_attempt_at > now:
                _lease_release(partner_id, token)
                return PushOutcome("retry", delivered, (partner.next_attempt_at - now).total_seconds())
            wake_seq = partner.wake_seq
            if rows_checked_at_wake != wake_seq:  # new listings can only appear with a wake-up
                partner_ensure_sync_rows(partner=partner)
                rows_checked_at_wake = wake_seq
            # An open circuit sends one listing as a probe; success closes it.
            size = 1 if partner.circuit_open else partner.batch_size
            # Product order walks the (partner, product) index and stops at the batch size.
            batch = list(syncs_due(partner).order_by("product_id")[:size])
            if not batch:
                partner_refresh_stats(partner=partner)
                if _lease_release(partner_id, token, wake_seq=wake_seq):
                    return PushOutcome("done", delivered)
                continue  # a wake-up arrived while we looked: look again
            if not _lease_renew(partner_id, token):
                return PushOutcome("busy", delivered)  # our lease expired and someone else took over
            outcome = partner_deliver_batch(partner=partner, syncs=batch)
            if outcome.transient:
                delay = _record_transient_failure(partner)
                partner_refresh_stats(partner=partner)
                _lease_release(partner_id, token)
                return PushOutcome("retry", delivered, delay)
            delivered += outcome.acknowledged
            if partner.consecutive_failures or partner.next_attempt_at:
                _record_success(partner)
            else:
                PartnerPlatform.objects.filter(pk=partner_id).update(last_success_at=timezone.now())
            if time.monotonic() - started > budget:
                partner_refresh_stats(partner=partner)
                _lease_release(partner_id, token)
                return PushOutcome("more", delivered)
    except BaseException:
        _lease_release(partner_id, token)
        raise


# --- Pull feed sequence ----------------------------------------------------------------------------
def feed_touch(*, product_ids: Iterable[int]) -> int:
    """Move changed listings to the end of the feed. The counter row's lock is held to commit, so a
    reader never sees seq N+1 committed before seq N: a client paging with `since` misses nothing."""
    ids = sorted(set(product_ids))
    if not ids:
        return 0
    Counter.objects.get_or_create(name="feed")
    with transaction.atomic():
        Counter.objects.filter(name="feed").update(value=F("value"))  # take the row lock first
        rows = list(
            Product.objects.filter(pk__in=ids, published_at__isnull=False).order_by("pk").values_list("pk", "revision")
        )
        if not rows:
            return 0
        Counter.objects.filter(name="feed").update(value=F("value") + len(rows))
        last = Counter.objects.get(name="feed").value
        first = last - len(rows) + 1
        FeedEntry.objects.bulk_create(
            [FeedEntry(product_id=pk, revision=rev, seq=first + i) for i, (pk, rev) in enumerate(rows)],
            update_conflicts=True, unique_fields=["product"], update_fields=["seq", "revision"], batch_size=500,
        )
    return len(rows)


def feed_reconcile(*, limit: int = 5000) -> int:
    """Catch changes whose signal was lost (a crash between commit and on_commit)."""
    stale = (
        Product.objects.filter(published_at__isnull=False)
        .exclude(feed_entry__revision=F("revision"))
        .values_list("pk", flat=True)[:limit]
    )
    return feed_touch(product_ids=list(stale))


# --- Sweep and heartbeat -----------------------------------------------------------------------------
def linkage_sweep() -> list[int]:
    """Periodic: make sure nothing is left behind. Returns the partners that need a push."""
    feed_reconcile()
    now = timezone.now()
    grace = timedelta(hours=settings.LINKAGE_ROTATION_GRACE_HOURS)
    PartnerPlatform.objects.filter(secret_rotated_at__lt=now - grace).exclude(previous_signing_secret="").update(
        previous_signing_secret=""
    )
    Delivery.objects.filter(created_at__lt=now - timedelta(days=settings.LINKAGE_DELIVERY_LOG_DAYS)).delete()
    to_push = []
    for partner in PartnerPlatform.objects.filter(enabled=True, paused=False):
        partner_ensure_sync_rows(partner=partner)
        partner_bump_drifted(partner=partner)
        partner_refresh_stats(partner=partner)
        partner.refresh_from_db(fields=["stats_pending", "lease_until"])
        if partner.stats_pending and not (partner.lease_until and partner.lease_until > now):
            to_push.append(partner.pk)
    return partners_wake(partner_ids=to_push) if to_push else []


def heartbeat_beat(*, name: str = "worker") -> None:
    # Write first, no read-then-write transaction: on SQLite a lock upgrade would fail at once.
    now = timezone.now()
    if not Heartbeat.objects.filter(name=name).update(beat_at=now):
        try:
            Heartbeat.objects.create(name=name, beat_at=now)
        except IntegrityError:
            Heartbeat.objects.filter(name=name).update(beat_at=now)


# --- The Department's controls ----------------------------------------------------------------------
@transaction.atomic
def partner_pause(*, partner: PartnerPlatform) -> None:
    PartnerPlatform.objects.filter(pk=partner.pk).update(paused=True)


@transaction.atomic
def partner_resume(*, partner: PartnerPlatform) -> None:
    """Resume and forget the backoff: the next push tries at once."""
    PartnerPlatform.objects.filter(pk=partner.pk).update(paused=False, consecutive_failures=0, next_attempt_at=None)
    transaction.on_commit(lambda: _enqueue_push([partner.pk]))


@transaction.atomic
def partner_resync_all(*, partner: PartnerPlatform) -> int:
    """Send every listing again (e.g. the partner lost its data). Revisions are unchanged: the
    partner answers 'duplicate' for those it still holds."""
    count = ListingSync.objects.filter(partner=partner).update(
        acknowledged_revision=0, failed_revision=None, state=SyncState.PENDING, last_error=""
    )
    PartnerPlatform.objects.filter(pk=partner.pk).update(consecutive_failures=0, next_attempt_at=None)
    transaction.on_commit(lambda: _enqueue_push([partner.pk]))
    return count


@transaction.atomic
def partner_retry_failed(*, partner: PartnerPlatform) -> int:
    count = ListingSync.objects.filter(partner=partner, failed_revision__isnull=False).update(
        failed_revision=None, state=SyncState.PENDING
    )
    transaction.on_commit(lambda: _enqueue_push([partner.pk]))
    return count


@transaction.atomic
def partner_rotate_secret(*, partner: PartnerPlatform) -> str:
    """A new signing secret; the previous one stays valid for LINKAGE_ROTATION_GRACE_HOURS."""
    new_secret = secrets.token_urlsafe(32)
    PartnerPlatform.objects.filter(pk=partner.pk).update(
        previous_signing_secret=F("signing_secret"), signing_secret=new_secret, secret_rotated_at=timezone.now()
    )
    return new_secret


@transaction.atomic
def partner_settings_changed(*, partner: PartnerPlatform) -> int:
    """After the Department edits eligibility or categories: listings whose eligibility flipped get a
    new revision (so withdrawals and re-activations are ordered), then the partner is woken."""
    partner_ensure_sync_rows(partner=partner)
    ids = list(syncs_drifted(partner).values_list("product_id", flat=True))
    products_bump_revision(product_ids=ids)  # wakes the partners after commit
    transaction.on_commit(lambda: _enqueue_push([partner.pk]))  # a new partner gets its first push at once
    return len(ids)


def _enqueue_push(partner_ids: list[int]) -> None:
    from linkage.tasks import enqueue_push

    enqueue_push(partners_wake(partner_ids=partner_ids))


@transaction.atomic
def partners_point_local_at(*, sandbox_url: str) -> int:
    """Demo: partners configured on this machine (127.0.0.1 / localhost) follow the sandbox's port."""
    count = 0
    for partner in PartnerPlatform.objects.filter(Q(base_url__startswith="http://127.0.0.1:") | Q(base_url__startswith="http://localhost:")):
        url = f"{sandbox_url.rstrip('/')}/p/{partner.slug}"
        if partner.base_url != url:
            PartnerPlatform.objects.filter(pk=partner.pk).update(base_url=url)
            count += 1
    return count


# --- API keys -------------------------------------------------------------------------------------
def _hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_issue(*, partner: PartnerPlatform, name: str = "") -> tuple[PartnerApiKey, str]:
    """A new pull key; the raw key is returned once and never stored."""
    for _attempt in range(5):
        prefix = secrets.token_hex(4)
        raw = f"blm_{prefix}_{secrets.token_urlsafe(32)}"
        try:
            with transaction.atomic():
                key = PartnerApiKey.objects.create(partner=partner, name=name, prefix=prefix, key_hash=_hash_key(raw))
            return key, raw
        except IntegrityError:
            continue
    raise LinkageError(_("Could not issue a key; try again."))


@transaction.atomic
def api_key_revoke(*, key: PartnerApiKey) -> None:
    PartnerApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())


def api_key_authenticate(*, raw: str) -> PartnerApiKey | None:
    parts = raw.split("_")
    if len(parts) < 3 or parts[0] != "blm":
        return None
    key = PartnerApiKey.objects.select_related("partner").filter(prefix=parts[1], revoked_at__isnull=True).first()
    if key is None or not secrets.compare_digest(key.key_hash, _hash_key(raw)) or not key.partner.enabled:
        return None
    if key.last_used_at is None or key.last_used_at < timezone.now() - timedelta(minutes=1):
        PartnerApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
    return key


# --- Member consent ---------------------------------------------------------------------------------
def _member_listing_ids(member: Member) -> list[int]:
    return list(Product.objects.filter(member=member, published_at__isnull=False).values_list("pk", flat=True))


@transaction.atomic
def member_opt_out(*, member: Member, partner: PartnerPlatform) -> bool:
    """The member's listings leave this partner (delivered as withdrawals)."""
    try:
        with transaction.atomic():
            PartnerOptOut.objects.create(member=member, partner=partner)
    except IntegrityError:
        return False  # already opted out
    products_bump_revision(product_ids=_member_listing_ids(member))
    return True


@transaction.atomic
def member_opt_in(*, member: Member, partner: PartnerPlatform) -> bool:
    deleted, _detail = PartnerOptOut.objects.filter(member=member, partner=partner).delete()
    if deleted:
        products_bump_revision(product_ids=_member_listing_ids(member))
    return bool(deleted)
