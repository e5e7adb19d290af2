"""Suggested networks: NPMI with a minimum support, checked against values worked by hand."""

import pytest

from sources.domain.networks import (
    MIN_NPMI,
    MIN_SUPPORT,
    basket_list,
    npmi,
    suggest_networks,
)

# Ten baskets (stories). Sources 3 and 4 only ever appear together; 1 and 2
# meet on three stories but each also appears alone.
BASKETS = [
    {1, 2, 3, 4},
    {1, 2, 3, 4},
    {1, 2, 3, 4},
    {1},
    {2},
    {2, 5},
    {5, 6},
    {6},
    {8},
    {7},
]
# By hand, with p = baskets containing / 10 and NPMI = ln(p_ab / (p_a p_b)) / -ln p_ab:
# (3, 4): p_ab = 0.3, p_a = p_b = 0.3: ln(0.3/0.09) / ln(1/0.3) = 1
# (1, 3), (1, 4): 0.3, 0.4, 0.3: ln 2.5 / ln(10/3) = 0.916291 / 1.203973 = 0.761056
# (2, 3), (2, 4): 0.3, 0.5, 0.3: ln 2 / ln(10/3) = 0.693147 / 1.203973 = 0.575717
# (1, 2): 0.3, 0.4, 0.5: ln 1.5 / ln(10/3) = 0.405465 / 1.203973 = 0.336773
# (2, 5) and (5, 6) share one basket only: below the minimum support.
EXPECTED = [
    ((3, 4), 1.0, 3, 3, 3),
    ((1, 3), 0.761056, 3, 4, 3),
    ((1, 4), 0.761056, 3, 4, 3),
    ((2, 3), 0.575717, 3, 5, 3),
    ((2, 4), 0.575717, 3, 5, 3),
    ((1, 2), 0.336773, 3, 4, 5),
]


def _rows(found):
    return [((s.source_a, s.source_b), s.npmi, s.support, s.count_a, s.count_b) for s in found]


def test_suggestions_match_hand_computed_npmi():
    found = suggest_networks(baskets=BASKETS, min_support=3, min_npmi=0.0)
    assert len(found) == len(EXPECTED)
    for (pair, score, support, count_a, count_b), expected in zip(
        _rows(found), EXPECTED, strict=True
    ):
        assert pair == expected[0]
        assert score == pytest.approx(expected[1], abs=1e-6)
        assert (support, count_a, count_b) == expected[2:]
    assert {s.baskets for s in found} == {10}


def test_default_thresholds_drop_the_weak_pair():
    assert (MIN_SUPPORT, MIN_NPMI) == (3, 0.5)
    found = suggest_networks(baskets=BASKETS)
    assert [(s.source_a, s.source_b) for s in found] == [row[0] for row in EXPECTED[:5]]


def test_minimum_support_hides_pairs_seen_together_too_rarely():
    # (5, 6) share one basket; with support 1 they qualify: 2 and 2 of 10, together 1:
    # ln(0.1 / 0.04) / ln 10 = 0.916291 / 2.302585 = 0.397940
    found = {(s.source_a, s.source_b): s for s in suggest_networks(baskets=BASKETS, min_support=1)}
    assert (5, 6) not in found  # below MIN_NPMI
    loose = suggest_networks(baskets=BASKETS, min_support=1, min_npmi=0.3)
    scores = {(s.source_a, s.source_b): s.npmi for s in loose}
    assert scores[(5, 6)] == pytest.approx(0.397940, abs=1e-6)
    assert (5, 6) not in {(s.source_a, s.source_b) for s in suggest_networks(baskets=BASKETS)}


def test_pairs_already_in_one_network_are_not_suggested():
    found = suggest_networks(baskets=BASKETS, networks={3: 100, 4: 100, 1: 200})
    pairs = [(s.source_a, s.source_b) for s in found]
    assert (3, 4) not in pairs
    assert (1, 3) in pairs


def test_empty_baskets_change_nothing():
    assert suggest_networks(baskets=[*BASKETS, set(), set()]) == suggest_networks(baskets=BASKETS)


def test_the_total_is_the_number_of_baskets():
    nine = suggest_networks(baskets=BASKETS[:-1], min_npmi=-1.0)
    assert {s.baskets for s in nine} == {9}
    # (1, 2) on 9 baskets: ln((3/9) / ((4/9)(5/9))) / ln 3 = 0.300105 / 1.098612 = 0.273167
    scores = {(s.source_a, s.source_b): s.npmi for s in nine}
    assert scores[(1, 2)] == pytest.approx(0.273167, abs=1e-6)


@pytest.mark.parametrize(
    ("together", "count_a", "count_b", "baskets", "expected"),
    [
        (1, 10, 10, 100, 0.0),  # exactly as often as chance
        (1, 5, 5, 10, -0.397940),  # ln(0.1/0.25) / ln 10
        (3, 3, 3, 10, 1.0),  # never apart
        (4, 4, 4, 4, 1.0),  # in every basket: by convention 1
        (3, 4, 5, 10, 0.336773),
    ],
)
def test_npmi(together, count_a, count_b, baskets, expected):
    assert npmi(
        together=together, count_a=count_a, count_b=count_b, baskets=baskets
    ) == pytest.approx(expected, abs=1e-6)


@pytest.mark.parametrize(
    ("together", "count_a", "count_b", "baskets"),
    [(0, 1, 1, 10), (3, 2, 5, 10), (3, 5, 11, 10)],
)
def test_npmi_rejects_impossible_counts(together, count_a, count_b, baskets):
    with pytest.raises(ValueError):
        npmi(together=together, count_a=count_a, count_b=count_b, baskets=baskets)


def test_basket_list_joins_attributions_and_corroborations():
    baskets = basket_list(
        attributions={1: [10, 11], 2: [10], 4: []},
        corroborations=[(2, 12), (3, 13), (1, 11)],
    )
    assert baskets == [frozenset({10, 11}), frozenset({10, 12}), frozenset({13})]


def test_nothing_to_suggest():
    assert suggest_networks(baskets=[]) == []
    assert suggest_networks(baskets=[{1}, {1}, set()]) == []
    with pytest.raises(ValueError):
        suggest_networks(baskets=BASKETS, min_support=0)
