"""Layout and access: every page fits a phone, works from the keyboard, breaks no CSP rule.

Set LEDGER_SCREENSHOTS=1 to also write a screenshot of each page at laptop and
phone widths to artifacts/screenshots/layout/, for looking at the design.
"""

from __future__ import annotations

import datetime
import os

import pytest
from playwright.sync_api import expect

from sources import services
from sources.domain.vocab import Relation
from tests.browser.conftest import SCREENSHOTS, log_in
from tests.browser.site_pages import WIDTHS, build_site, by_role, log_in_state
from tests.factories import EvidenceFactory, OutletFactory, RegionFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def claim(people):
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    TopicFactory(name="Drug trade", slug="drugs")
    larch = services.source_create(
        codename="LARCH", descriptor="a source in Ryanggang Province", region=region
    )
    article = services.article_create(
        outlet=outlet,
        headline="Security cadres move meth under cover of border patrols",
        published_on=datetime.date(2016, 8, 25),
    )
    claim = services.claim_file(
        article=article,
        text="Cadres bought 8 kg of crystal meth inland at 9,000 RMB per kilogram.",
        attributions=[services.AttributionSpec(source=larch)],
        region=region,
        credibility=3,
    )
    services.evidence_link(
        claim=claim,
        evidence=EvidenceFactory(
            summary="A trader in Hyesan names the same price.",
            observed_on=datetime.date(2016, 10, 2),
        ),
        relation=Relation.CORROBORATES,
    )
    return claim


# One evaluation per page: how far it scrolls sideways, which chart text falls
# outside its SVG or under 12 px, and what sticks out past the right edge (where
# the page does not scroll, such content is cut off) outside a scrolling table box.
MEASURE = """() => {
  const width = document.documentElement.clientWidth;
  const shown = (el) => el.getClientRects().length > 0;
  const clipped = [], small = [], cut = [];
  for (const svg of document.querySelectorAll("svg")) {
    const box = svg.getBoundingClientRect();
    if (!shown(svg) || box.width === 0) continue;
    const view = svg.viewBox && svg.viewBox.baseVal;
    const scale = view && view.width ? box.width / view.width : 1;
    for (const text of svg.querySelectorAll("text")) {
      const r = text.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5
          || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5) {
        clipped.push(text.textContent);
      }
      const size = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (size < 12) small.push(`${text.textContent} (${size.toFixed(1)} px)`);
    }
  }
  const parts = "th, td, p, li, dd, figure, svg, input, select, textarea, button, h1, h2, h3";
  for (const el of document.querySelectorAll(`main :is(${parts})`)) {
    if (!shown(el) || el.closest(".table-scroll")) continue;
    if (el.getBoundingClientRect().right > width + 0.5) {
      cut.push(`${el.tagName.toLowerCase()}: ${el.textContent.trim().slice(0, 40)}`);
    }
  }
  return {
    overflow: document.documentElement.scrollWidth - width,
    clipped, small, cut,
  };
}"""


@pytest.fixture
def site(role_groups, settings):
    settings.PUBLIC_TRACK_RECORD = True
    return build_site()


def test_every_page_fits_laptop_and_phone_with_readable_charts(chromium, live_server, site):
    keep = os.environ.get("LEDGER_SCREENSHOTS") == "1"
    problems = []
    for role, pages in by_role(site).items():
        state = log_in_state(chromium, live_server.url, role)
        for width_name, size in WIDTHS.items():
            context = chromium.new_context(viewport=size, storage_state=state)
            context.set_default_timeout(15_000)
            tab = context.new_page()
            errors = []
            tab.on("console", lambda m, e=errors: m.type == "error" and e.append(m.text))
            tab.on("pageerror", lambda exc, e=errors: e.append(str(exc)))
            for page in pages:
                where = f"{page.name} ({role}) at {width_name} px"
                errors.clear()
                response = tab.goto(live_server.url + page.path)
                if response.status != page.status:
                    problems.append(f"{where}: answered {response.status}")
                if page.ready:
                    tab.wait_for_selector(page.ready)
                found = tab.evaluate(MEASURE)
                if found["overflow"] > 0:
                    problems.append(f"{where}: scrolls sideways by {found['overflow']} px")
                for kind in ("clipped", "small", "cut"):
                    if found[kind]:
                        problems.append(f"{where}: {kind} text {found[kind][:3]}")
                # The not-found page's own 404 is the one resource error allowed.
                if page.status == 404:
                    errors[:] = [e for e in errors if "404" not in e]
                if errors:
                    problems.append(f"{where}: console errors {errors}")
                if keep:
                    (SCREENSHOTS / "layout").mkdir(parents=True, exist_ok=True)
                    tab.screenshot(
                        path=str(SCREENSHOTS / "layout" / f"{role}-{page.name}-{width_name}.png"),
                        full_page=True,
                    )
            context.close()
    assert problems == [], "\n".join(problems)


def focused(page) -> str:
    """Describe the focused element (Playwright's to_be_focused also needs window focus)."""
    return page.evaluate(
        "(() => { const e = document.activeElement;"
        " return e.id ? `${e.tagName.toLowerCase()}#${e.id}` : e.textContent.trim(); })()"
    )


def test_keyboard_login_and_skip_link(page, live_server, people):
    page.goto(f"{live_server.url}/accounts/login/")
    assert focused(page) == "input#id_username"  # the login form starts in its first field
    page.keyboard.type("edna")
    page.keyboard.press("Tab")
    assert focused(page) == "input#id_password"
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Source Ledger", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    assert focused(page) == "Skip to content"
    page.keyboard.press("Enter")
    assert focused(page) == "main#main"
    page.keyboard.press("Tab")
    assert focused(page) == "Vet a source"


def test_wrong_password_message_is_shown(page, live_server, people):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("edna")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("alert")).to_contain_text("correct username and password")


def test_story_errors_show_beside_their_fields(page, live_server, claim):
    log_in(page, live_server.url, "edna")
    page.goto(f"{live_server.url}/stories/new/")
    page.locator("#claim-1").get_by_label("Claim", exact=True).fill("A claim with no source.")
    page.get_by_role("button", name="File the story").click()
    expect(page.get_by_role("alert").first).to_contain_text("The story was not filed")
    expect(page.locator("#id_story-headline_error")).to_have_text("This field is required.")
    expect(page.locator("#id_claims-0-source_error")).to_have_text("This field is required.")
    expect(page.locator("#claim-1").get_by_label("Claim", exact=True)).to_have_value(
        "A claim with no source."
    )
