"""The push loop against the partner sandbox (a real HTTP server), in-process: given/when/then."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation

from catalog.models import Category
from linkage import services
from linkage.adapters.native import listing_id
from linkage.models import Delivery, DeliveryStatus, Eligibility, ExchangeFormat, ListingSync, PartnerPlatform
from members.models import Member, MemberStatus
from tests.linkage.helpers import (
    edit_product,
    make_member,
    make_partner,
    make_products,
    state_differences,
    withdraw_product,
)

pytestmark = pytest.mark.django_db


def push(partner):
    return services.partner_push(partner_id=partner.pk, budget_seconds=30)


def test_every_eligible_listing_arrives_and_edits_and_withdrawals_follow(sandbox):
    member = make_member()
    products = make_products(member, 12)
    make_products(member, 2, status="draft")
    partner = make_partner(sandbox, batch_size=5)

    outcome = push(partner)

    assert outcome.status == "done" and outcome.delivered == 12
    assert state_differences(partner, sandbox.state("hcm")) == []
    assert Delivery.objects.filter(partner=partner, status=DeliveryStatus.OK).count() == 3  # batches of 5, 5, 2

    edit_product(products[0], price=99000)
    withdraw_product(products[1])
    push(partner)

    held = sandbox.state("hcm")
    assert held[listing_id(products[0].pk)] == {"revision": products[0].revision, "status": "active"}
    assert held[listing_id(products[1].pk)]["status"] == "withdrawn"
    assert state_differences(partner, sandbox.state("hcm")) == []
    sync = ListingSync.objects.get(partner=partner, product=products[1])
    assert sync.acknowledged_active is False and sync.acknowledged_revision == 2


def test_a_second_push_sends_nothing_and_repeats_are_idempotent(sandbox):
    partner = make_partner(sandbox)
    make_products(make_member(), 3)
    push(partner)
    requests_before = len(sandbox.requests("hcm"))

    assert push(partner).delivered == 0
    assert len(sandbox.requests("hcm")) == requests_before

    services.partner_resync_all(partner=partner)  # the partner gets everything again: duplicates, not re-applied
    push(partner)
    assert sandbox.stats()["applied"]["hcm"] == 3
    assert sandbox.stats()["applied_twice"] == 0
    assert state_differences(partner, sandbox.state("hcm")) == []


@pytest.mark.parametrize("exchange_format", [ExchangeFormat.SCHEMA_ORG, ExchangeFormat.DFC])
def test_json_ld_partners_receive_their_format(sandbox, exchange_format):
    partner = make_partner(sandbox, exchange_format=exchange_format)
    products = make_products(make_member(), 2)
    push(partner)
    assert state_differences(partner, sandbox.state("hcm")) == []
    withdraw_product(products[0])
    push(partner)
    assert sandbox.state("hcm")[listing_id(products[0].pk)]["status"] == "withdrawn"


def test_suspending_a_member_withdraws_its_listings(sandbox):
    partner = make_partner(sandbox)
    member, other = make_member(), make_member()
    mine, theirs = make_products(member, 2), make_products(other, 1)
    push(partner)

    Member.objects.filter(pk=member.pk).update(status=MemberStatus.SUSPENDED)
    services.partner_bump_drifted(partner=partner)  # the sweep's job when the suspension service did not bump
    push(partner)

    held = sandbox.state("hcm")
    assert {held[listing_id(p.pk)]["status"] for p in mine} == {"withdrawn"}
    assert held[listing_id(theirs[0].pk)]["status"] == "active"
    assert state_differences(partner, held) == []


def test_opting_out_withdraws_from_that_partner_only_and_opting_in_brings_back(sandbox):
    hcm, an_giang = make_partner(sandbox, slug="hcm"), make_partner(sandbox, slug="an-giang")
    member = make_member()
    product = make_products(member, 1)[0]
    push(hcm), push(an_giang)

    services.member_opt_out(member=member, partner=hcm)
    push(hcm), push(an_giang)
    assert sandbox.state("hcm")[listing_id(product.pk)]["status"] == "withdrawn"
    assert sandbox.state("an-giang")[listing_id(product.pk)]["status"] == "active"

    services.member_opt_in(member=member, partner=hcm)
    push(hcm), push(an_giang)
    assert sandbox.state("hcm")[listing_id(product.pk)]["status"] == "active"
    for partner in (hcm, an_giang):
        assert state_differences(partner, sandbox.state(partner.slug)) == []


def test_category_partner_gets_only_its_categories_and_a_settings_change_withdraws(sandbox):
    food = Category.objects.filter(parent__isnull=True, ocop_group="food").get()
    drink = Category.objects.filter(parent__isnull=False, ocop_group="beverages").first()
    partner = make_partner(sandbox, eligibility=Eligibility.CATEGORIES)
    partner.categories.set([food])
    member = make_member()
    salt = make_products(member, 1)[0]  # a food sub-category: included through its parent
    tea = make_products(member, 1, category=drink, name="Trà")[0]
    push(partner)
    held = sandbox.state("hcm")
    assert listing_id(salt.pk) in held and listing_id(tea.pk) not in held

    partner.categories.set([drink])
    services.partner_settings_changed(partner=partner)
    push(partner)
    held = sandbox.state("hcm")
    assert held[listing_id(salt.pk)]["status"] == "withdrawn" and held[listing_id(tea.pk)]["status"] == "active"
    assert state_differences(partner, held) == []


def test_ocop_partner_gets_certified_listings_and_loses_them_when_the_certificate_expires(sandbox):
    from datetime import date, timedelta

    from ocop.models import Certificate
    from ocop.services import certificate_recognise

    partner = make_partner(sandbox, eligibility=Eligibility.OCOP)
    plain, certified = make_products(make_member(), 2)
    certificate_recognise(product=certified, stars=4, decision_number="1234/QĐ-UBND", decision_date=date(2024, 9, 20),
                          issuing_level="province", issuing_body="UBND tỉnh Bạc Liêu")
    push(partner)
    held = sandbox.state("hcm")
    assert set(held) == {listing_id(certified.pk)}
    assert '"stars": 4' in sandbox_item(sandbox, certified)

    # The validity ends (no service ran yet): the sweep notices the drift and withdraws.
    Certificate.objects.filter(product=certified).update(valid_until=timezone.localdate() - timedelta(days=1))
    services.linkage_sweep()
    push(partner)
    assert sandbox.state("hcm")[listing_id(certified.pk)]["status"] == "withdrawn"
    assert state_differences(partner, sandbox.state("hcm")) == []
    assert plain.pk


def sandbox_item(sandbox, product) -> str:
    import sqlite3

    path = sandbox_db_path(sandbox)
    with sqlite3.connect(path) as db:
        return db.execute("SELECT item FROM listings WHERE listing_id = ?", (listing_id(product.pk),)).fetchone()[0]


def sandbox_db_path(sandbox) -> str:
    import threading

    for thread in threading.enumerate():
        server = getattr(thread, "_target", None)
        owner = getattr(server, "__self__", None)
        if owner is not None and getattr(owner, "url", None) == sandbox.url:
            return owner.store.db.execute("PRAGMA database_list").fetchone()[2]
    raise LookupError("sandbox thread not found")


def test_partner_down_backs_off_opens_the_circuit_and_recovers(sandbox, settings):
    settings.LINKAGE_BACKOFF_BASE, settings.LINKAGE_BACKOFF_CAP, settings.LINKAGE_CIRCUIT_THRESHOLD = 0.01, 0.02, 3
    partner = make_partner(sandbox)
    make_products(make_member(), 4)
    sandbox.fault(partner="hcm", mode="error", status=503)

    delays = []
    for _ in range(4):
        outcome = push(partner)
        assert outcome.status == "retry"
        delays.append(outcome.retry_in)
        PartnerPlatform.objects.filter(pk=partner.pk).update(next_attempt_at=None)  # time passes
    partner.refresh_from_db()
    assert partner.consecutive_failures == 4 and partner.circuit_open
    assert Delivery.objects.filter(partner=partner, status=DeliveryStatus.ERROR).count() == 4
    # Once the circuit is open the probe carries a single listing.
    assert Delivery.objects.filter(partner=partner).order_by("-id").first().items == 1

    sandbox.clear_faults()
    assert push(partner).status == "done"
    partner.refresh_from_db()
    assert partner.consecutive_failures == 0 and not partner.circuit_open
    assert state_differences(partner, sandbox.state("hcm")) == []


def test_backoff_grows_exponentially_with_jitter_and_is_capped(settings):
    settings.LINKAGE_BACKOFF_BASE, settings.LINKAGE_BACKOFF_CAP = 2, 60
    for failures, ceiling in [(1, 2), (2, 4), (3, 8), (6, 60), (20, 60)]:
        samples = [services.backoff_seconds(failures) for _ in range(50)]
        assert all(ceiling / 2 <= s <= ceiling for s in samples)
        assert len(set(samples)) > 1  # jittered


def test_a_timeout_is_a_transient_error(sandbox):
    partner = make_partner(sandbox, timeout_seconds=0.3)
    make_products(make_member(), 1)
    sandbox.fault(partner="hcm", mode="timeout", delay=1, count=1)
    with translation.override("en"):
        assert push(partner).status == "retry"
    delivery = Delivery.objects.get(partner=partner)
    assert delivery.status == DeliveryStatus.ERROR and delivery.http_status is None and "time" in delivery.error


def test_a_4xx_marks_the_items_failed_with_the_partners_message_and_is_not_retried(sandbox):
    partner = make_partner(sandbox)
    products = make_products(make_member(), 3)
    sandbox.fault(partner="hcm", mode="reject", status=422, message="unit not recognised", count=1)

    assert push(partner).status == "done"
    assert push(partner).delivered == 0  # nothing retried
    assert len(sandbox.requests("hcm")) == 1
    sync = ListingSync.objects.get(partner=partner, product=products[0])
    assert sync.state == "failed" and "unit not recognised" in sync.last_error and sync.failed_revision == products[0].revision

    # The next change of the listing is tried again; so are the others after "retry failed".
    edit_product(products[0], stock=1)
    assert push(partner).delivered == 1
    assert services.partner_retry_failed(partner=partner) == 2
    assert push(partner).delivered == 2
    assert state_differences(partner, sandbox.state("hcm")) == []


def test_per_item_rejection_fails_only_that_item(sandbox):
    partner = make_partner(sandbox)
    good, bad = make_products(make_member(), 2)
    sandbox.fault(partner="hcm", mode="reject_items", listing_ids=[listing_id(bad.pk)], message="image missing")
    push(partner)
    assert ListingSync.objects.get(partner=partner, product=good).state == "acknowledged"
    bad_sync = ListingSync.objects.get(partner=partner, product=bad)
    assert bad_sync.state == "failed" and "image missing" in bad_sync.last_error
    assert Delivery.objects.get(partner=partner).status == DeliveryStatus.PARTIAL


def test_a_paused_partner_receives_nothing_until_resumed(sandbox):
    partner = make_partner(sandbox)
    make_products(make_member(), 2)
    services.partner_pause(partner=partner)
    assert push(partner).status == "paused"
    assert sandbox.requests("hcm") == []
    services.partner_resume(partner=partner)
    push(partner)
    assert state_differences(partner, sandbox.state("hcm")) == []


def test_rotation_keeps_the_old_secret_valid_until_the_partner_learns_the_new_one(sandbox):
    partner = make_partner(sandbox)  # the sandbox knows only the original secret
    products = make_products(make_member(), 1)
    new_secret = services.partner_rotate_secret(partner=partner)
    push(partner)
    assert state_differences(partner, sandbox.state("hcm")) == []

    # After the grace period the previous secret is dropped: a partner that never learned the new one refuses.
    PartnerPlatform.objects.filter(pk=partner.pk).update(secret_rotated_at=timezone.now() - timezone.timedelta(days=30))
    services.linkage_sweep()
    partner.refresh_from_db()
    assert partner.previous_signing_secret == "" and partner.signing_secret == new_secret
    edit_product(products[0], price=1000)
    push(partner)
    assert sandbox.requests("hcm")[-1]["status_code"] == 401
    assert "signature" in ListingSync.objects.get(partner=partner).last_error

    sandbox.register("hcm", [new_secret])
    services.partner_retry_failed(partner=partner)
    push(partner)
    assert state_differences(partner, sandbox.state("hcm")) == []


def test_two_pushers_never_run_at_once(sandbox):
    partner = make_partner(sandbox)
    make_products(make_member(), 1)
    assert services._lease_acquire(partner.pk, "someone-else")
    assert push(partner).status == "busy"
    assert sandbox.requests("hcm") == []
