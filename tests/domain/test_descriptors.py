"""Tests for descriptor_key: which spellings of a descriptor count as the same one."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sources.domain.descriptors import descriptor_key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        # Case, as when the descriptor opens a sentence.
        (
            "An additional source in Ryanggang Province",
            "an additional source in ryanggang province",
        ),
        ("A SOURCE IN HYESAN", "a source in Hyesan"),
        # Whitespace: runs, tabs, line breaks, no-break and thin spaces, the ends.
        ("a  source\tin\nHyesan", "a source in Hyesan"),
        ("a\u00a0source in\u2009Hyesan", "a source in Hyesan"),
        ("  a source in Hyesan  ", "a source in Hyesan"),
        # Typographic apostrophes and quotes.
        ("Daily NK\u2019s source", "Daily NK's source"),
        ("a \u201cwell-placed\u201d source", 'a "well-placed" source'),
        ("a \u00abwell-placed\u00bb source", 'a "well-placed" source'),
        # Hyphens that look alike, invisible characters, compatibility forms.
        ("a Musan\u2011based source", "a Musan-based source"),
        ("a Mu\u00adsan-based source", "a Musan-based source"),
        ("a source\u200b in Hyesan", "a source in Hyesan"),
        ("\uff41 source", "a source"),
        # Full case folding, not just lower-casing.
        ("a source in Stra\u00dfe", "a source in STRASSE"),
    ],
)
def test_spellings_of_one_descriptor_share_a_key(one, other):
    assert descriptor_key(one) == descriptor_key(other)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("a source in Hyesan", "a source in Hyesan Province"),
        ("a source in Hyesan", "the source in Hyesan"),
        ("a source – in Hyesan", "a source - in Hyesan"),
        ("a source, in Hyesan", "a source in Hyesan"),
    ],
)
def test_different_descriptors_keep_different_keys(one, other):
    assert descriptor_key(one) != descriptor_key(other)


def test_the_key_is_plain_lower_case_text():
    assert descriptor_key(" An Additional\u00a0Source ") == "an additional source"
    assert descriptor_key("") == ""
    assert descriptor_key(" \t\n") == ""


def test_control_characters_do_not_break_it():
    assert descriptor_key("a\x00source") == "a\x00source"
    assert descriptor_key("a\x1fsource\x7f") == "a source\x7f"


@given(st.text())
def test_the_key_of_a_key_is_itself(text):
    key = descriptor_key(text)
    assert descriptor_key(key) == key
    assert key == key.strip()
    assert "  " not in key


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ", max_size=40))
def test_upper_and_lower_case_ascii_share_a_key(text):
    assert descriptor_key(text.upper()) == descriptor_key(text) == " ".join(text.split())
