"""The whole journey in Chromium: sign up → verify e-mail → apply → approved → listing with an image →
submitted → published → on the public site; another member cannot open or edit it by URL."""

from __future__ import annotations

import re

import pytest
from django.core import mail

from tests.members.conftest import make_user, moderator  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Muoi-Dong-Hai-2026"


def _pdf(path):
    path.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    return path


def _png(path):
    from PIL import Image

    Image.new("RGB", (640, 480), (230, 230, 210)).save(path, "PNG")
    return path


def _login(page, base, email, password):
    page.goto(base + "/accounts/login/")
    page.fill('input[name="login"]', email)
    page.fill('input[name="password"]', password)
    page.locator("main form.stack-form button[type=submit]").click()


def _logout(page, base):
    page.context.clear_cookies()


def test_a_producer_joins_lists_a_product_and_it_goes_public(live_server, page, tmp_path, make_user, moderator):  # noqa: F811
    from catalog.models import Product, ProductStatus

    base = live_server.url
    # Sign up
    page.goto(base + "/accounts/signup/")
    page.fill('input[name="email"]', "chu-co-so@example.com")
    page.fill('input[name="password1"]', PASSWORD)
    page.fill('input[name="password2"]', PASSWORD)
    page.locator("main form.stack-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))
    # Verify the e-mail from the test mailbox
    link = re.search(r"http://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(base + link.split("8000", 1)[1] if "8000" in link else link)
    page.locator("main form button[type=submit]").click()
    # Log in and apply
    _login(page, base, "chu-co-so@example.com", PASSWORD)
    page.wait_for_url(re.compile(r"/members/application/"))
    page.select_option('select[name="kind"]', "cooperative")
    page.fill('input[name="name"]', "Hợp tác xã Muối Gò Cát")
    page.fill('input[name="legal_id"]', "0100233488")
    page.fill('input[name="business_registration_number"]', "6107000999")
    page.fill('input[name="business_registration_date"]', "2018-03-02")
    page.fill('input[name="representative"]', "Lê Thị Muối")
    page.fill('input[name="mobile"]', "0912 345 678")
    page.fill('input[name="email"]', "htx-go-cat@example.com")
    page.fill('input[name="address"]', "Ấp Gò Cát")
    page.select_option('select[name="commune"]', label="Xã Long Điền")
    page.set_input_files('input[name="documents"]', str(_pdf(tmp_path / "giay-phep.pdf")))
    page.locator("main form.stack-form button[type=submit]").click()
    assert page.locator('[data-application-status="submitted"]').is_visible()

    # The moderator approves
    _logout(page, base)
    _login(page, base, moderator.email, "a-Long-passw0rd!")
    page.goto(base + "/admin/members/membershipapplication/")
    page.locator('input[name="_selected_action"]').first.check()
    page.select_option('select[name="action"]', "approve")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()

    # The owner adds a listing with an image and submits it
    _logout(page, base)
    _login(page, base, "chu-co-so@example.com", PASSWORD)
    page.wait_for_url(re.compile(r"/portal/"))
    page.goto(base + "/portal/catalog/product/add/")
    page.fill('input[name="name"]', "Muối hạt Gò Cát")
    page.select_option('select[name="category"]', label="Gia vị")
    page.fill('textarea[name="description"]', "Muối phơi cát truyền thống.")
    page.fill('input[name="price"]', "30000")
    page.fill('input[name="unit"]', "túi 1 kg")
    page.fill('input[name="stock"]', "50")
    page.select_option('select[name="commune"]', label="Xã Long Điền")
    page.select_option('select[name="zone"]', "saline")
    page.set_input_files('input[name="images-0-image"]', str(_png(tmp_path / "muoi.png")))
    page.fill('input[name="images-0-alt_text"]', "Túi muối hạt")
    page.locator('input[name="_save"]').click()
    page.wait_for_url(re.compile(r"/portal/catalog/product/$"))
    product = Product.objects.get(name="Muối hạt Gò Cát")
    assert product.images.count() == 1
    page.locator(f'input[name="_selected_action"][value="{product.pk}"]').check()
    page.select_option('select[name="action"]', "submit_for_review")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    product.refresh_from_db()
    assert product.status == ProductStatus.SUBMITTED

    # The moderator publishes
    _logout(page, base)
    _login(page, base, moderator.email, "a-Long-passw0rd!")
    page.goto(base + "/admin/catalog/product/?queue=review")
    page.locator(f'input[name="_selected_action"][value="{product.pk}"]').check()
    page.select_option('select[name="action"]', "publish")
    page.locator('button[name="index"]').click()
    page.wait_for_load_state()
    assert Product.objects.published().filter(pk=product.pk).exists()

    # The listing is on the public site
    _logout(page, base)
    response = page.goto(base + product.get_absolute_url())
    assert response.status == 200
    assert page.get_by_text("Muối hạt Gò Cát").first.is_visible()

    # A second member cannot open or edit it by URL
    from members.models import AdministrativeUnit, Member, Membership, MembershipRole

    other_user = make_user("khac@example.com", password=PASSWORD)
    other = Member.objects.create(kind="enterprise", name="Công ty Khác", slug="cong-ty-khac", legal_id="0314409058",
                                  representative="A", mobile="0987654321", email="k@example.com", address="x",
                                  commune=AdministrativeUnit.objects.get(slug="xa-long-dien"), status="approved")
    Membership.objects.create(user=other_user, member=other, role=MembershipRole.OWNER)
    _login(page, base, "khac@example.com", PASSWORD)
    page.wait_for_url(re.compile(r"/portal/"))
    response = page.goto(base + f"/portal/catalog/product/{product.pk}/change/")
    assert response.status == 404
    assert page.locator(f'input[name="_selected_action"][value="{product.pk}"]').count() == 0
    product.refresh_from_db()
    assert product.name == "Muối hạt Gò Cát"
