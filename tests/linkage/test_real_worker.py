"""The sync loop with its real parts: a Celery worker subprocess (with beat) on a private Redis, the
partner sandbox as a real HTTP server, the shared test database (PostgreSQL). Each story ends by
comparing our published state with what the sandbox holds: zero differences.

Locally: DATABASE_URL=postgres://postgres@127.0.0.1:5432/blm_linkage pytest tests/linkage -m slow
"""

from __future__ import annotations

import time

import pytest

from catalog.models import Product
from catalog.services import product_publish, product_submit, product_update, product_withdraw
from linkage.adapters.native import listing_id
from linkage.models import Delivery, DeliveryStatus, ListingSync, PartnerPlatform
from linkage.services import partner_retry_failed
from members.models import User
from members.services import member_suspend
from tests.linkage.conftest import needs_shared_database
from tests.linkage.helpers import edit_product, make_member, make_partner, make_products, state_differences, wait_until

pytestmark = [pytest.mark.slow, needs_shared_database, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def converged(partner, sandbox):
    return lambda: not state_differences(partner, sandbox.state(partner.slug))


def assert_converged(partner, sandbox, worker, timeout=30):
    try:
        wait_until(converged(partner, sandbox), timeout=timeout, message="the sandbox to hold our published state")
    except AssertionError:
        print(worker.log() if worker else "")
        raise
    assert state_differences(partner, sandbox.state(partner.slug)) == []


def test_happy_path_changes_travel_through_the_broker_within_seconds(real_worker, sandbox):
    # Given a worker whose sweep is far away: only the after-commit wake-ups can deliver in time.
    worker = real_worker(LINKAGE_SWEEP_SECONDS=3600)
    partner = make_partner(sandbox)
    staff = User.objects.create_user("moderator@example.com", "x", is_staff=True)
    member = make_member()
    products = make_products(member, 20)
    assert_converged(partner, sandbox, worker)

    # When a listing is edited, another withdrawn, a new one published and a member suspended…
    product_update(product=products[0], actor=staff, changes={"price": 31000, "stock": 3})
    product_withdraw(product=products[1], actor=staff)
    draft = make_products(member, 1, status="draft", name="Tôm khô")[0]
    product_submit(product=draft, actor=staff)
    product_publish(product=draft, actor=staff)
    other = make_member()
    theirs = make_products(other, 2, name="Mắm")
    assert_converged(partner, sandbox, worker)
    member_suspend(member=other, actor=staff, reason="Kiểm tra")

    # …the sandbox holds exactly our published state.
    assert_converged(partner, sandbox, worker)
    held = sandbox.state("hcm")
    assert held[listing_id(products[1].pk)]["status"] == "withdrawn"
    assert held[listing_id(draft.pk)]["status"] == "active"
    assert {held[listing_id(p.pk)]["status"] for p in theirs} == {"withdrawn"}
    assert held[listing_id(products[0].pk)]["revision"] == Product.objects.get(pk=products[0].pk).revision


def test_partner_down_for_a_while_then_back_converges(real_worker, sandbox):
    partner = make_partner(sandbox)
    make_products(make_member(), 30)
    sandbox.fault(partner="hcm", mode="error", status=503)
    worker = real_worker()

    # While the partner is down, the worker backs off (several failed attempts, not a storm).
    wait_until(lambda: Delivery.objects.filter(partner=partner, status=DeliveryStatus.ERROR).count() >= 3, timeout=20,
               message="failed attempts")
    time.sleep(2)
    attempts = Delivery.objects.filter(partner=partner, status=DeliveryStatus.ERROR).count()
    assert attempts < 40, attempts
    assert PartnerPlatform.objects.get(pk=partner.pk).consecutive_failures >= 3

    sandbox.clear_faults()
    assert_converged(partner, sandbox, worker)
    wait_until(lambda: PartnerPlatform.objects.get(pk=partner.pk).consecutive_failures == 0, timeout=10,
               message="the circuit to close")


def test_worker_killed_mid_batch_converges_without_double_or_out_of_order_applies(real_worker, sandbox):
    partner = make_partner(sandbox, batch_size=10)
    products = make_products(make_member(), 30)
    # Every request hangs 2.5 s at the partner: the kill lands while a batch is in flight.
    sandbox.fault(partner="hcm", mode="slow", delay=2.5)
    worker = real_worker(LINKAGE_LEASE_SECONDS=3)
    wait_until(lambda: len(sandbox.requests("hcm")) >= 1 or ListingSync.objects.filter(partner=partner).exists(),
               timeout=20, message="the first batch to start")
    time.sleep(0.7)
    worker.kill()
    # The partner still applies the batch that was in flight, but we never heard its answer.
    wait_until(lambda: len(sandbox.state("hcm")) >= 10, timeout=8, message="the in-flight batch to land")
    assert not ListingSync.objects.filter(partner=partner, acknowledged_revision__gt=0).exists()

    # While no worker runs, listings change again (some of them inside the batch that was in flight).
    for product in products[:15]:
        edit_product(product, price=product.price + 500)
    sandbox.clear_faults()
    worker = real_worker(LINKAGE_LEASE_SECONDS=3)

    assert_converged(partner, sandbox, worker)
    stats = sandbox.stats()
    assert stats["applied_twice"] == 0
    assert stats["applied_out_of_order"] == 0


def test_redis_restarted_converges(real_worker, redis_server, sandbox):
    partner = make_partner(sandbox)
    products = make_products(make_member(), 10)
    worker = real_worker()
    assert_converged(partner, sandbox, worker)

    # The broker goes away (and with it every queued message: --save "") while listings change.
    redis_server.stop()
    for product in products[:5]:
        edit_product(product, stock=product.stock + 1)  # the wake-ups cannot be queued: logged, not raised
    more = make_products(make_member(), 5, name="Chả lụa")
    time.sleep(1)
    redis_server.start()

    assert_converged(partner, sandbox, worker, timeout=40)
    held = sandbox.state("hcm")
    assert all(held[listing_id(p.pk)]["status"] == "active" for p in more)


def test_a_4xx_fails_the_item_without_a_retry_storm_and_retry_failed_converges(real_worker, sandbox):
    partner = make_partner(sandbox)
    products = make_products(make_member(), 8)
    refused = products[0]
    sandbox.fault(partner="hcm", mode="reject_items", listing_ids=[listing_id(refused.pk)], message="price below floor")
    worker = real_worker()

    wait_until(lambda: ListingSync.objects.filter(partner=partner, product=refused, state="failed").exists(), timeout=20,
               message="the refused listing to be marked failed")
    sync = ListingSync.objects.get(partner=partner, product=refused)
    assert "price below floor" in sync.last_error
    # Several sweeps pass (every 2 s): the refused revision is not sent again.
    requests_then = len(sandbox.requests("hcm"))
    time.sleep(5)
    assert len(sandbox.requests("hcm")) == requests_then
    assert ListingSync.objects.get(pk=sync.pk).attempts == 1

    # The partner fixes its side; the Department retries the failed listings.
    sandbox.clear_faults()
    partner_retry_failed(partner=partner)
    assert_converged(partner, sandbox, worker)


def test_heartbeat_reaches_healthz(real_worker, client):
    real_worker()
    wait_until(lambda: client.get("/healthz").json()["checks"]["worker"]["ok"], timeout=20, message="a fresh heartbeat")
