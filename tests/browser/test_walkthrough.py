"""The newsroom's daily jobs, walked through in a real browser.

1. log in as an editor; 2. vet a source; 3. file a story with two claims;
4. as a fact-checker, link evidence that corroborates one claim;
5. see that claim's outcome and the source's report change.
"""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from sources import services
from sources.domain.vocab import Outcome
from sources.models import Article, Claim
from tests.browser.conftest import log_in, log_out
from tests.factories import OutletFactory, RegionFactory, TopicFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RYANGGANG = "a source in Ryanggang Province"


@pytest.fixture
def ledger(people):
    """A newsroom with one source, LARCH, and one earlier claim of theirs."""
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    TopicFactory(name="Drug trade", slug="drugs")
    larch = services.source_create(
        codename="LARCH", descriptor=RYANGGANG, region=region, handler=people["reporter"]
    )
    earlier = services.article_create(
        outlet=outlet, headline="Meth moves north", published_on=datetime.date(2016, 3, 2)
    )
    services.claim_file(
        article=earlier,
        text="Security agents carry crystal meth to the border on patrol.",
        attributions=[services.AttributionSpec(source=larch)],
        region=region,
    )
    return {"larch": larch, "outlet": outlet, "region": region, **people}


def test_vet_file_check_and_see_the_record_change(page, live_server, ledger):
    base = live_server.url

    # 1. Log in as an editor.
    log_in(page, base, "edna")
    expect(page.get_by_role("heading", name="Source Ledger", level=1)).to_be_visible()
    expect(page.get_by_role("navigation", name="Main")).to_contain_text("File a story")

    # 2. Vet the source before publishing.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Vet").click()
    page.get_by_label("Source (optional)").fill("LARCH")
    page.get_by_label("The claim you are about to publish").fill(
        "State security cadres sold crystal meth to buyers in China."
    )
    page.get_by_role("button", name="Show the track record").click()
    card = page.locator(".track-record")
    expect(card).to_contain_text("LARCH")
    expect(card.locator(".rate")).to_contain_text("—")
    expect(card.locator(".rate")).to_contain_text("n = 0 resolved")
    similar = page.get_by_role("region", name="Similar past claims")
    expect(similar).to_contain_text("Security agents carry crystal meth to the border")

    # 3. File a story with two claims.
    page.get_by_role("link", name="File a story").first.click()
    page.get_by_label("Outlet").select_option(label="Daily NK")
    page.get_by_label("Headline").fill("Security cadres profit from the meth trade")
    page.get_by_label("Published on").fill("2016-08-25")
    first = page.locator("#claim-1")
    first.get_by_label("Claim", exact=True).fill(
        "Cadres bought 8 kg of crystal meth inland at 9,000 RMB per kilogram."
    )
    first.get_by_label("Source", exact=True).fill("LARCH")
    first.get_by_label("Credibility").select_option("3")
    second = page.locator("#claim-2")
    second.get_by_label("Claim", exact=True).fill(
        "The meth was sold in China for 14,000 RMB per kilogram."
    )
    second.get_by_label("Source", exact=True).fill("LARCH")
    second.get_by_label("Descriptor as published (optional)", exact=True).fill("the source")
    page.get_by_role("button", name="File the story").click()
    expect(page.get_by_role("status")).to_contain_text("with 2 claims")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Security cadres profit from the meth trade"
    )
    article = Article.objects.get(headline="Security cadres profit from the meth trade")
    assert article.claims.count() == 2

    # 4. As a fact-checker, link evidence that corroborates the first claim.
    log_out(page)
    log_in(page, base, "felix")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Queue").click()
    page.get_by_role("link", name=re.compile(r"^Cadres bought 8 kg")).click()
    expect(page.locator("h1 .badge")).to_have_text("Pending")
    form = page.locator("#link-evidence")
    form.get_by_label("Relation").select_option(label="Corroborates")
    form.get_by_label("Kind of evidence").select_option(label="Defector or witness testimony")
    form.get_by_label("What it shows").fill(
        "A trader who left Hyesan in 2017 describes the same purchase and price."
    )
    form.get_by_label("Observed on").fill("2017-03-01")
    form.get_by_role("button", name="Link evidence").click()

    # 5. The claim's outcome and the source's report have changed.
    expect(page.get_by_role("status")).to_contain_text("The outcome is now Corroborated")
    expect(page.locator("h1 .badge")).to_have_text("Corroborated")
    expect(page.locator("#evidence")).to_contain_text("Independent — counts")
    claim = Claim.objects.get(text__startswith="Cadres bought 8 kg")
    assert claim.outcome == Outcome.CORROBORATED
    page.get_by_role("link", name="report card").first.click()
    expect(page.locator(".track-record .rate").first).to_contain_text("100%")
    expect(page.locator(".track-record .rate").first).to_contain_text("n = 1 resolved")
    assert page.console_errors == []
