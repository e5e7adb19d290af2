"""Pooled estimates on the rollups: stored priors, the letter's basis, the half-life, refits.

The maths is tested in tests/domain/test_pooling*.py; here the expected
figures come from scipy's Beta quantiles applied by hand to the stored
prior and the counts tallied from the fixture (tests/reports_fixture.py).
"""

from __future__ import annotations

import datetime

import pytest
from scipy import stats

from sources import services
from sources.domain import reliability
from sources.domain.vocab import Relation
from sources.management.commands.verify_rollups import rollup_differences
from sources.models import Attribution, Outlet, PoolingFit, PoolingGroup, SourceRollup
from tests.factories import ArticleFactory, EvidenceFactory
from tests.reports_fixture import HYESAN, RYANGGANG, build_ledger

pytestmark = pytest.mark.django_db


def _beta(alpha: float, beta: float) -> tuple[float, float, float]:
    """Return the mean and the 95% equal-tailed interval of Beta(α, β), by scipy."""
    return (
        alpha / (alpha + beta),
        stats.beta.ppf(0.025, alpha, beta),
        stats.beta.ppf(0.975, alpha, beta),
    )


def _rollup(source) -> SourceRollup:
    return SourceRollup.objects.get(source=source)


def test_before_any_fit_the_pooled_figures_are_empty_and_the_letter_is_wilsons(settings):
    settings.RELIABILITY = {**settings.RELIABILITY, "MIN_RESOLVED": 1}
    ledger = build_ledger()
    pine = _rollup(ledger.sources["PINE"])
    assert pine.pooled_rate is None and pine.pooled_low is None and pine.pooled_toward == ""
    # PINE: 2 corroborated, 1 partly of 3 → Wilson lower bound 0.3100 → C needs 0.40: D.
    assert pine.letter == "D"


def test_each_source_is_pooled_toward_its_groups_stored_prior():
    ledger = build_ledger()
    services.pooling_fit()
    groups = {group.key: group for group in PoolingGroup.objects.all()}
    # By hand: PINE is printed four times as RYANGGANG (C1, C2, C6, C7) and once as the
    # ministry; BIRCH three times as HYESAN; OAK always as RYANGGANG.
    tallies = {
        # source: (group key, successes, failures), partly counting half.
        "PINE": (f"descriptor:{RYANGGANG.lower()}", 2.5, 0.5),
        "BIRCH": (f"descriptor:{HYESAN.lower()}", 1.0, 1.0),
        "OAK": (f"descriptor:{RYANGGANG.lower()}", 0.0, 1.0),
    }
    for name, (key, successes, failures) in tallies.items():
        rollup = _rollup(ledger.sources[name])
        group = groups[key]
        assert (rollup.pooled_prior_alpha, rollup.pooled_prior_beta) == (group.alpha, group.beta)
        rate, low, high = _beta(group.alpha + successes, group.beta + failures)
        assert rollup.pooled_rate == pytest.approx(rate, rel=1e-9), name
        assert rollup.pooled_low == pytest.approx(low, rel=1e-9), name
        assert rollup.pooled_high == pytest.approx(high, rel=1e-9), name
        assert rollup.pooled_toward == group.label
    assert groups[f"descriptor:{RYANGGANG.lower()}"].label == (
        "sources described as “a source in Ryanggang Province”"
    )
    assert rollup_differences() == []


def test_a_write_after_the_fit_pools_toward_the_same_stored_prior():
    ledger = build_ledger()
    services.pooling_fit()
    birch = ledger.sources["BIRCH"]
    before = _rollup(birch)
    # C8 (BIRCH, unverifiable by verdict) is re-decided: now corroborated.
    services.verdict_decide(
        claim=ledger.claims["C8"],
        outcome="corroborated",
        reason="A second account turned up.",
        decided_by=ledger.users["ed"],
    )
    after = _rollup(birch)
    assert after.resolved == before.resolved + 1
    rate, low, high = _beta(after.pooled_prior_alpha + 2.0, after.pooled_prior_beta + 1.0)
    assert (after.pooled_prior_alpha, after.pooled_prior_beta) == (
        before.pooled_prior_alpha,
        before.pooled_prior_beta,
    )
    assert (after.pooled_rate, after.pooled_low, after.pooled_high) == pytest.approx(
        (rate, low, high), rel=1e-9
    )
    assert rollup_differences() == []


def test_a_reprinted_descriptor_moves_the_source_to_the_other_group():
    """BIRCH, printed three times as HYESAN, reprinted as RYANGGANG: it pools toward that group.

    Its counts do not move, only the prior: by hand, Beta(α_R + 1, β_R + 1).
    """
    ledger = build_ledger()
    services.pooling_fit()
    birch = ledger.sources["BIRCH"]
    ryanggang = PoolingGroup.objects.get(key=f"descriptor:{RYANGGANG.lower()}")
    for attribution in Attribution.objects.filter(source=birch):
        services.attribution_update(
            attribution=attribution, data={"descriptor": RYANGGANG}, actor=None
        )
    after = _rollup(birch)
    assert after.pooled_toward == ryanggang.label
    assert (after.pooled_prior_alpha, after.pooled_prior_beta) == (ryanggang.alpha, ryanggang.beta)
    assert after.pooled_rate == pytest.approx(
        _beta(ryanggang.alpha + 1.0, ryanggang.beta + 1.0)[0], rel=1e-9
    )
    assert rollup_differences() == []


def test_the_letter_rests_on_the_bound_letter_basis_names(settings):
    # D needs 0.30: PINE's Wilson bound (0.3100) reaches it, its pooled bound does not.
    settings.RELIABILITY = {
        **settings.RELIABILITY,
        "MIN_RESOLVED": 1,
        "THRESHOLDS": {"A": 0.9, "B": 0.7, "C": 0.5, "D": 0.30},
    }
    ledger = build_ledger()
    services.pooling_fit()
    pine = _rollup(ledger.sources["PINE"])
    _, low, _ = _beta(pine.pooled_prior_alpha + 2.5, pine.pooled_prior_beta + 0.5)
    wilson_low = reliability.wilson_interval(2.5, 3)[0]
    assert wilson_low >= 0.30 > low  # the fixture is one where the two bases disagree
    assert pine.letter == "E"
    settings.LETTER_BASIS = "wilson"
    services.rollups_refresh(source_ids=None)
    assert _rollup(ledger.sources["PINE"]).letter == "D"
    settings.LETTER_BASIS = "pooled"
    services.rollups_refresh(source_ids=None)
    assert _rollup(ledger.sources["PINE"]).letter == "E"
    # A short record stays F whatever the basis.
    settings.RELIABILITY = {**settings.RELIABILITY, "MIN_RESOLVED": 4}
    services.rollups_refresh(source_ids=None)
    assert _rollup(ledger.sources["PINE"]).letter == "F"


def _half_life_world():
    """One source, two claims: confirmed (settled 2015-01-20), contradicted (2017-01-20)."""
    outlet = Outlet.objects.create(name="Daily NK", slug="daily-nk")
    source = services.source_create(codename="WREN", descriptor="a trader in Hyesan")
    for published, observed, relation in (
        (datetime.date(2015, 1, 10), datetime.date(2015, 1, 20), Relation.CORROBORATES),
        (datetime.date(2017, 1, 10), datetime.date(2017, 1, 20), Relation.CONTRADICTS),
    ):
        claim = services.claim_file(
            article=ArticleFactory(outlet=outlet, published_on=published),
            text=f"Claim of {published}",
            attributions=[services.AttributionSpec(source=source, descriptor="")],
        )
        services.evidence_link(
            claim=claim, evidence=EvidenceFactory(observed_on=observed), relation=relation
        )
    return source


def test_a_half_life_weighs_the_old_confirmation_down_as_worked_by_hand(settings):
    source = _half_life_world()
    settings.RELIABILITY_HALF_LIFE_MONTHS = 12.0
    services.pooling_fit(reference_date=datetime.date(2017, 1, 20))
    rollup = _rollup(source)
    # 731 days = 24.017 average months: weight ½^(24.017 / 12) = 0.2497; the new one counts 1.
    weight = 0.5 ** ((731 / (365.2425 / 12)) / 12)
    assert weight == pytest.approx(0.2497, abs=1e-4)
    alpha, beta = rollup.pooled_prior_alpha, rollup.pooled_prior_beta
    rate, low, high = _beta(alpha + weight, beta + 1.0)
    assert (rollup.pooled_rate, rollup.pooled_low, rollup.pooled_high) == pytest.approx(
        (rate, low, high), rel=1e-9
    )
    # Unweighted, the same prior would give (α + 1) ÷ (α + β + 2): more, since the old
    # confirmation counts in full.
    assert rollup.pooled_rate < (alpha + 1) / (alpha + beta + 2)
    assert rollup_differences() == []


def test_a_fit_made_under_another_half_life_is_not_used(settings):
    ledger = build_ledger()
    services.pooling_fit()
    assert _rollup(ledger.sources["PINE"]).pooled_rate is not None
    settings.RELIABILITY_HALF_LIFE_MONTHS = 6.0
    services.rollups_refresh(source_ids=None)
    assert _rollup(ledger.sources["PINE"]).pooled_rate is None
    services.pooling_fit()
    assert PoolingFit.objects.count() == 1
    assert PoolingFit.objects.get().half_life_months == 6.0
    assert _rollup(ledger.sources["PINE"]).pooled_rate is not None


def test_the_fit_job_stores_priors_and_repools(client, editor, django_capture_on_commit_callbacks):
    from django.urls import reverse

    from sources.models import Job

    ledger = build_ledger()
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sources:job_list"), {"kind": "fit_reliability"})
    assert response.status_code == 302
    job = Job.objects.get(kind="fit_reliability")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.result["rollups"] == 3 and job.result["sources"] == 3
    assert _rollup(ledger.sources["OAK"]).pooled_rate is not None


def test_the_command_fits_and_says_what_it_did():
    from io import StringIO

    from django.core.management import call_command

    build_ledger()
    out = StringIO()
    call_command("fit_reliability", stdout=out)
    assert "from 3 sources with a resolved claim" in out.getvalue()
    assert "pooled 3 rollups" in out.getvalue()
