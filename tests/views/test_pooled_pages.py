"""The pooled estimate on the pages, downloads, API and command; the vet page's risk panel.

Expected figures come from scipy's Beta quantiles over the stored prior and
the fixture's counts (tests/reports_fixture.py), tallied by hand.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from scipy import stats

from sources import services
from sources.domain.vocab import Relation
from sources.models import PoolingFit, SourceRollup
from tests.api.conftest import client_for
from tests.factories import ArticleFactory, EvidenceFactory
from tests.reports_fixture import RYANGGANG, build_ledger

pytestmark = pytest.mark.django_db


def _beta(alpha: float, beta: float) -> tuple[float, float, float]:
    return (
        alpha / (alpha + beta),
        stats.beta.ppf(0.025, alpha, beta),
        stats.beta.ppf(0.975, alpha, beta),
    )


@pytest.fixture
def fitted():
    ledger = build_ledger()
    services.pooling_fit()
    return ledger


def _more_sources(ledger, n: int) -> None:
    """Add n sources printed as RYANGGANG, each with a corroborated and a pending claim."""
    outlet = ledger.outlets["daily-nk"]
    for i in range(n):
        source = services.source_create(codename=f"EXTRA-{i}", descriptor=RYANGGANG)
        article = ArticleFactory(outlet=outlet, published_on=datetime.date(2017, 5, 1))
        for kind in ("confirmed", "open"):
            claim = services.claim_file(
                article=article,
                text=f"{kind} claim {i}",
                attributions=[services.AttributionSpec(source=source, descriptor="")],
                region=ledger.regions["ryanggang"],
                topics=[ledger.topics["drugs"]],
            )
            if kind == "confirmed":
                services.evidence_link(
                    claim=claim,
                    evidence=EvidenceFactory(observed_on=datetime.date(2017, 5, 9)),
                    relation=Relation.CORROBORATES,
                )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def test_the_source_leaderboard_shows_the_stored_pooled_figures_at_no_extra_query(
    client, editor, uncached_fragments
):
    ledger = build_ledger()
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "source"})
    before_fit = _queries(client, url)
    services.pooling_fit()
    with_fit = _queries(client, url)
    assert with_fit == before_fit
    body = client.get(url).content.decode()
    pine = SourceRollup.objects.get(source=ledger.sources["PINE"])
    shown = f"{pine.pooled_rate:.2f} ({pine.pooled_low:.2f}–{pine.pooled_high:.2f})"
    assert shown in body
    assert f"2.5 of 3 raw; {shown} pooled toward sources described as “{RYANGGANG}”" in body
    _more_sources(ledger, 4)
    assert _queries(client, url) == with_fit


@pytest.mark.parametrize("by", ["descriptor", "region", "outlet", "topic", "year"])
def test_group_leaderboards_pool_at_report_time_in_fixed_queries(
    client, editor, uncached_fragments, by
):
    ledger = build_ledger()
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": by})
    before_fit = _queries(client, url)
    services.pooling_fit()
    with_fit = _queries(client, url)
    # Reading the stored fit is one query (done either way); the outlets that
    # descriptors and regions sit under are one more.
    assert with_fit == before_fit + (1 if by in ("descriptor", "region") else 0)
    _more_sources(ledger, 4)
    assert _queries(client, url) == with_fit


def test_a_descriptor_row_is_pooled_toward_its_outlets_stored_prior(fitted, editor):
    from sources import reports

    rows = {row.key: row for row in reports.report_rows(viewer=editor, by="descriptor")}
    row = rows[RYANGGANG.lower()]
    # By hand: RYANGGANG is printed on C1, C2, C7 (Daily NK) and C5, C6, C9 (Rimjin):
    # a tie broken by the first slug, "daily-nk". C1 and C2 confirmed, C9 contradicted.
    prior = PoolingFit.objects.get().priors["reports"]["descriptor"]["outlets"]["daily-nk"]
    rate, low, high = _beta(prior["alpha"] + 2, prior["beta"] + 1)
    assert (row.pooled_rate, row.pooled_low, row.pooled_high) == pytest.approx(
        (rate, low, high), rel=1e-9
    )
    assert row.pooled_toward == "Daily NK's descriptors"
    assert row.as_dict()["pooled_rate"] == row.pooled_rate


def test_downloads_the_api_and_the_command_carry_the_pooled_figures(client, fitted, editor):
    pine = SourceRollup.objects.get(source=fitted.sources["PINE"])
    client.force_login(editor)
    download = client.get(reverse("sources:report_download", kwargs={"by": "source", "fmt": "csv"}))
    rows = {row["group"]: row for row in csv.DictReader(io.StringIO(download.content.decode()))}
    assert float(rows["PINE"]["pooled_low"]) == pytest.approx(pine.pooled_low)
    assert rows["PINE"]["pooled_toward"] == pine.pooled_toward
    api = client_for(editor).get(reverse("api:report", kwargs={"by": "source"})).json()
    found = {row["group"]: row for row in api["results"]}
    assert found["PINE"]["pooled_rate"] == pytest.approx(pine.pooled_rate)
    out = io.StringIO()
    call_command("reliability_report", "--by", "region", "--format", "json", stdout=out)
    regions = {row["group"]: row for row in json.loads(out.getvalue())}
    assert regions["Ryanggang Province"]["pooled_toward"] == "Daily NK's regions"
    assert regions[None]["pooled_toward"] == "every region"
    source = client_for(editor).get(reverse("api:source-detail", args=[pine.source_id])).json()
    assert source["record"]["pooled_high"] == pytest.approx(pine.pooled_high)


def test_the_card_shows_both_estimates_and_the_rate_by_year(client, fitted, editor):
    pine = fitted.sources["PINE"]
    client.force_login(editor)
    body = client.get(reverse("sources:source_card", kwargs={"pk": pine.pk})).content.decode()
    assert "31%–98%" in body and "n = 3 resolved" in body  # raw, Wilson
    assert 'class="pooled-sentence">2.5 of 3 raw;' in body
    assert 'class="chart chart-years"' in body and 'class="pooled-rate"' in body


def test_the_risk_panel_pools_the_similar_claims_toward_the_sources_group(client, fitted, editor):
    pine = SourceRollup.objects.get(source=fitted.sources["PINE"])
    client.force_login(editor)
    url = reverse("sources:vet") + f"?source=PINE&topic={fitted.topics['drugs'].pk}"
    response = client.get(url)
    risk = response.context["risk"]
    # PINE on drug trade: C1 and C2 confirmed, C7 retracted (closed, never settled).
    assert (risk.similar, risk.confirmed, risk.contradicted, risk.never_settled) == (3, 2, 0, 1)
    rate, low, high = _beta(pine.pooled_prior_alpha + 2, pine.pooled_prior_beta)
    assert (risk.probability, risk.low, risk.high) == pytest.approx((rate, low, high), rel=1e-9)
    assert risk.pooled and f"pooled toward {pine.pooled_toward}" in risk.rests_on
    assert "How likely is a claim like this to be confirmed?" in response.content.decode()


def test_the_vet_page_with_its_risk_panel_costs_fixed_queries(
    client, fitted, editor, uncached_fragments
):
    client.force_login(editor)
    drugs = fitted.topics["drugs"].pk
    by_source = reverse("sources:vet") + f"?source=PINE&topic={drugs}"
    by_descriptor = reverse("sources:vet") + f"?descriptor={RYANGGANG}&topic={drugs}"
    client.get(by_source)  # warm the typing suggestions' cache
    small = (_queries(client, by_source), _queries(client, by_descriptor))
    _more_sources(fitted, 4)
    client.get(by_source)
    assert (_queries(client, by_source), _queries(client, by_descriptor)) == small
    risk = client.get(by_descriptor).context["risk"]
    # C1, C2, C5, C7 and C9 print RYANGGANG on drug trade; each new source adds two claims.
    assert (risk.similar, risk.confirmed) == (5 + 8, 2 + 4)
