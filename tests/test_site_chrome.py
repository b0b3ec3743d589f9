"""Parts of every page rendered once per language: right in each language, and computed only once."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import translation


def test_a_per_language_fragment_is_rendered_once_per_language():
    template = Template("{% load i18n site_chrome %}{% per_language %}{% translate 'Products' %} {{ n }}{% end_per_language %}")
    with translation.override("vi"):
        assert template.render(Context({"n": 1})) == "Sản phẩm 1"
        # Same language: the stored fragment, whatever the context now says (hence: no page data inside).
        assert template.render(Context({"n": 2})) == "Sản phẩm 1"
    with translation.override("en"):
        assert template.render(Context({"n": 3})) == "Products 3"


def test_fixed_urls_follow_the_language():
    template = Template("{% load site_chrome %}{% fixed_url 'catalog:list' %}")
    with translation.override("vi"):
        assert template.render(Context()) == "/san-pham/"
    with translation.override("en"):
        assert template.render(Context()) == "/en/san-pham/"


def test_the_header_and_footer_speak_the_page_language(client, db):
    vietnamese = client.get("/").content.decode()
    english = client.get("/en/").content.decode()
    assert "Quy chế hoạt động" in vietnamese and 'href="/san-pham/"' in vietnamese
    assert "Operating regulations" in english and 'href="/en/san-pham/"' in english
    assert "Quy chế hoạt động" not in english


def test_a_per_language_fragment_cannot_hold_a_block():
    with pytest.raises(TemplateSyntaxError):
        Template("{% load site_chrome %}{% per_language %}{% block x %}{% endblock %}{% end_per_language %}")
