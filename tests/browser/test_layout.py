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
from tests.browser.conftest import LAPTOP, PHONE, SCREENSHOTS, log_in
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


def pages_to_check(claim) -> dict[str, str]:
    source = claim.attributions.get().source
    return {
        "home": "/",
        "vet": f"/vet/?source={source.codename}&text=crystal+meth+prices",
        "story": "/stories/new/",
        "queue": "/queue/",
        "claim": f"/claims/{claim.pk}/",
        "sources": "/sources/",
        "source": f"/sources/{source.pk}/",
        "search": "/search/?q=meth",
        "not-found": "/no-such-page/",
    }


def test_pages_fit_laptop_and_phone_without_console_errors(page, live_server, claim):
    log_in(page, live_server.url, "edna")
    keep = os.environ.get("LEDGER_SCREENSHOTS") == "1"
    for size_name, size in (("laptop", LAPTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, path in pages_to_check(claim).items():
            page.goto(live_server.url + path)
            expect(page.locator("h1")).to_be_visible()
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {size_name} width"
            if keep:
                (SCREENSHOTS / "layout").mkdir(parents=True, exist_ok=True)
                page.screenshot(
                    path=str(SCREENSHOTS / "layout" / f"{name}-{size_name}.png"), full_page=True
                )
    # A 404 logs one "Failed to load resource"; anything else (a CSP refusal) is a bug.
    unexpected = [e for e in page.console_errors if "404" not in e]
    assert unexpected == []


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
