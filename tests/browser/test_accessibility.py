"""axe-core's WCAG 2.1 A and AA rules on every page, at laptop and phone widths.

axe-core comes from the npm registry, pinned in package.json and
package-lock.json; `make test` runs `npm ci` before the suite. The test fails,
saying so, when node_modules is missing rather than skipping.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.site_pages import WIDTHS, build_site, by_role, log_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("critical", "serious")

RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
  }));
}"""

# axe only asks a person to review an aria-describedby (or -labelledby, or a
# label's for) that names no element; such a reference is always a bug, so
# this test fails on it outright.
BROKEN_REFERENCES = """() => {
  const broken = [];
  for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls", "for"]) {
    for (const el of document.querySelectorAll(`[${attr}]`)) {
      for (const id of el.getAttribute(attr).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) broken.push(`${el.tagName.toLowerCase()} ${attr}=${id}`);
      }
    }
  }
  return broken;
}"""


@pytest.fixture
def site(role_groups, settings):
    settings.PUBLIC_TRACK_RECORD = True
    return build_site()


def test_no_page_has_critical_or_serious_wcag_violations(chromium, live_server, site):
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node_modules` (npm ci installs axe-core).")
    problems = []
    for role, pages in by_role(site).items():
        state = log_in_state(chromium, live_server.url, role)
        for width_name, size in WIDTHS.items():
            # The site's Content-Security-Policy allows only its own scripts, so it
            # would refuse axe's: this context alone, used only to audit, bypasses
            # the policy. Every other browser test runs under the real one.
            context = chromium.new_context(viewport=size, storage_state=state, bypass_csp=True)
            context.set_default_timeout(15_000)
            tab = context.new_page()
            for page in pages:
                where = f"{page.name} ({role}) at {width_name} px"
                tab.goto(live_server.url + page.path)
                if page.ready:
                    tab.wait_for_selector(page.ready)
                tab.add_script_tag(path=str(AXE))
                for violation in tab.evaluate(RUN_AXE, WCAG_21_AA):
                    if violation["impact"] in BLOCKING:
                        problems.append(
                            f"{where}: {violation['impact']} {violation['id']} "
                            f"at {violation['nodes']}"
                        )
                for reference in tab.evaluate(BROKEN_REFERENCES):
                    problems.append(f"{where}: {reference} names no element")
            context.close()
    assert problems == [], "\n".join(problems)
