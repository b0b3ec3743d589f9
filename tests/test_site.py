import json

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_live_figures(client, demo_data):
    response = client.get(reverse("catalog:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'lang="vi"' in html
    figures = response.context["figures"]
    assert (figures.members, figures.ocop_products, figures.ocop_by_stars[4], figures.ocop_by_stars[3]) == (85, 148, 32, 116)
    assert '<div class="figure" data-figure="members"><dt>Thành viên</dt><dd>85</dd></div>' in html


def test_home_in_english(client, demo_data):
    response = client.get("/en/")
    assert response.status_code == 200
    assert 'lang="en"' in response.content.decode()
    assert "<dt>Members</dt>" in response.content.decode()


def test_healthz_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] in {"ok", "degraded"}
    assert body["checks"]["database"]["ok"] is True
    assert "broker" in body["checks"]


def test_healthz_is_503_when_the_database_is_down(client, monkeypatch):
    def broken_cursor(*args, **kwargs):
        from django.db import OperationalError

        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["database"] == {"ok": False, "error": "OperationalError"}


def test_healthz_answers_only_get(client):
    assert client.post("/healthz").status_code == 405


def test_admin_has_every_model_registered(admin_client):
    from django.apps import apps
    from django.contrib import admin

    for app_label in ("members", "catalog", "ocop", "linkage"):
        for model in apps.get_app_config(app_label).get_models():
            assert admin.site.is_registered(model), model
            url = reverse(f"admin:{app_label}_{model._meta.model_name}_changelist")
            assert admin_client.get(url).status_code == 200, url
