"""The append-only, hash-chained audit trail: record an entry, verify the chain."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils import timezone

from members.models import GENESIS_HASH, AuditEntry, User

# An arbitrary constant naming the audit trail's advisory lock (PostgreSQL).
AUDIT_LOCK_KEY = 0x61756469  # "audi"


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    if settings.AUDIT_TRUST_X_FORWARDED_FOR and request.META.get("HTTP_X_FORWARDED_FOR"):
        return request.META["HTTP_X_FORWARDED_FOR"].split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    return str(value)


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list]:
    """{field: [before, after]} for the fields whose value changed."""
    return {
        field: [_jsonable(before.get(field)), _jsonable(after.get(field))]
        for field in sorted(set(before) | set(after))
        if _jsonable(before.get(field)) != _jsonable(after.get(field))
    }


def compute_hash(entry: AuditEntry) -> str:
    payload = {
        "created_at": entry.created_at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "object_repr": entry.object_repr,
        "reason": entry.reason,
        "changes": entry.changes,
        "ip_address": entry.ip_address,
        "prev_hash": entry.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor: User | None,
    action: str,
    obj: models.Model,
    reason: str = "",
    changes: dict[str, list] | None = None,
    ip_address: str | None = None,
) -> AuditEntry:
    """Append one entry to the chain, inside the caller's transaction (it commits or rolls back with the action).

    On PostgreSQL a transaction-scoped advisory lock serialises appends until the caller commits, so
    concurrent actions queue instead of racing (moderation actions are rare; the wait is short). SQLite
    serialises writers by itself. The unique prev_hash is the safety net: a fork is impossible either way.
    """
    for attempt in range(5):
        try:
            with transaction.atomic():
                connection = transaction.get_connection()
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])
                last = AuditEntry.objects.order_by("-id").only("entry_hash").first()
                entry = AuditEntry(
                    created_at=timezone.now(),
                    actor=actor,
                    actor_label=(actor.email if actor else "system")[:254],
                    action=action,
                    object_type=obj._meta.label_lower,
                    object_id=str(obj.pk),
                    object_repr=str(obj)[:255],
                    reason=reason,
                    changes=_jsonable(changes or {}),
                    ip_address=ip_address,
                    prev_hash=last.entry_hash if last else GENESIS_HASH,
                )
                entry.entry_hash = compute_hash(entry)
                entry.save(force_insert=True)
                return entry
        except IntegrityError:
            # Another writer appended on the same predecessor first (prev_hash is unique): go again.
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken_at: int | None
    problem: str

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain() -> ChainReport:
    """Walk the entries in insertion order: each must hash to its stored hash and link to the one before."""
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return ChainReport(checked, entry.pk, "does not link to the previous entry (an entry was removed or inserted)")
        if compute_hash(entry) != entry.entry_hash:
            return ChainReport(checked, entry.pk, "its content does not match its hash (the entry was edited)")
        expected_prev = entry.entry_hash
        checked += 1
    return ChainReport(checked, None, "")
