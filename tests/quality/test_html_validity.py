"""Gate: the Nu HTML Checker (vnu-jar) finds no error on the shopper pages."""

import json
import subprocess

import pytest
from django.utils import translation

from tests.quality.pages import shopper_pages, with_gallery

pytestmark = pytest.mark.django_db


def test_shopper_pages_are_valid_html(client, demo_module, vnu_command, tmp_path, settings):
    settings.CATALOG_PAGE_CACHE = False
    with_gallery("muoi-hat-bac-lieu")
    with translation.override("vi"):
        pages = shopper_pages()
    files = {}
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url)
        path = tmp_path / f"{name.replace(' ', '-')}.html"
        path.write_bytes(response.content)
        files[str(path)] = name
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *files], capture_output=True, text=True, timeout=180
    )
    messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(files) == len(pages) >= 9
    assert not errors, "\n".join(errors)
