"""Hostile or nonsense input answers with a normal page and a clear message, never a 500."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"


@pytest.mark.parametrize("params", [
    {"stars": "abc"},
    {"stars": "7"},
    {"price_min": "-1"},
    {"price_max": "1e999"},
    {"price_min": "abc", "price_max": "-5"},
    {"category": "no-such-category"},
    {"district": SCRIPT},
    {"commune": "'; DROP TABLE catalog_product; --"},
    {"zone": "moon"},
    {"kind": "x" * 300},
    {"sort": "id; DELETE"},
    {"producer": "nobody"},
    {"in_stock": "maybe"},
])
def test_bad_filter_values_get_a_message_and_a_normal_page(client, demo_module, params):
    response = client.get(reverse("catalog:list"), params)
    assert response.status_code == 200
    page = response.context["catalogue"]
    html = response.content.decode()
    if set(params) - {"in_stock"}:
        assert page.messages, params
        assert "không hiểu được" in html
    assert page.total > 0
    assert SCRIPT not in html


@pytest.mark.parametrize("q", [
    "x" * 10_000,
    "' OR 1=1 --",
    "%' UNION SELECT password FROM members_user --",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "%%%___\\",
    "\x00\x01 muối",
])
def test_hostile_search_queries(client, demo_module, q):
    response = client.get(reverse("catalog:search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert SCRIPT not in html
    assert "<img src=x" not in html
    if len(q) > 100:
        assert "100 ký tự đầu" in html
        assert len(response.context["catalogue"].query.raw) == 100


@pytest.mark.parametrize("page", ["99999", "0", "-1", "abc", "1" * 50])
def test_a_missing_page_is_a_friendly_404(client, demo_module, page):
    response = client.get(reverse("catalog:list"), {"page": page})
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_the_registry_survives_nonsense_too(client, demo_module):
    response = client.get(reverse("ocop:registry"), {"stars": "abc", "year": "-3", "group": SCRIPT, "district": "x"})
    assert response.status_code == 200
    assert len(response.context["registry"].messages) == 4
    assert SCRIPT not in response.content.decode()
    assert client.get(reverse("ocop:registry"), {"page": "99999"}).status_code == 404


def test_unknown_pages_answer_404(client, demo_module):
    for url in ("/san-pham/khong-co/", "/nha-san-xuat/khong-co/", "/danh-muc/khong-co/", "/ocop/chung-nhan/NOPE/", "/khong-co/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Không tìm thấy trang" in response.content.decode()
