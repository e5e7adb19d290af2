"""The calibration page scores editors' forecasts and intake credibility, checked by hand.

Four claims on one source of the Border desk, settled by verdicts:

=====  ===============  ===========  ====================  ===================
claim  outcome (score)  credibility  alpha's forecast      beta's forecast
=====  ===============  ===========  ====================  ===================
K1     corroborated 1   2 (0.75), α  90%                   10%, later 60%
K2     contradicted 0   3 (0.50), α  70%                   —
K3     partly ½         2 (0.75), β  50%                   —
K4     contradicted 0   4 (0.25), β  20%                   —
=====  ===============  ===========  ====================  ===================

The newsroom's base rate is (1 + 0 + ½ + 0) ÷ 4 = 0.375.
"""

from __future__ import annotations

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import reports, roles, services
from tests.factories import ArticleFactory, DeskFactory, OutletFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = datetime.UTC


def _world(suffix: str = ""):
    alpha = UserFactory(username="editor-alpha", roles=[roles.EDITOR])
    beta = UserFactory(username="editor-beta", roles=[roles.EDITOR])
    desk = DeskFactory(name="Border desk", slug="border")
    source = services.source_create(
        codename=f"KESTREL{suffix}", descriptor="a source in Hyesan", desk=desk
    )
    article = ArticleFactory(
        outlet=OutletFactory(slug="daily-nk", name="Daily NK"),
        published_on=datetime.date(2016, 8, 25),
    )
    plan = [
        ("corroborated", 2, alpha, [(alpha, 90), (beta, 10), (beta, 60)]),
        ("contradicted", 3, alpha, [(alpha, 70)]),
        ("partly_corroborated", 2, beta, [(alpha, 50)]),
        ("contradicted", 4, beta, [(alpha, 20)]),
    ]
    for n, (outcome, credibility, assessor, forecasts) in enumerate(plan, start=1):
        claim = services.claim_file(
            article=article,
            text=f"Claim K{n}{suffix}",
            attributions=[services.AttributionSpec(source=source, descriptor="")],
            credibility=credibility,
            assessed_by=assessor,
        )
        for minutes, (author, percent) in enumerate(forecasts):
            services.forecast_record(
                claim=claim,
                author=author,
                percent=percent,
                made_at=datetime.datetime(2016, 8, 24, 9, minutes, tzinfo=UTC),
            )
        services.verdict_decide(claim=claim, outcome=outcome, reason="Settled.", decided_by=alpha)
    return alpha, beta


def _by_name(groups):
    return {group.name: group for group in groups}


def test_editors_forecasts_score_as_worked_by_hand():
    alpha, beta = _world()
    result = reports.calibration(viewer=alpha).forecasts
    assert result.base_rate == pytest.approx(0.375)
    editors = _by_name(result.editors)
    a = editors["editor-alpha"].card
    # Brier: (0.01 + 0.49 + 0 + 0.04) ÷ 4; log: (−ln 0.9 − ln 0.3 + ln 2 − ln 0.8) ÷ 4.
    assert a.n == 4
    assert a.brier == pytest.approx(0.135)
    assert a.log == pytest.approx(
        (-math.log(0.9) - math.log(0.3) + math.log(2) - math.log(0.8)) / 4
    )
    # Beside the base rate 0.375 said every time: Brier (0.625² + 0.375² + 0.125² + 0.375²) ÷ 4.
    assert a.base_rate.brier == pytest.approx(0.171875)
    base_log = (
        -math.log(0.375) - math.log(0.625) - 0.5 * (math.log(0.375) + math.log(0.625))
        - math.log(0.625)
    ) / 4  # fmt: skip
    assert a.base_rate.log == pytest.approx(base_log)
    # One forecast per bin: reliability is the Brier score, resolution the outcomes' spread.
    assert a.decomposition.reliability == pytest.approx(0.135)
    assert a.decomposition.resolution == pytest.approx(0.171875)
    assert a.decomposition.uncertainty == pytest.approx(0.171875)
    assert [(b.n, b.mean_forecast) for b in a.diagram] == [(1, 0.2), (1, 0.5), (1, 0.7), (1, 0.9)]
    # Beta changed their mind on K1: only the latest forecast, 60%, is scored.
    b = editors["editor-beta"].card
    assert (b.n, b.brier) == (1, pytest.approx(0.16))
    assert b.log == pytest.approx(-math.log(0.6))
    # The desk holds both editors' latest forecasts: (0.54 + 0.16) ÷ 5.
    desk = _by_name(result.desks)["Border desk"].card
    assert (desk.n, desk.brier) == (5, pytest.approx(0.14))
    # Every forecast was made in 2016 Q3.
    assert [(q.label, q.n) for q in result.newsroom.quarters] == [("2016 Q3", 5)]


def test_intake_credibility_scores_as_worked_by_hand():
    alpha, _ = _world()
    result = reports.calibration(viewer=alpha).credibility
    editors = _by_name(result.editors)
    # Alpha graded K1 2 (0.75, confirmed) and K2 3 (0.50, contradicted): (0.0625 + 0.25) ÷ 2.
    assert editors["editor-alpha"].card.brier == pytest.approx(0.15625)
    # Beta graded K3 2 (0.75, partly) and K4 4 (0.25, contradicted): (0.0625 + 0.0625) ÷ 2.
    assert editors["editor-beta"].card.brier == pytest.approx(0.0625)
    newsroom = result.newsroom.card
    assert newsroom.brier == pytest.approx((0.0625 + 0.25 + 0.0625 + 0.0625) / 4)
    # Each grade is one forecast value, so nothing is left within the bins.
    assert newsroom.decomposition.within_bin == pytest.approx(0.0, abs=1e-12)
    assert [(q.label, q.n) for q in result.newsroom.quarters] == [("2016 Q3", 4)]


def test_the_page_shows_the_scores_with_a_reliability_diagram(client):
    alpha, _ = _world()
    client.force_login(alpha)
    body = client.get(reverse("sources:calibration")).content.decode()
    assert "Editors' forecasts, scored" in body
    assert "editor-alpha" in body and "editor-beta" in body
    assert body.count('class="chart chart-reliability"') >= 3
    assert "<strong>0.135</strong>" not in body  # the newsroom's, not alpha's alone
    assert "<strong>0.140</strong>" in body  # all five forecasts: 0.70 ÷ 5


def test_fact_checkers_see_no_editor_names_on_the_calibration_page(client, fact_checker):
    _world()
    client.force_login(fact_checker)
    response = client.get(reverse("sources:calibration"))
    body = response.content.decode()
    assert "editor-alpha" not in body and "editor-beta" not in body
    result = response.context["calibration"]
    assert result.forecasts.editors == [] and result.credibility.editors == []
    # The newsroom and the desks are still scored for them.
    assert result.forecasts.newsroom.card.n == 5
    assert [desk.name for desk in result.forecasts.desks] == ["Border desk"]


def test_the_page_costs_the_same_queries_however_many_forecasts(client):
    alpha, _ = _world()
    client.force_login(alpha)
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("sources:calibration")).status_code == 200
    _world(suffix="-2")
    with CaptureQueriesContext(connection) as bigger:
        response = client.get(reverse("sources:calibration"))
    assert response.context["calibration"].forecasts.newsroom.card.n == 10
    assert len(bigger.captured_queries) == len(small.captured_queries)
