"""A shopper opens the home page in Chromium and reads the floor's figures."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_shows_the_published_figures(live_server, page):
    from demo.seed import seed_demo

    seed_demo(with_images=False)
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"

    def figure(name):
        return page.locator(f'[data-figure="{name}"] dd').inner_text()

    assert figure("members") == "85"
    assert figure("ocop") == "148"
    assert figure("ocop-4") == "32"
    assert figure("ocop-3") == "116"
    assert page.get_by_text("Sản phẩm OCOP", exact=True).first.is_visible()
