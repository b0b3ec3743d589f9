"""Shopper journeys in Chromium, on a desktop window and on a phone-sized screen."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}},
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2},
}


def search_muoi_hat_and_open_the_salt(page, base):
    page.goto(base + "/")
    page.get_by_role("searchbox", name="Tìm sản phẩm").fill("muoi hat")
    page.get_by_role("searchbox", name="Tìm sản phẩm").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("muoi hat")
    page.get_by_role("link", name=re.compile(r"^Muối hạt Bạc Liêu")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muối hạt Bạc Liêu")
    expect(page.locator(".product-price .price")).to_contain_text(re.compile(r"^\d{1,3}(\.\d{3})* ₫$"))


def filter_four_star_food_from_hong_dan(page, base, expected_count):
    page.goto(base + "/san-pham/")
    page.locator(".facet-category a", has_text=re.compile(r"^Thực phẩm \(")).click()
    page.locator(".facet-stars a", has_text=re.compile(r"^4 sao \(")).click()
    page.locator(".facet-district a", has_text=re.compile(r"^Huyện Hồng Dân \(")).click()
    assert re.search(r"category=thuc-pham", page.url) and "stars=4" in page.url and "district=hong-dan" in page.url
    expect(page.locator("#result-count")).to_have_text(f"{expected_count} sản phẩm")
    expect(page.locator(".results .card")).to_have_count(min(expected_count, 24))
    for badge in page.locator(".results .badge-ocop").all():
        expect(badge).to_contain_text("★★★★")


def follow_the_badge_to_the_certificate(page, base, decision_number):
    page.goto(base + "/san-pham/muoi-hat-bac-lieu/")
    page.locator(".ocop-badge").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "recognised")
    expect(page.locator(".facts")).to_contain_text(decision_number)


def switch_to_english_and_back(page, base):
    page.goto(base + "/san-pham/muoi-hat-bac-lieu/")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.url.endswith("/en/san-pham/muoi-hat-bac-lieu/")
    expect(page.locator(".ocop-badge")).to_contain_text("Verify the certificate")
    page.get_by_role("link", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    assert page.url.endswith("/san-pham/muoi-hat-bac-lieu/") and "/en/" not in page.url
    expect(page.locator(".ocop-badge")).to_contain_text("Xác minh giấy chứng nhận")


def test_shopper_journeys_on_desktop_and_phone(live_server, browser):
    from catalog.models import Product
    from demo.seed import seed_demo
    from ocop.models import Certificate
    from tests.quality.reference import ensure_reference_data

    ensure_reference_data()
    seed_demo(with_images=False)
    expected = Product.objects.published().filter(
        category__ocop_group="food", ocop_stars=4, commune__former_districts__slug="hong-dan"
    ).count()
    assert expected > 0
    decision = Certificate.objects.recognised().get(product__slug="muoi-hat-bac-lieu").decision_number
    for name, options in VIEWPORTS.items():
        context = browser.new_context(**options)
        page = context.new_page()
        try:
            search_muoi_hat_and_open_the_salt(page, live_server.url)
            filter_four_star_food_from_hong_dan(page, live_server.url, expected)
            follow_the_badge_to_the_certificate(page, live_server.url, decision)
            switch_to_english_and_back(page, live_server.url)
            if name == "phone":
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
        finally:
            context.close()
