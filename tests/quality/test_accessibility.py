"""Gate: axe-core finds no serious or critical accessibility violation on the shopper pages."""

import pytest
from django.utils import translation

from tests.quality.pages import shopper_pages, with_gallery

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                      nodes: v.nodes.slice(0, 3).map(n => n.target.join(" "))}));
}"""


def test_no_serious_or_critical_axe_violations(live_server, page, axe_script):
    from demo.seed import seed_demo
    from tests.quality.reference import ensure_reference_data

    ensure_reference_data()
    seed_demo(with_images=False)
    with_gallery("muoi-hat-bac-lieu")
    with translation.override("vi"):
        pages = shopper_pages()
    problems = []
    for name, url in pages.items():
        response = page.goto(live_server.url + url)
        assert response.status == 200, (name, url)
        page.add_script_tag(path=str(axe_script))
        for violation in page.evaluate(RUN_AXE):
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{name}: {violation['id']} ({violation['impact']}): {violation['help']} at {violation['nodes']}")
    assert not problems, "\n".join(problems)
