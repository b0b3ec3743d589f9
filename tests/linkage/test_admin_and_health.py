"""The Department's admin for partners, the members' view of partner states, the worker heartbeat."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.admin.sites import AdminSite
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product
from linkage import services
from linkage.models import Delivery, Heartbeat, ListingSync, PartnerApiKey, PartnerPlatform
from linkage.portal import PartnerSyncInline
from linkage.selectors import partner_states_for_products
from tests.linkage.helpers import edit_product, make_member, make_partner, make_products

pytestmark = pytest.mark.django_db


def push(partner):
    return services.partner_push(partner_id=partner.pk, budget_seconds=30)


def action(admin_client, name, partner):
    url = reverse("admin:linkage_partnerplatform_changelist")
    return admin_client.post(url, {"action": name, "_selected_action": [partner.pk]}, follow=True)


def test_partner_list_shows_figures_with_a_constant_number_of_queries(admin_client, sandbox, django_assert_max_num_queries):
    partners = [make_partner(sandbox, slug=slug) for slug in ("hcm", "an-giang")]
    products = make_products(make_member(), 5)
    for partner in partners:
        push(partner)
    edit_product(products[0], price=1)
    services.linkage_sweep()
    url = reverse("admin:linkage_partnerplatform_changelist")
    with django_assert_max_num_queries(12):
        page = admin_client.get(url).content.decode()
    assert "Sàn hcm" in page and "Sàn an-giang" in page
    assert set(PartnerPlatform.objects.values_list("stats_pending", flat=True)) == {1}  # the edit awaits delivery
    make_partner(sandbox, slug="dong-thap")
    with django_assert_max_num_queries(12):
        admin_client.get(url)


def test_partner_page_shows_counts_and_the_delivery_log(admin_client, sandbox):
    partner = make_partner(sandbox, batch_size=2)
    make_products(make_member(), 3)
    push(partner)
    page = admin_client.get(reverse("admin:linkage_partnerplatform_change", args=[partner.pk])).content.decode()
    delivery = Delivery.objects.filter(partner=partner).first()
    assert str(delivery.delivery_id) in page
    assert admin_client.get(reverse("admin:linkage_delivery_changelist")).status_code == 200


def test_department_actions_pause_resume_resync_retry_rotate_and_issue_keys(admin_client, sandbox):
    partner = make_partner(sandbox)
    make_products(make_member(), 2)
    push(partner)

    action(admin_client, "pause", partner)
    assert PartnerPlatform.objects.get(pk=partner.pk).paused
    action(admin_client, "resume", partner)
    assert not PartnerPlatform.objects.get(pk=partner.pk).paused

    response = action(admin_client, "resync_all", partner)
    assert "2" in response.content.decode()
    assert not ListingSync.objects.filter(partner=partner, acknowledged_revision__gt=0).exists()

    ListingSync.objects.filter(partner=partner).update(failed_revision=1, state="failed")
    action(admin_client, "retry_failed", partner)
    assert not ListingSync.objects.filter(partner=partner, failed_revision__isnull=False).exists()

    old = partner.signing_secret
    response = action(admin_client, "rotate_secret", partner)
    partner.refresh_from_db()
    assert partner.previous_signing_secret == old and partner.signing_secret != old
    assert partner.signing_secret in response.content.decode()  # shown once to the Department

    response = action(admin_client, "issue_api_key", partner)
    key = PartnerApiKey.objects.get(partner=partner)
    assert f"blm_{key.prefix}_" in response.content.decode()


def test_partner_states_for_products_says_who_holds_which_revision(sandbox, django_assert_num_queries):
    hcm, an_giang = make_partner(sandbox, slug="hcm"), make_partner(sandbox, slug="an-giang")
    product = make_products(make_member(), 1)[0]
    push(hcm), push(an_giang)
    edit_product(product, price=2)
    push(hcm)
    with django_assert_num_queries(1):
        states = partner_states_for_products([product.pk])[product.pk]
    by_name = {s.partner_name: s for s in states}
    assert by_name["Sàn hcm"].up_to_date and by_name["Sàn hcm"].acknowledged_revision == 2
    assert not by_name["Sàn an-giang"].up_to_date and by_name["Sàn an-giang"].acknowledged_revision == 1


def test_portal_inline_is_read_only_and_explains_the_state(sandbox, admin_user):
    partner = make_partner(sandbox)
    product = make_products(make_member(), 1)[0]
    push(partner)
    request = RequestFactory().get("/")
    request.user = admin_user
    inline = PartnerSyncInline(Product, AdminSite())
    assert not inline.has_add_permission(request) and not inline.has_change_permission(request)
    sync = inline.get_queryset(request).get(product=product)
    assert str(inline.sync_state(sync)) and inline.current_revision(sync) == 1 and str(inline.held_as(sync))


def test_healthz_reports_a_stale_worker(client):
    assert client.get("/healthz").json()["checks"]["worker"]["ok"] is False  # no heartbeat yet
    services.heartbeat_beat()
    body = client.get("/healthz").json()
    assert body["checks"]["worker"]["ok"] is True and body["status"] in {"ok", "degraded"}
    Heartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=10))
    body = client.get("/healthz").json()
    assert body["checks"]["worker"]["ok"] is False and body["status"] == "degraded"


def test_member_opts_out_of_a_partner_through_the_portal_inline(sandbox, admin_user):
    from linkage.models import PartnerOptOut
    from linkage.portal import PartnerOptOutInline
    from members.models import Member

    partner = make_partner(sandbox)
    member = make_member()
    product = make_products(member, 1)[0]
    push(partner)
    request = RequestFactory().post("/")
    request.user = admin_user
    inline = PartnerOptOutInline(Member, AdminSite())
    formset_class = inline.get_formset(request, obj=member)
    prefix = formset_class.get_default_prefix()
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-0-partner": str(partner.pk)}
    formset = formset_class(data, instance=member, prefix=prefix)
    assert formset.is_valid(), formset.errors
    formset.save()

    assert PartnerOptOut.objects.filter(member=member, partner=partner).exists()
    push(partner)
    assert sandbox.state("hcm")[f"urn:baclieu-market:product:{product.pk}"]["status"] == "withdrawn"

    opt_out = PartnerOptOut.objects.get(member=member, partner=partner)
    data = {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "1", f"{prefix}-0-id": str(opt_out.pk),
            f"{prefix}-0-member": str(member.pk), f"{prefix}-0-DELETE": "on"}
    formset = formset_class(data, instance=member, prefix=prefix)
    assert formset.is_valid(), formset.errors
    formset.save()
    push(partner)
    assert sandbox.state("hcm")[f"urn:baclieu-market:product:{product.pk}"]["status"] == "active"


def test_a_view_only_moderator_cannot_run_the_partner_actions(client, sandbox):
    from django.contrib.auth.models import Permission

    from members.models import User

    partner = make_partner(sandbox)
    user = User.objects.create_user("viewer@example.com", "pw-1234567", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_partnerplatform"))
    client.force_login(user)
    response = client.post(reverse("admin:linkage_partnerplatform_changelist"),
                           {"action": "rotate_secret", "_selected_action": [partner.pk]})
    assert PartnerPlatform.objects.get(pk=partner.pk).signing_secret == partner.signing_secret
    assert response.status_code in (200, 302)
