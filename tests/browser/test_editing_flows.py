"""Correcting the record in a real browser (issue 16), one flow per test.

Chromium starts once for the module; each role logs in once through the real
form and its cookies are reused (``site_pages.log_in_state``). Every page runs
under the site's own Content-Security-Policy: the live search is htmx from our
static files, and no console error is allowed.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Article, Claim
from tests.browser.conftest import LAPTOP, PASSWORD
from tests.browser.site_pages import log_in_state
from tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    OutletFactory,
    RegionFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RYANGGANG = "a source in Ryanggang Province"
# The logins site_pages.log_in_state knows by role.
LOGINS = {"reporter": "rita", "editor": "edna", "checker": "felix"}


@pytest.fixture
def ledger(role_groups):
    """LARCH (handled by rita), rita's story with one claim, and evidence from a blog post."""
    people = {
        role: UserFactory(username=name, password=PASSWORD, roles=[group])
        for (role, name), group in zip(
            LOGINS.items(), (roles.REPORTER, roles.EDITOR, roles.FACT_CHECKER), strict=True
        )
    }
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    larch = services.source_create(
        codename="LARCH", descriptor=RYANGGANG, region=region, handler=people["reporter"]
    )
    story = services.article_create(
        outlet=outlet,
        headline="Security cadres move meth under cover of border patrols",
        published_on=datetime.date(2016, 8, 25),
        reporter=people["reporter"],
    )
    claim = services.claim_file(
        article=story,
        text="Cadres bought 9 kg of crystal meth inland at 9,000 RMB per kilogram.",
        attributions=[services.AttributionSpec(source=larch)],
        region=region,
        filed_by=people["reporter"],
    )
    blog = ArticleFactory(
        outlet=OutletFactory(name="Border Blog", slug="border-blog"),
        headline="Blog post on the border meth trade",
        published_on=datetime.date(2016, 9, 2),
    )
    link = services.evidence_link(
        claim=claim,
        evidence=EvidenceFactory(
            summary="A blog post gives the same price.",
            observed_on=datetime.date(2016, 9, 2),
            article=blog,
        ),
        relation=Relation.CORROBORATES,
        recorded_by=people["checker"],
    )
    waiting = services.claim_file(
        article=story,
        text="The meth crossed the river at Hyesan at night.",
        attributions=[services.AttributionSpec(source=larch)],
        filed_by=people["reporter"],
    )
    return {
        "claim": claim,
        "waiting": waiting,
        "story": story,
        "blog": blog,
        "link": link,
        "larch": larch,
        **people,
    }


@pytest.fixture
def open_as(chromium, live_server):
    """Return a function opening a logged-in tab for a role; closes them all afterwards."""
    contexts = []

    def opener(role: str):
        state = log_in_state(chromium, live_server.url, role)
        context = chromium.new_context(viewport=LAPTOP, storage_state=state)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        tab.console_errors = []
        tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
        tab.on("pageerror", lambda exc: tab.console_errors.append(str(exc)))
        return tab

    yield opener
    for context in contexts:
        context.close()


def claim_url(live_server, claim) -> str:
    return f"{live_server.url}/claims/{claim.pk}/"


def test_a_reporter_corrects_a_claim(open_as, live_server, ledger):
    tab = open_as("reporter")
    tab.goto(claim_url(live_server, ledger["claim"]))
    tab.get_by_role("link", name="Correct this claim").click()
    tab.get_by_label("Claim", exact=True).fill(
        "Cadres bought 8 kg of crystal meth inland at 9,000 RMB per kilogram."
    )
    tab.get_by_label("Figures (optional)").fill("8 kg; 9,000 RMB/kg (purchase price)")
    wording = tab.get_by_role("region", name="Wording, dates and figures")
    wording.get_by_label("Why", exact=True).fill("The story said 8 kg")
    tab.get_by_role("button", name="Save the correction").click()
    expect(tab.get_by_role("status")).to_contain_text("Claim corrected (wording, figures)")
    expect(tab.locator(".claim-text")).to_contain_text("8 kg of crystal meth")
    expect(tab.locator("#details-heading + dl")).to_contain_text("9000 RMB/kg (purchase price)")
    expect(tab.locator(".history")).to_contain_text("The story said 8 kg")
    assert tab.console_errors == []


def test_a_reporter_retracts_a_claim(open_as, live_server, ledger):
    tab = open_as("reporter")
    tab.goto(claim_url(live_server, ledger["claim"]))
    expect(tab.locator("h1 .badge")).to_have_text("Corroborated")
    tab.get_by_role("link", name="Retract it").click()
    tab.get_by_label("Why it is retracted").fill("The cadre was misquoted; the desk withdrew it.")
    tab.get_by_role("button", name="Retract the claim").click()
    expect(tab.get_by_role("status")).to_contain_text("Claim retracted")
    expect(tab.locator("h1 .badge")).to_have_text("Retracted")
    assert Claim.objects.get(pk=ledger["claim"].pk).outcome == Outcome.RETRACTED
    assert tab.console_errors == []


def test_a_fact_checker_unlinks_evidence(open_as, live_server, ledger):
    tab = open_as("checker")
    tab.goto(claim_url(live_server, ledger["claim"]))
    tab.locator("#evidence").get_by_role("link", name="Change or unlink").click()
    tab.get_by_role("region", name="Unlink it").get_by_label("Why").fill(
        "Linked to the wrong claim"
    )
    tab.get_by_role("button", name="Unlink the evidence").click()
    expect(tab.get_by_role("status")).to_contain_text(
        "Evidence unlinked. The outcome is now Pending"
    )
    expect(tab.locator("h1 .badge")).to_have_text("Pending")
    expect(tab.locator("#evidence")).to_contain_text("No evidence linked yet")
    assert tab.console_errors == []


def test_an_outside_article_and_a_citation_make_a_link_stop_counting(open_as, live_server, ledger):
    tab = open_as("checker")
    tab.goto(claim_url(live_server, ledger["claim"]))
    expect(tab.locator("#evidence")).to_contain_text("Independent — counts")
    tab.get_by_role("link", name="Record an outside article").click()
    tab.get_by_label("Web address").fill("https://wire.example/meth-border")
    tab.get_by_label("Or a new outlet (optional)").fill("Wire Service")
    tab.get_by_label("Published on").fill("2016-08-26")
    tab.get_by_label("Headline").fill("Wire copy of the Daily NK meth story")
    # Live search (htmx): type, and the matches appear to tick.
    tab.get_by_label("It cites (optional)").fill("cadres meth")
    tab.get_by_role("checkbox", name=re.compile("Security cadres move meth")).check()
    tab.get_by_label("Cited by (optional)").fill("blog")
    tab.get_by_role("checkbox", name=re.compile("Blog post on the border")).check()
    tab.get_by_role("button", name="Record the article").click()
    expect(tab.get_by_role("status")).to_contain_text("Recorded “Wire copy of the Daily NK")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Wire copy of the Daily NK meth story")
    tab.goto(claim_url(live_server, ledger["claim"]))
    expect(tab.locator("#evidence")).to_contain_text("Not independent — does not count")
    chain = tab.locator("#evidence .chain")
    expect(chain.get_by_role("link")).to_have_text(
        [
            "Blog post on the border meth trade",
            "Wire copy of the Daily NK meth story",
            "Security cadres move meth under cover of border patrols",
        ]
    )
    expect(tab.locator("h1 .badge")).to_have_text("Pending")
    wire = Article.objects.get(url="https://wire.example/meth-border")
    assert list(wire.cites.all()) == [ledger["story"]]
    assert tab.console_errors == []


def test_an_editor_assigns_a_claim_found_under_assigned_to_me(open_as, live_server, ledger):
    editor = open_as("editor")
    editor.goto(claim_url(live_server, ledger["waiting"]))
    assignment = editor.locator("#assignment")
    assignment.get_by_label("Assign to").select_option(label="felix")
    assignment.get_by_label("Why (optional)").fill("Knows the Hyesan markets")
    assignment.get_by_role("button", name="Save the assignment").click()
    expect(editor.get_by_role("status")).to_contain_text("Assigned to felix")
    checker = open_as("checker")
    checker.goto(f"{live_server.url}/queue/")
    checker.get_by_label("Assigned to me").check()
    checker.get_by_role("button", name="Apply").click()
    rows = checker.locator("table.queue tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("The meth crossed the river")
    expect(rows.first.locator("td[data-label=Assigned]")).to_have_text("you")
    assert editor.console_errors == [] and checker.console_errors == []


@pytest.fixture
def one_request_at_a_time_on_sqlite(live_server):
    """On SQLite, have the test server answer one request at a time, as a real server would.

    The test database is SQLite in memory, and Django's test server shares its
    one connection between the threads that answer requests, so two requests
    at once would run inside each other's transaction (a real SQLite file has
    a connection per request and its writers wait for each other). Answered
    in turn, the two submits of a double click still both reach the server,
    which is the bug. On PostgreSQL the server stays threaded and the two
    submits race, and the unique token lets one through.
    """
    import socketserver

    from django.db import connection

    server = live_server.thread.httpd
    if connection.vendor == "sqlite":
        server.process_request = lambda request, address: socketserver.TCPServer.process_request(
            server, request, address
        )
    yield
    server.__dict__.pop("process_request", None)


@pytest.mark.usefixtures("one_request_at_a_time_on_sqlite")
def test_a_double_click_on_file_the_story_files_one_story(open_as, live_server, ledger):
    tab = open_as("reporter")
    tab.goto(f"{live_server.url}/stories/new/")
    tab.get_by_label("Outlet").select_option(label="Daily NK")
    tab.get_by_label("Headline").fill("Cadres sell meth in China at a profit")
    tab.get_by_label("Published on").fill("2016-09-01")
    row = tab.locator("#claim-1")
    row.get_by_label("Claim", exact=True).fill("The meth sold in China for 14,000 RMB a kilogram.")
    row.get_by_label("Source", exact=True).fill("LARCH")
    row.get_by_label("Figures (optional)").fill("14,000 RMB/kg (sale price)")
    # A person's double click: the second click lands once the first has sent the form and
    # before its answer arrives. (Playwright's dblclick() is so fast that Chromium folds the
    # two submits into one before sending anything.)
    button = tab.get_by_role("button", name="File the story")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with tab.expect_request(lambda request: request.method == "POST"):
        tab.mouse.click(x, y)
    tab.mouse.click(x, y)
    expect(tab.get_by_role("heading", level=1)).to_have_text(
        "Cadres sell meth in China at a profit"
    )
    assert Article.objects.filter(headline="Cadres sell meth in China at a profit").count() == 1
    assert (
        Claim.objects.filter(article__headline="Cadres sell meth in China at a profit").count() == 1
    )
    assert tab.console_errors == []
