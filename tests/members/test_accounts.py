"""Accounts with allauth: e-mail sign-up with mandatory verification, password reset, log-in rate limit."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Ca-Mau-Bac-Lieu-2026"


def _link(pattern: str) -> str:
    return re.search(pattern, mail.outbox[-1].body).group(0).split("8000", 1)[-1]


def test_sign_up_needs_the_emailed_link_before_logging_in(client):
    response = client.post(reverse("account_signup"), {"email": "moi@example.com", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and "confirm-email" in response["Location"]
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Sàn TMĐT" in message.subject or "e-mail" in message.subject.lower()
    # Logging in before confirming shows the verification page, not the site
    response = client.post(reverse("account_login"), {"login": "moi@example.com", "password": PASSWORD})
    assert "confirm-email" in response["Location"]
    confirm = _link(r"http://\S+/accounts/confirm-email/\S+/")
    assert client.post(confirm).status_code == 302
    response = client.post(reverse("account_login"), {"login": "moi@example.com", "password": PASSWORD})
    assert response["Location"] == reverse("members:application")


def test_account_pages_are_in_the_sites_look_and_vietnamese(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'class="site-header"' in page and "Đăng nhập" in page and "Mật khẩu" in page
    page = client.get("/en" + reverse("account_login")).content.decode()
    assert "Log in" in page and "Password" in page


def test_password_reset_by_emailed_link(client, make_user):
    make_user("quen@example.com")
    client.post(reverse("account_reset_password"), {"email": "quen@example.com"})
    link = _link(r"http://\S+/accounts/password/reset/key/\S+")
    page = client.get(link, follow=True)
    target = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(target, {"password1": PASSWORD, "password2": PASSWORD})
    assert client.login(email="quen@example.com", password=PASSWORD)


def test_repeated_failed_logins_are_rate_limited(client, make_user):
    make_user("doan-mat-khau@example.com")
    for _ in range(5):
        response = client.post(reverse("account_login"), {"login": "doan-mat-khau@example.com", "password": "wrong"})
        assert response.status_code == 200
    response = client.post(reverse("account_login"), {"login": "doan-mat-khau@example.com", "password": "a-Long-passw0rd!"})
    # Even the right password is refused while the limit holds
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


def test_header_links_follow_who_is_signed_in(client, make_user, approved_member, moderator):
    from django.utils import translation

    translation.activate("vi")
    assert reverse("account_signup") in client.get("/").content.decode()
    client.force_login(make_user("khach@example.com"))
    assert reverse("members:application") in client.get("/").content.decode()
    owner, _ = approved_member()
    client.force_login(owner)
    assert reverse("portal:index") in client.get("/").content.decode()
    client.force_login(moderator)
    assert reverse("admin:index") in client.get("/").content.decode()
