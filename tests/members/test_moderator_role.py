"""The "Department moderator" group: exactly what moderation needs, nothing more."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.models import Category, ProductStatus
from catalog.services import product_create
from members.permissions import MODERATOR_PERMISSIONS

pytestmark = pytest.mark.django_db


def test_the_group_holds_exactly_the_listed_permissions(moderator):
    granted = {f"{p.content_type.app_label}.{p.codename}" for g in moderator.groups.all() for p in g.permissions.all()}
    assert granted == set(MODERATOR_PERMISSIONS)
    # The only deletion is lifting a member's opt-out from a partner (restoring consent, through the consent services).
    assert {p for p in granted if p.split(".")[1].startswith("delete_")} == {"linkage.delete_partneroptout"}


def test_a_moderator_cannot_add_users_delete_listings_or_edit_listing_fields(client, moderator, approved_member, commune):
    _owner, member = approved_member()
    product = product_create(member=member, category=Category.objects.get(slug="gia-vi"), name="Muối", price=1000, unit="kg",
                             commune=commune, zone="saline", status=ProductStatus.PUBLISHED)
    client.force_login(moderator)
    assert client.get(reverse("admin:members_user_add")).status_code == 403
    assert client.get(reverse("admin:catalog_product_delete", args=[product.pk])).status_code == 403
    assert client.get(reverse("admin:members_member_delete", args=[member.pk])).status_code == 403
    assert client.get(reverse("admin:members_membershipapplication_add")).status_code == 403
    page = client.get(reverse("admin:catalog_product_change", args=[product.pk])).content.decode()
    assert 'name="name"' not in page and 'name="price"' not in page  # read-only: changes go through the actions
    assert client.get(reverse("admin:members_auditentry_changelist")).status_code == 200


def test_editing_a_members_details_is_audited_and_status_is_not_editable(client, moderator, approved_member):
    from members.models import AuditEntry

    _owner, member = approved_member()
    client.force_login(moderator)
    url = reverse("admin:members_member_change", args=[member.pk])
    page = client.get(url).content.decode()
    assert 'name="status"' not in page
    data = {
        "name": member.name, "business_registration_number": member.business_registration_number,
        "business_registration_date": member.business_registration_date.isoformat(), "representative": "Người đại diện mới",
        "mobile": member.mobile, "email": member.email, "address": member.address, "commune": member.commune_id,
        "description": member.description, "website": "", "status": "suspended",
        "memberships-TOTAL_FORMS": "1", "memberships-INITIAL_FORMS": "1", "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000", "memberships-0-id": str(member.memberships.get().pk),
        "memberships-0-member": str(member.pk),
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.representative == "Người đại diện mới" and member.status == "approved"
    entry = AuditEntry.objects.get(action="member.edit")
    assert entry.changes == {"representative": ["Trần Văn Muối", "Người đại diện mới"]} and entry.actor == moderator


def test_the_application_page_has_the_decision_buttons_and_they_work(client, moderator, make_user, application_post):
    from members.models import ApplicationStatus, MembershipApplication

    client.force_login(make_user("nut@example.com"))
    client.post(reverse("members:application"), application_post())
    application = MembershipApplication.objects.get()
    client.force_login(moderator)
    page = client.get(reverse("admin:members_membershipapplication_change", args=[application.pk])).content.decode()
    for name in ("approve", "request_changes", "reject"):
        assert f'name="action" value="{name}"' in page
    client.post(reverse("admin:members_membershipapplication_changelist"), {"action": "approve", "_selected_action": application.pk})
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
