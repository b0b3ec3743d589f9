"""The audit trail: one entry per action, before/after recorded, and tampering is detectable."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from members.audit import audit_record, verify_chain
from members.models import GENESIS_HASH, AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_chain_from_the_genesis_hash(moderator):
    first = audit_record(actor=moderator, action="test.one", obj=moderator, reason="r", changes={"a": [1, 2]}, ip_address="10.0.0.1")
    second = audit_record(actor=None, action="test.two", obj=moderator)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.entry_hash
    assert second.actor_label == "system"
    assert verify_chain().checked == 2


def test_removing_an_entry_from_the_middle_is_detected_or_refused(moderator):
    entries = [audit_record(actor=moderator, action=f"test.{i}", obj=moderator) for i in range(3)]
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entries[1].pk).delete()
        return
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    report = verify_chain()
    assert report.broken_at == entries[2].pk and "link" in report.problem


test_removing_an_entry_from_the_middle_is_detected_or_refused.tampers_with_audit = True


def test_a_failed_action_leaves_no_entry(approved_member, moderator):
    from members import services

    _owner, member = approved_member()
    before = AuditEntry.objects.count()
    with pytest.raises(services.MembershipError):
        services.member_suspend(member=member, actor=moderator, reason="")
    with pytest.raises(services.MembershipError):
        services.member_reinstate(member=member, actor=moderator)  # not suspended
    assert AuditEntry.objects.count() == before
