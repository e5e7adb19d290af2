"""The one line on each card that says what the suggested letter rests on."""

import pytest

from sources.domain.letter_basis import letter_basis

THRESHOLDS = {"A": 0.80, "B": 0.60, "C": 0.40, "D": 0.20}


def basis(letter, low, resolved):
    return letter_basis(
        letter=letter,
        interval_low=low,
        resolved=resolved,
        min_resolved=5,
        confidence=0.95,
        thresholds=THRESHOLDS,
    )


def test_a_middle_letter_names_the_lower_bound_both_thresholds_and_n():
    assert basis("C", 0.44, 10) == (
        "C: the lower bound of the 95% interval is 44%, at least the 40% that C needs "
        "but under the 60% for B, over 10 resolved claims."
    )


def test_the_top_and_bottom_letters_name_the_one_threshold_that_matters():
    assert basis("A", 0.83, 40) == (
        "A: the lower bound of the 95% interval is 83%, at least the 80% that A needs, "
        "over 40 resolved claims."
    )
    assert basis("E", 0.15, 10) == (
        "E: the lower bound of the 95% interval is 15%, under the 20% that D needs, "
        "over 10 resolved claims."
    )


def test_f_says_how_many_are_resolved_and_how_many_a_letter_needs():
    assert basis("F", 0.3, 3) == (
        "F: only 3 claims are resolved, and a letter needs at least 5; "
        "until then the record cannot be judged."
    )
    assert basis("F", 0.2, 1).startswith("F: only 1 claim is resolved,")
    assert basis("F", None, 0) == "F: no claim is resolved yet, and a letter needs at least 5."


@pytest.mark.parametrize(
    ("letter", "low", "shown"),
    [
        ("D", 0.398, "39.8%"),  # not "40%": that would seem to reach the 40% C needs
        ("D", 0.3999, "39.99%"),
        ("C", 0.4004, "40%"),  # rounds to 40% and does reach it
        ("B", 0.7996, "79.96%"),  # not "80%", the bound A needs
    ],
)
def test_the_bound_is_never_rounded_across_a_threshold(letter, low, shown):
    assert f"interval is {shown}," in basis(letter, low, 12)


def test_narrowing_to_fewer_claims_explains_a_lower_letter():
    # The whole record and a topic within it, each at 75%: the topic's 5 resolved
    # claims give a wider interval, whose lower bound falls under C's 40%.
    whole, topic = basis("C", 0.44, 10), basis("D", 0.30, 5)
    assert "is 44%, at least the 40% that C needs" in whole
    assert "is 30%, at least the 20% that D needs but under the 40% for C" in topic
    assert "over 10 resolved claims" in whole and "over 5 resolved claims" in topic
