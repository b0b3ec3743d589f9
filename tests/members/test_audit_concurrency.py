"""Concurrent writers never fork the chain (PostgreSQL: row lock on the last entry + unique prev_hash)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="SQLite serialises writers itself")
def test_parallel_appends_stay_one_chain(reference_data_for_audit):
    from members.audit import audit_record, verify_chain
    from members.models import AuditEntry, User

    user = User.objects.create_user(email="song-song@example.com", password=None)
    errors: list[Exception] = []

    def worker(n: int) -> None:
        try:
            for i in range(10):
                from django.db import transaction

                with transaction.atomic():
                    audit_record(actor=user, action=f"test.parallel.{n}.{i}", obj=user)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert AuditEntry.objects.count() == 40
    report = verify_chain()
    assert report.ok and report.checked == 40


@pytest.fixture
def reference_data_for_audit(transactional_db):
    assert connection.vendor == "postgresql"
