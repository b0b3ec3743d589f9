"""The producers' panel: a member manages its own listings, and only its own; the Department moderates."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.urls import reverse
from PIL import Image

from catalog.models import Category, Product, ProductImage, ProductStatus
from members.audit import verify_chain
from members.models import AuditEntry, MemberStatus
from tests.members.conftest import jpeg_bytes, png_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return Category.objects.get(slug="gia-vi")


def listing_post(commune, category, **overrides):
    data = {
        "name": "Muối hạt Đông Hải",
        "category": category.pk,
        "description": "Muối phơi cát.",
        "price": "25000",
        "unit": "túi 1 kg",
        "stock": "100",
        "commune": commune.pk,
        "zone": "saline",
        "gtin": "",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "syncs-TOTAL_FORMS": "0",
        "syncs-INITIAL_FORMS": "0",
        "syncs-MIN_NUM_FORMS": "0",
        "syncs-MAX_NUM_FORMS": "0",
        "images-0-alt_text": "Túi muối",
        "images-0-position": "0",
        "_save": "Save",
    }
    data.update(overrides)
    return data


def test_owner_adds_a_listing_with_an_image_submits_it_and_the_department_publishes_it(
    client, approved_member, moderator, commune, category, django_capture_on_commit_callbacks
):
    owner, member = approved_member()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:catalog_product_add"),
                               listing_post(commune, category, **{"images-0-image": upload("muoi.png", png_bytes((800, 600)))}))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    product = Product.objects.get(member=member)
    assert product.status == ProductStatus.DRAFT
    image = product.images.get()
    assert image.image.name.endswith(".png") and "muoi" not in image.image.name  # stored under a random name
    assert image.thumbnails and image.alt_text == "Túi muối"  # thumbnails made by the task after commit

    client.post(reverse("portal:catalog_product_changelist"), {"action": "submit_for_review", "_selected_action": [product.pk]})
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED
    assert not Product.objects.published().filter(pk=product.pk).exists()

    client.force_login(moderator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:catalog_product_changelist"), {"action": "publish", "_selected_action": [product.pk]})
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED and product.revision == 2
    assert Product.objects.published().filter(pk=product.pk).exists()
    assert any(product.name in m.subject for m in mail.outbox)
    assert list(AuditEntry.objects.filter(object_type="catalog.product", object_id=str(product.pk)).order_by("id").values_list("action", flat=True)) == [
        "listing.submit", "listing.publish"]


def test_another_members_listing_is_404_by_url_and_ignored_in_actions_and_forms(client, approved_member, commune, category):
    _owner_a, member_a = approved_member()
    owner_b, _member_b = approved_member(email="b@example.com", legal_id="0314409058", name="Công ty Tôm Khô")
    from catalog.services import product_create

    theirs = product_create(member=member_a, category=category, name="Tôm khô A", price=1000, unit="kg", commune=commune, zone="saline")
    client.force_login(owner_b)
    assert client.get(reverse("portal:catalog_product_change", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("portal:catalog_product_change", args=[theirs.pk]), listing_post(commune, category, name="Hacked")).status_code == 404
    assert client.get(reverse("portal:catalog_product_changelist")).context["cl"].result_count == 0
    client.post(reverse("portal:catalog_product_changelist"), {"action": "submit_for_review", "_selected_action": [theirs.pk]})
    client.post(reverse("portal:catalog_product_changelist"), {"action": "withdraw", "_selected_action": [theirs.pk]})
    theirs.refresh_from_db()
    assert theirs.name == "Tôm khô A" and theirs.status == ProductStatus.DRAFT
    # B belongs to one member: the member field is not offered; B cannot add to A by forging the field either
    response = client.post(reverse("portal:catalog_product_add"), listing_post(commune, category, member=member_a.pk))
    assert not Product.objects.filter(member=member_a).exclude(pk=theirs.pk).exists()
    assert response.status_code in (200, 302)
    # Memberships of another member are not listed either, nor can one invite into it
    assert client.get(reverse("portal:members_membership_changelist")).context["cl"].result_count == 1
    response = client.post(reverse("portal:members_membership_add"), {"member": member_a.pk, "email": "x@example.com"})
    assert response.status_code == 200 and "member" in response.context["adminform"].form.errors
    assert not member_a.memberships.filter(user__email="x@example.com").exists()


def test_a_user_without_membership_cannot_open_the_portal(client, make_user):
    client.force_login(make_user("no-one@example.com"))
    response = client.get(reverse("portal:index"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("members:application")
    assert client.get(reverse("portal:catalog_product_changelist")).status_code == 302


def _bomb_png() -> bytes:
    # A PNG claiming 20000 × 20000 pixels (400 MP): tiny on disk, huge once decoded.
    buffer = io.BytesIO()
    Image.new("1", (20000, 20000)).save(buffer, "PNG")
    return buffer.getvalue()


HOSTILE_IMAGES = {
    "text renamed .jpg": ("anh.jpg", b"just some text, not an image\n" * 10),
    "truncated image": ("cut.jpg", jpeg_bytes((400, 300))[:300]),
    "decompression bomb": ("bomb.png", None),
    "svg with script": ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
    "svg renamed png": ("x.png", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
}


@pytest.mark.parametrize("case", list(HOSTILE_IMAGES))
def test_hostile_images_are_refused_with_a_message_and_nothing_is_stored(client, approved_member, commune, category, case):
    owner, _member = approved_member()
    name, data = HOSTILE_IMAGES[case]
    data = data if data is not None else _bomb_png()
    client.force_login(owner)
    response = client.post(reverse("portal:catalog_product_add"), listing_post(commune, category, **{"images-0-image": upload(name, data)}))
    assert response.status_code == 200
    errors = str(response.context["inline_admin_formsets"][0].formset.errors)
    assert "image" in errors.lower() or "ảnh" in errors.lower()
    assert not Product.objects.exists() and not ProductImage.objects.exists()


def test_a_50_mb_upload_is_refused(client, approved_member, commune, category, application_post, make_user):
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (50 * 1024 * 1024)
    owner, _member = approved_member()
    client.force_login(owner)
    response = client.post(reverse("portal:catalog_product_add"), listing_post(commune, category, **{"images-0-image": upload("big.png", big)}))
    assert response.status_code == 200 and not ProductImage.objects.exists()
    client.force_login(make_user("big@example.com"))
    response = client.post(reverse("members:application"), application_post(legal_id="0312687878", documents=[upload("big.pdf", b"%PDF-1.4" + b"\0" * (50 * 1024 * 1024))]))
    assert response.status_code == 200
    assert "too large" in str(response.context["form"].errors) or "quá lớn" in str(response.context["form"].errors)


@pytest.mark.parametrize("name,data", [("doc.pdf", b"not a pdf at all"), ("x.svg", b"<svg onload='alert(1)'/>"),
                                       ("doc.pdf", b"<html><script>alert(1)</script></html>")])
def test_hostile_documents_are_refused(client, make_user, application_post, name, data):
    from members.models import MembershipApplication

    client.force_login(make_user("doc@example.com"))
    response = client.post(reverse("members:application"), application_post(documents=[upload(name, data, "application/pdf")]))
    assert response.status_code == 200 and response.context["form"].errors["documents"]
    assert not MembershipApplication.objects.exists()


def test_posts_without_csrf_token_are_refused(approved_member, commune, category, application_post, make_user):
    from django.test import Client

    owner, _member = approved_member()
    client = Client(enforce_csrf_checks=True)
    client.force_login(owner)
    assert client.post(reverse("portal:catalog_product_add"), listing_post(commune, category)).status_code == 403
    client.force_login(make_user("csrf@example.com"))
    assert client.post(reverse("members:application"), application_post()).status_code == 403
    assert not Product.objects.exists()


def test_edit_rule_price_goes_live_material_change_goes_back_to_review(client, approved_member, moderator, commune, category):
    from catalog import services

    owner, member = approved_member()
    product = services.product_create(member=member, category=category, name="Muối tinh", price=20000, unit="kg",
                                      commune=commune, zone="saline", status=ProductStatus.SUBMITTED)
    services.product_publish(product=product, actor=moderator)
    client.force_login(owner)
    base = listing_post(commune, category, name="Muối tinh", price="20000", unit="kg", description="", stock="0",
                        **{"images-TOTAL_FORMS": "0"})
    client.post(reverse("portal:catalog_product_change", args=[product.pk]), {**base, "price": "22000"})
    product.refresh_from_db()
    assert (product.status, product.price, product.revision) == (ProductStatus.PUBLISHED, 22000, 3)
    response = client.post(reverse("portal:catalog_product_change", args=[product.pk]),
                           {**base, "price": "22000", "name": "Muối tinh <b>sạch</b>"}, follow=True)
    assert any("review" in str(m) or "kiểm duyệt" in str(m) for m in response.context["messages"])
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED and product.revision == 4
    assert not Product.objects.published().filter(pk=product.pk).exists()
    assert AuditEntry.objects.filter(action="listing.edit_material", object_id=str(product.pk)).exists()


def test_suspending_a_member_hides_all_its_listings_at_once_and_bumps_revisions(client, approved_member, moderator, commune, category,
                                                                              django_capture_on_commit_callbacks):
    from catalog import services
    from catalog.signals import listings_changed

    owner, member = approved_member()
    products = [services.product_create(member=member, category=category, name=f"Tôm khô {i}", price=1000, unit="kg", commune=commune,
                                        zone="brackish", status=ProductStatus.PUBLISHED) for i in range(3)]
    seen = []
    listings_changed.connect(lambda sender, product_ids, **kw: seen.extend(product_ids), weak=False, dispatch_uid="t-suspend")
    try:
        client.force_login(moderator)
        url = reverse("admin:members_member_changelist")
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"action": "suspend", "_selected_action": [member.pk], "apply": "1", "reason": "Hàng giả"})
    finally:
        listings_changed.disconnect(dispatch_uid="t-suspend")
    member.refresh_from_db()
    assert member.status == MemberStatus.SUSPENDED
    assert not Product.objects.published().filter(member=member).exists()
    assert sorted(Product.objects.filter(member=member).values_list("revision", flat=True)) == [2, 2, 2]
    assert sorted(seen) == sorted(p.pk for p in products)
    assert AuditEntry.objects.get(action="member.suspend").reason == "Hàng giả"
    assert any("Hàng giả" in m.body for m in mail.outbox)
    # A suspended member's users can look but not submit
    client.force_login(owner)
    client.post(reverse("portal:catalog_product_changelist"), {"action": "withdraw", "_selected_action": [products[0].pk]})
    products[0].refresh_from_db()
    assert products[0].status == ProductStatus.PUBLISHED
    # Reinstated: visible again, revisions bumped again
    client.force_login(moderator)
    client.post(url, {"action": "reinstate", "_selected_action": [member.pk], "apply": "1", "reason": ""})
    assert Product.objects.published().filter(member=member).count() == 3
    assert set(Product.objects.filter(member=member).values_list("revision", flat=True)) == {3}


def test_takedown_needs_a_reason_and_tells_the_member(client, approved_member, moderator, commune, category,
                                                     django_capture_on_commit_callbacks):
    from catalog import services

    _owner, member = approved_member()
    product = services.product_create(member=member, category=category, name="Mắm ba khía", price=1000, unit="hũ",
                                      commune=commune, zone="brackish", status=ProductStatus.PUBLISHED)
    client.force_login(moderator)
    url = reverse("admin:catalog_product_changelist")
    response = client.post(url, {"action": "takedown", "_selected_action": [product.pk], "apply": "1", "reason": ""})
    assert response.status_code == 200
    product.refresh_from_db()
    assert product.status == ProductStatus.PUBLISHED
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"action": "takedown", "_selected_action": [product.pk], "apply": "1", "reason": "Yêu cầu của cơ quan chức năng"})
    product.refresh_from_db()
    assert product.status == ProductStatus.REJECTED and product.status_reason == "Yêu cầu của cơ quan chức năng"
    assert not Product.objects.published().filter(pk=product.pk).exists()
    assert any("Yêu cầu của cơ quan chức năng" in m.body for m in mail.outbox)


def test_owner_invites_a_staff_user_who_sets_a_password_from_the_email(client, approved_member, django_capture_on_commit_callbacks):
    import re

    owner, member = approved_member()
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:members_membership_add"), {"member": member.pk, "email": "nhan-vien@example.com"})
    assert response.status_code == 302
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[-1].body).group(0)
    client.logout()
    path = link.split("127.0.0.1:8000", 1)[1]
    form_page = client.get(path, follow=True)
    client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
                {"password1": "Tom-kho-2026!", "password2": "Tom-kho-2026!"})
    assert client.login(email="nhan-vien@example.com", password="Tom-kho-2026!")
    assert client.get(reverse("portal:catalog_product_changelist")).status_code == 200


def test_the_audit_trail_is_read_only_exportable_and_tamper_evident(client, approved_member, moderator, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.db import connection

    approved_member()
    client.force_login(moderator)
    changelist = reverse("admin:members_auditentry_changelist")
    assert client.get(changelist).status_code == 200
    entry = AuditEntry.objects.order_by("id").first()
    assert client.get(reverse("admin:members_auditentry_change", args=[entry.pk])).status_code == 200
    assert client.post(reverse("admin:members_auditentry_change", args=[entry.pk]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("admin:members_auditentry_delete", args=[entry.pk])).status_code == 403
    csv_text = b"".join(client.get(reverse("admin:members_auditentry_export") + "?action__exact=application.approve").streaming_content).decode()
    assert "application.approve" in csv_text and "application.submit" not in csv_text
    call_command("verify_audit_chain")
    if connection.vendor == "postgresql":
        from django.db import DatabaseError, transaction

        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(reason="edited")
        return
    AuditEntry.objects.filter(pk=entry.pk).update(reason="edited")
    assert verify_chain().broken_at == entry.pk
    with pytest.raises(CommandError):
        call_command("verify_audit_chain")


test_the_audit_trail_is_read_only_exportable_and_tamper_evident.tampers_with_audit = True


def test_another_listings_image_id_in_my_form_is_refused(client, approved_member, commune, category):
    from catalog import services

    owner_a, member_a = approved_member()
    _owner_b, member_b = approved_member(email="b2@example.com", legal_id="0314409058", name="Công ty B")
    mine = services.product_create(member=member_a, category=category, name="Của A", price=1000, unit="kg", commune=commune, zone="saline")
    theirs = services.product_create(member=member_b, category=category, name="Của B", price=1000, unit="kg", commune=commune, zone="saline")
    their_image = services.product_image_add(product=theirs, upload=upload("b.png", png_bytes()), alt_text="ảnh của B")
    client.force_login(owner_a)
    data = listing_post(commune, category, name="Của A", price="1000", unit="kg", description="", stock="0", **{
        "images-TOTAL_FORMS": "1", "images-INITIAL_FORMS": "1", "images-0-id": str(their_image.pk), "images-0-product": str(theirs.pk),
        "images-0-alt_text": "chiếm ảnh", "images-0-DELETE": "on",
    })
    response = client.post(reverse("portal:catalog_product_change", args=[mine.pk]), data)
    assert response.status_code in (200, 302)  # the formset only knows this listing's images: the id is ignored
    their_image.refresh_from_db()  # still there, unchanged, still theirs
    assert their_image.product_id == theirs.pk and their_image.alt_text == "ảnh của B"
    assert not mine.images.exists()
