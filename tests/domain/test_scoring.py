"""Forecast verification: Brier and log scores, the Murphy decomposition, reliability diagrams."""

import math
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from sources.domain import reliability, scoring
from sources.domain.vocab import Outcome

FAST = settings(max_examples=60, deadline=None)

# Four forecasts: 0.9 confirmed, 0.7 contradicted, 0.5 partly confirmed, 0.2 contradicted.
WORKED = [(0.9, 1.0), (0.7, 0.0), (0.5, 0.5), (0.2, 0.0)]


def test_brier_worked_example():
    # (0.9 − 1)² + (0.7 − 0)² + (0.5 − 0.5)² + (0.2 − 0)² = 0.01 + 0.49 + 0 + 0.04 = 0.54; ÷ 4.
    assert scoring.brier_score(WORKED) == pytest.approx(0.135)
    assert scoring.brier_score([]) is None


def test_log_worked_example():
    # −ln 0.9 = 0.1053605, −ln 0.3 = 1.2039728,
    # the partial: −(½ ln 0.5 + ½ ln 0.5) = ln 2 = 0.6931472, −ln 0.8 = 0.2231436;
    # sum 2.2256241, ÷ 4 = 0.5564060.
    assert scoring.log_score(WORKED) == pytest.approx(0.5564060, abs=1e-7)
    assert scoring.log_score([]) is None


def test_log_score_clips_certain_forecasts():
    # A 0% forecast that came true costs −ln 0.01 = 4.6051702, not infinity;
    # a 100% forecast that came true costs −ln 0.99 = 0.0100503.
    assert scoring.log_score([(0.0, 1.0)]) == pytest.approx(4.6051702, abs=1e-7)
    assert scoring.log_score([(1.0, 1.0)]) == pytest.approx(0.0100503, abs=1e-7)
    assert scoring.log_score([(0.0, 1.0)], epsilon=0.001) == pytest.approx(-math.log(0.001))
    with pytest.raises(ValueError, match="epsilon"):
        scoring.log_score([(0.5, 1.0)], epsilon=0)


def test_a_partial_is_best_forecast_at_one_half():
    # The expected log score of a half outcome, −½[ln p + ln(1 − p)], is lowest at p = ½.
    at_half = scoring.log_score([(0.5, 0.5)])
    assert at_half == pytest.approx(math.log(2))
    assert scoring.log_score([(0.4, 0.5)]) > at_half
    assert scoring.log_score([(0.6, 0.5)]) > at_half


def test_scores_refuse_values_outside_zero_to_one():
    with pytest.raises(ValueError, match="forecasts"):
        scoring.brier_score([(1.2, 1.0)])
    with pytest.raises(ValueError, match="outcomes"):
        scoring.log_score([(0.5, 2.0)])
    with pytest.raises(ValueError, match="100%"):
        scoring.percent_forecast(120)
    assert scoring.percent_forecast(64) == pytest.approx(0.64)


def test_murphy_worked_example():
    # Two bins, forecasts constant within each.
    # 0.2 ×4: outcomes 0, 0, 1, 0 → ō₀ = 0.25.  0.8 ×6: 1, 1, 0, 1, ½, 1 → ō₁ = 4.5 ÷ 6 = 0.75.
    # ō = 5.5 ÷ 10 = 0.55.
    # reliability = [4(0.2 − 0.25)² + 6(0.8 − 0.75)²] ÷ 10 = 0.025 ÷ 10 = 0.0025
    # resolution = [4(0.25 − 0.55)² + 6(0.75 − 0.55)²] ÷ 10 = (0.36 + 0.24) ÷ 10 = 0.06
    # uncertainty = mean(o²) − ō² = 5.25 ÷ 10 − 0.3025 = 0.2225
    #   (= ō(1 − ō) − ¼ × 1 partial ÷ 10 = 0.2475 − 0.025)
    # Brier = [3(0.2)² + 0.8² + 4(0.2)² + 0.8² + 0.3²] ÷ 10 = (0.12 + 0.64 + 0.16 + 0.64 + 0.09)
    #   ÷ 10 = 0.165 = 0.0025 − 0.06 + 0.2225.
    pairs = [(0.2, o) for o in (0, 0, 1, 0)] + [(0.8, o) for o in (1, 1, 0, 1, 0.5, 1)]
    found = scoring.murphy_decomposition(pairs, bins=2)
    assert found.n == 10
    assert found.brier == pytest.approx(0.165)
    assert found.reliability == pytest.approx(0.0025)
    assert found.resolution == pytest.approx(0.06)
    assert found.uncertainty == pytest.approx(0.2225)
    assert found.within_bin == pytest.approx(0.0, abs=1e-15)


def test_murphy_within_bin_term():
    # One bin holding 0.2 (contradicted) and 0.6 (confirmed): p̄ = 0.4, ō = 0.5.
    # reliability (0.4 − 0.5)² = 0.01; resolution 0; uncertainty 0.25;
    # within-bin = [(−0.2)² + 0.2²] ÷ 2 − 2[(−0.2)(−0.5) + (0.2)(0.5)] ÷ 2 = 0.04 − 0.2 = −0.16;
    # Brier = (0.04 + 0.16) ÷ 2 = 0.1 = 0.01 − 0 + 0.25 − 0.16.
    found = scoring.murphy_decomposition([(0.2, 0.0), (0.6, 1.0)], bins=1)
    assert found.reliability == pytest.approx(0.01)
    assert found.resolution == pytest.approx(0.0)
    assert found.uncertainty == pytest.approx(0.25)
    assert found.within_bin == pytest.approx(-0.16)
    assert found.brier == pytest.approx(0.1)
    assert scoring.murphy_decomposition([], bins=10) is None
    with pytest.raises(ValueError, match="bins"):
        scoring.murphy_decomposition([(0.5, 1.0)], bins=0)


pair = st.tuples(
    st.floats(min_value=0, max_value=1, allow_nan=False), st.sampled_from([0.0, 0.5, 1.0])
)


@FAST
@given(pairs=st.lists(pair, min_size=1, max_size=60), bins=st.integers(min_value=1, max_value=20))
def test_murphy_identity_holds_exactly_with_the_within_bin_term(pairs, bins):
    found = scoring.murphy_decomposition(pairs, bins=bins)
    direct = sum((p - o) ** 2 for p, o in pairs) / len(pairs)
    assert found.brier == pytest.approx(direct, abs=1e-12)
    assert found.reliability - found.resolution + found.uncertainty + found.within_bin == (
        pytest.approx(direct, abs=1e-12)
    )
    assert found.reliability >= 0 and found.resolution >= 0 and found.uncertainty >= 0


@FAST
@given(
    levels=st.lists(st.sampled_from([0.95, 0.75, 0.5, 0.25, 0.05]), min_size=1, max_size=60),
    outcomes=st.lists(st.sampled_from([0.0, 0.5, 1.0]), min_size=60, max_size=60),
)
def test_murphy_identity_is_exact_for_the_intake_grades(levels, outcomes):
    # The grades' forecasts fall in different tenths, so each bin holds one forecast value.
    pairs = list(zip(levels, outcomes, strict=False))
    found = scoring.murphy_decomposition(pairs, bins=10)
    assert found.within_bin == pytest.approx(0.0, abs=1e-12)
    assert found.brier == pytest.approx(
        found.reliability - found.resolution + found.uncertainty, abs=1e-12
    )


def test_a_perfect_forecaster():
    pairs = [(1.0, 1.0), (0.0, 0.0), (1.0, 1.0), (0.0, 0.0), (1.0, 1.0)]
    found = scoring.murphy_decomposition(pairs, bins=10)
    assert found.brier == 0.0
    assert found.reliability == 0.0
    # ō = 0.6; uncertainty 0.6 × 0.4 = 0.24, and all of it resolved.
    assert found.uncertainty == pytest.approx(0.24)
    assert found.resolution == pytest.approx(0.24)
    # Clipped to 0.99 and 0.01: every claim costs −ln 0.99.
    assert scoring.log_score(pairs) == pytest.approx(-math.log(0.99))


def test_a_constant_base_rate_forecaster_has_no_resolution():
    # Outcomes 1, 1, 1, 0: base rate 0.75. Always saying 0.75:
    # Brier = [3(0.25)² + 0.75²] ÷ 4 = (0.1875 + 0.5625) ÷ 4 = 0.1875 = 0.75 × 0.25;
    # log = −(0.75 ln 0.75 + 0.25 ln 0.25) = 0.5623351.
    outcomes = [1.0, 1.0, 1.0, 0.0]
    pairs = [(0.75, o) for o in outcomes]
    found = scoring.murphy_decomposition(pairs, bins=10)
    assert found.resolution == pytest.approx(0.0, abs=1e-15)
    assert found.reliability == pytest.approx(0.0, abs=1e-15)
    assert found.brier == pytest.approx(0.1875)
    assert found.uncertainty == pytest.approx(0.1875)
    base = scoring.base_rate_scores(outcomes)
    assert base.base_rate == pytest.approx(0.75)
    assert base.brier == pytest.approx(0.1875)
    assert base.log == pytest.approx(0.5623351, abs=1e-7)
    assert scoring.base_rate_scores([]) is None


def test_base_rate_of_the_newsroom_judged_on_other_claims():
    # The newsroom's rate 0.6 forecast on claims 1, 0: [(0.4)² + (0.6)²] ÷ 2 = 0.26;
    # log = (−ln 0.6 − ln 0.4) ÷ 2 = (0.5108256 + 0.9162907) ÷ 2 = 0.7135582.
    base = scoring.base_rate_scores([1.0, 0.0], base_rate=0.6)
    assert base.brier == pytest.approx(0.26)
    assert base.log == pytest.approx(0.7135582, abs=1e-7)


def test_reliability_diagram_bins_and_binomial_bands():
    # 20 forecasts of 0.7, 9 confirmed; 5 forecasts of 0.15, 3 confirmed.
    pairs = [(0.7, 1.0)] * 9 + [(0.7, 0.0)] * 11 + [(0.15, 1.0)] * 3 + [(0.15, 0.0)] * 2
    low_bin, high_bin = scoring.reliability_diagram(pairs, bins=10)
    assert (low_bin.low, low_bin.high, low_bin.n) == (0.1, 0.2, 5)
    assert (high_bin.low, high_bin.high, high_bin.n) == (0.7, 0.8, 20)
    assert high_bin.mean_forecast == pytest.approx(0.7)
    assert high_bin.observed == pytest.approx(0.45)
    # Binomial(20, 0.7): 2.5% and 97.5% quantiles 10 and 18, so the band is 0.50–0.90.
    assert high_bin.band_low == stats.binom.ppf(0.025, 20, 0.7) / 20 == 0.5
    assert high_bin.band_high == stats.binom.ppf(0.975, 20, 0.7) / 20 == 0.9
    assert stats.binom.cdf(9, 20, 0.7) < 0.025 <= stats.binom.cdf(10, 20, 0.7)
    assert high_bin.outside_band
    # Binomial(5, 0.15): quantiles 0 and 3, band 0–0.6; 3 of 5 is on its edge, inside.
    assert (low_bin.band_low, low_bin.band_high) == (0.0, 0.6)
    assert low_bin.observed == pytest.approx(0.6)
    assert not low_bin.outside_band


def test_reliability_diagram_edges():
    # 0.3 belongs to 0.3–0.4, 1.0 to the top bin, 0.0 to the bottom one.
    diagram = scoring.reliability_diagram([(0.3, 1.0), (1.0, 1.0), (0.0, 0.0)], bins=10)
    assert [(b.low, b.n) for b in diagram] == [(0.0, 1), (0.3, 1), (0.9, 1)]
    assert scoring.reliability_diagram([], bins=10) == []
    with pytest.raises(ValueError, match="confidence"):
        scoring.reliability_diagram([(0.5, 1.0)], confidence=0)


def test_score_card_puts_the_scores_beside_the_base_rate():
    card = scoring.score_card(WORKED, bins=10)
    assert card.n == 4
    assert card.brier == pytest.approx(0.135)
    # Base rate (1 + 0 + ½ + 0) ÷ 4 = 0.375; its Brier is the outcomes' variance:
    # mean(o²) − ō² = 1.25 ÷ 4 − 0.140625 = 0.171875; skill 1 − 0.135 ÷ 0.171875.
    assert card.base_rate.base_rate == pytest.approx(0.375)
    assert card.base_rate.brier == pytest.approx(0.171875)
    assert card.brier_skill == pytest.approx(1 - 0.135 / 0.171875)
    assert card.decomposition.uncertainty == pytest.approx(card.base_rate.brier)
    assert [b.n for b in card.diagram] == [1, 1, 1, 1]
    assert scoring.score_card([]) is None
    certain = scoring.score_card([(0.5, 1.0), (0.9, 1.0)])
    assert certain.brier_skill is None  # the base rate of all-confirmed claims cannot miss


def test_scores_by_quarter():
    triples = [
        (date(2016, 8, 25), 0.9, 1.0),  # Q3: (0.1)² = 0.01
        (date(2016, 9, 30), 0.7, 0.0),  # Q3: 0.49 → mean 0.25
        (date(2016, 10, 1), 0.5, 0.5),  # Q4: 0
        (date(2017, 1, 5), 0.2, 0.0),  # 2017 Q1: 0.04
    ]
    rows = scoring.scores_by_quarter(list(reversed(triples)))
    assert [row.label for row in rows] == ["2016 Q3", "2016 Q4", "2017 Q1"]
    assert [row.n for row in rows] == [2, 1, 1]
    assert [row.brier for row in rows] == pytest.approx([0.25, 0.0, 0.04])
    # Q3's base rate ½ on outcomes 1, 0: Brier 0.25, log ln 2.
    assert rows[0].base_rate == pytest.approx(0.5)
    assert rows[0].base_rate_brier == pytest.approx(0.25)
    assert rows[0].base_rate_log == pytest.approx(math.log(2))
    # Q3's log score: (−ln 0.9 − ln 0.3) ÷ 2.
    assert rows[0].log == pytest.approx((-math.log(0.9) - math.log(0.3)) / 2)
    assert scoring.scores_by_quarter([]) == []


def test_credibility_grades_become_forecasts():
    rows = [
        (2, Outcome.CORROBORATED),
        (3, Outcome.CONTRADICTED),
        (6, Outcome.CORROBORATED),  # grade 6 forecasts nothing
        (1, Outcome.PENDING),  # not settled
        (5, Outcome.PARTLY_CORROBORATED),
        (4, Outcome.DISPUTED),  # not settled either way
    ]
    pairs = scoring.credibility_pairs(rows)
    assert pairs == [(0.75, 1.0), (0.5, 0.0), (0.05, 0.5)]
    # The same Brier score as the existing intake calibration computes.
    assert scoring.brier_score(pairs) == pytest.approx(reliability.brier_score(rows))
    assert scoring.forecast_pairs([(0.64, Outcome.CORROBORATED), (None, Outcome.CONTRADICTED)]) == [
        (0.64, 1.0)
    ]
