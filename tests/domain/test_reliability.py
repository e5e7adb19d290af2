"""The pure reliability math: rates, Wilson intervals, letters and Brier scores."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.domain import reliability
from sources.domain.vocab import Letter, Outcome

FAST = settings(max_examples=50, deadline=None)
counts = st.integers(min_value=0, max_value=300)


def test_rate_counts_a_partial_corroboration_as_half():
    assert reliability.confirmation_rate(2, 1, 1) == pytest.approx(2.5 / 4)
    assert reliability.confirmation_rate(0, 0, 3) == 0.0
    assert reliability.confirmation_rate(0, 0, 0) is None
    assert reliability.resolved_count(2, 1, 1) == 4


def test_wilson_matches_worked_example():
    # docs/reports.md: 2.5 successes of 3, z = 1.959964.
    low, high = reliability.wilson_interval(2.5, 3)
    assert (low, high) == pytest.approx((0.309988, 0.982347), abs=1e-6)
    assert reliability.wilson_interval(0, 0) is None
    low, high = reliability.wilson_interval(0, 1)
    assert low == 0.0 and high == pytest.approx(0.793451, abs=1e-6)


def test_wilson_refuses_impossible_counts():
    with pytest.raises(ValueError, match="successes"):
        reliability.wilson_interval(4, 3)


def test_wider_confidence_gives_wider_interval():
    narrow = reliability.wilson_interval(7, 10, confidence=0.80)
    wide = reliability.wilson_interval(7, 10, confidence=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@FAST
@given(corroborated=counts, partly=counts, contradicted=counts)
def test_rate_lies_inside_its_interval(corroborated, partly, contradicted):
    rate = reliability.confirmation_rate(corroborated, partly, contradicted)
    n = reliability.resolved_count(corroborated, partly, contradicted)
    interval = reliability.wilson_interval(corroborated + 0.5 * partly, n)
    if n == 0:
        assert rate is None and interval is None
        return
    low, high = interval
    assert 0.0 <= low <= rate <= high <= 1.0
    assert low < high


@FAST
@given(successes=counts, failures=counts)
def test_more_of_the_same_evidence_narrows_the_interval(successes, failures):
    n = successes + failures
    if n == 0:
        return
    low, high = reliability.wilson_interval(successes, n)
    low4, high4 = reliability.wilson_interval(successes * 4, n * 4)
    assert high4 - low4 < high - low


def test_letters_follow_the_thresholds():
    letter = reliability.suggested_letter
    assert letter(0.85, 10, min_resolved=5) == "A"
    assert letter(0.80, 10, min_resolved=5) == "A"  # a threshold is inclusive
    assert letter(0.6, 10, min_resolved=5) == "B"
    assert letter(0.45, 10, min_resolved=5) == "C"
    assert letter(0.2, 10, min_resolved=5) == "D"
    assert letter(0.19, 10, min_resolved=5) == "E"
    assert letter(0.99, 4, min_resolved=5) == "F"
    assert letter(None, 0, min_resolved=0) == "F"
    custom = {"A": 0.5, "B": 0.4, "C": 0.3, "D": 0.1}
    assert letter(0.45, 10, min_resolved=5, thresholds=custom) == "B"


@FAST
@given(
    low=st.floats(min_value=0, max_value=1),
    higher=st.floats(min_value=0, max_value=1),
    resolved=st.integers(min_value=0, max_value=50),
)
def test_a_higher_lower_bound_never_earns_a_worse_letter(low, higher, resolved):
    a = reliability.suggested_letter(low, resolved, min_resolved=5)
    b = reliability.suggested_letter(max(low, higher), resolved, min_resolved=5)
    # Letters sort A (best) to F; E and F rank as listed.
    assert Letter.ALL.index(b) <= Letter.ALL.index(a)


def test_group_figures_from_counts():
    figures = reliability.group_figures(
        claims=10, pending=3, corroborated=4, partly=2, contradicted=1, min_resolved=5
    )
    assert figures.resolved == 7
    assert figures.confirmation_rate == pytest.approx(5 / 7)
    assert figures.pending_share == pytest.approx(0.3)
    assert figures.interval_low < 5 / 7 < figures.interval_high
    # Lower bound 0.3589: at least D's 0.20, short of C's 0.40.
    assert figures.interval_low == pytest.approx(0.358934, abs=1e-6)
    assert figures.letter == "D"


def test_brier_score_worked_example():
    # Credibility 2 (forecast 0.75) corroborated: 0.0625; credibility 3 (0.5) contradicted: 0.25.
    pairs = [(2, Outcome.CORROBORATED), (3, Outcome.CONTRADICTED), (6, Outcome.CORROBORATED),
             (1, Outcome.PENDING)]  # fmt: skip
    assert reliability.brier_score(pairs) == pytest.approx((0.0625 + 0.25) / 2)
    assert reliability.brier_score([(6, Outcome.CORROBORATED)]) is None
    assert reliability.brier_from_counts([(2, 1, 0, 0), (3, 0, 0, 1), (6, 5, 0, 0)]) == (
        pytest.approx((0.0625 + 0.25) / 2)
    )
    assert reliability.brier_from_counts([]) is None


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=6),
            st.integers(min_value=0, max_value=20),
            st.integers(min_value=0, max_value=20),
            st.integers(min_value=0, max_value=20),
        ),
        max_size=12,
    )
)
def test_brier_from_counts_equals_brier_over_claims(rows):
    pairs = []
    for level, corroborated, partly, contradicted in rows:
        pairs += [(level, Outcome.CORROBORATED)] * corroborated
        pairs += [(level, Outcome.PARTLY_CORROBORATED)] * partly
        pairs += [(level, Outcome.CONTRADICTED)] * contradicted
        pairs += [(level, Outcome.DISPUTED)]  # never counted
    expected = reliability.brier_score(pairs)
    got = reliability.brier_from_counts(rows)
    if expected is None:
        assert got is None
    else:
        assert math.isclose(got, expected, abs_tol=1e-12)
        assert 0 <= got <= 1


def test_share_and_median():
    assert reliability.share(1, 4) == 0.25
    assert reliability.share(0, 0) is None
    assert reliability.median_or_none([]) is None
    assert reliability.median_or_none([10, 60, 20, 10]) == 15


def test_median_of_counts_worked_examples():
    assert reliability.median_of_counts({}) is None
    assert reliability.median_of_counts({5: 0}) is None
    assert reliability.median_of_counts({10: 2, 20: 1, 60: 1}) == 15  # 10, 10, 20, 60
    assert reliability.median_of_counts({7: 3}) == 7
    assert reliability.median_of_counts({1: 1, 9: 1, 4: 1}) == 4


@FAST
@given(st.dictionaries(st.integers(0, 5000), st.integers(0, 40), max_size=30))
def test_median_of_counts_equals_median_of_the_values(histogram):
    values = [value for value, n in histogram.items() for _ in range(n)]
    assert reliability.median_of_counts(histogram) == reliability.median_or_none(values)


def test_figures_from_counts_reads_outcomes_and_settings():
    config = {"MIN_RESOLVED": 3, "THRESHOLDS": reliability.DEFAULT_THRESHOLDS, "CONFIDENCE": 0.9}
    counts = {Outcome.CORROBORATED: 4, Outcome.PARTLY_CORROBORATED: 2, Outcome.PENDING: 1}
    got = reliability.figures_from_counts(counts, claims=8, config=config)
    assert got == reliability.group_figures(
        claims=8, pending=1, corroborated=4, partly=2, contradicted=0,
        min_resolved=3, thresholds=reliability.DEFAULT_THRESHOLDS, confidence=0.9,
    )  # fmt: skip
    assert got.resolved == 6 and got.confirmation_rate == pytest.approx(5 / 6)
