"""Figures typed on one line, and the word overlap behind "similar claims already on file"."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.domain.overlap import SIMILAR_THRESHOLD, word_overlap
from sources.domain.quantities import (
    Figure,
    QuantityError,
    format_quantities,
    parse_quantities,
)


def test_the_reference_articles_figures_read_as_three():
    text = "8 kg; 9,000 RMB/kg (purchase price)\n14 000 RMB/kg (sale price in China)"
    assert parse_quantities(text) == [
        Figure(Decimal("8"), "kg"),
        Figure(Decimal("9000"), "RMB/kg", "purchase price"),
        Figure(Decimal("14000"), "RMB/kg", "sale price in China"),
    ]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("about 8 kg", "is not a figure"),
        ("8", "has no unit"),
        ("1.23456 kg", "after it"),
        ("12345678901234567 won", "before the point"),
        ("8 " + "k" * 51, "a unit has at most 50"),
    ],
)
def test_unreadable_figures_are_refused_saying_why(text, said):
    with pytest.raises(QuantityError, match=said):
        parse_quantities(text)


def test_empty_text_has_no_figures():
    assert parse_quantities("") == [] and parse_quantities(" ; \n ") == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.decimals(min_value=-(10**12), max_value=10**12, places=2, allow_nan=False),
            st.sampled_from(["kg", "RMB/kg", "won", "people"]),
            st.sampled_from(["", "purchase price", "sale price"]),
        ),
        max_size=4,
    )
)
def test_formatted_figures_read_back_as_themselves(items):
    figures = [Figure(value, unit, label) for value, unit, label in items]
    assert parse_quantities(format_quantities(figures)) == figures


def test_overlap_is_the_jaccard_similarity_of_the_word_sets():
    # {cadres, bought, 8, kg} vs {cadres, bought, 9, kg}: 3 shared of 5.
    assert word_overlap("Cadres bought 8 kg", "cadres bought 9 KG.") == pytest.approx(3 / 5)
    assert word_overlap("Rice prices doubled", "Rice prices doubled.") == 1.0
    assert word_overlap("", "") == 0.0


def test_a_retyped_claim_is_similar_and_a_different_one_is_not():
    filed = "Security cadres bought 8 kg of crystal meth inland at 9,000 RMB per kilogram."
    retyped = "Security cadres bought 8kg of crystal meth inland, at 9000 RMB per kilogram"
    other = "The meth was sold in China for 14,000 RMB per kilogram."
    assert word_overlap(filed, retyped) >= SIMILAR_THRESHOLD
    assert word_overlap(filed, other) < SIMILAR_THRESHOLD
