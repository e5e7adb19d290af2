"""The text rule (which characters, which numbers) and the one CSV cell writer.

The writer's output is read back with Python's ``csv`` module, an independent
reader: whatever text goes in, the same cells come out, and no line of the
file starts with a character a spreadsheet would run.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sources.domain import spreadsheet
from sources.domain.text import bad_character, refusal, whole_number


@pytest.mark.parametrize(
    ("text", "multiline", "found"),
    [
        ("a source in Ryanggang Province", False, None),
        ("양강도의 한 소식통 两江道", False, None),
        ("a\x00b", True, (2, "\x00")),
        ("line\nbreak", False, (5, "\n")),
        ("line\nbreak\r\nand\ttab", True, None),
        ("tab\there", False, (4, "\t")),
        ("bell\x07", True, (5, "\x07")),
        ("del\x7f", True, (4, "\x7f")),
        ("next line\x85", True, (10, "\x85")),
        ("lone \ud800 surrogate", True, (6, "\ud800")),
        ("no-break\u00a0space and \u2028 are text", False, None),
    ],
)
def test_bad_character_finds_the_first_forbidden_one(text, multiline, found):
    result = bad_character(text, multiline=multiline)
    assert (None if result is None else (result.position, result.char)) == found


def test_refusals_say_what_and_where_without_echoing_the_character():
    assert refusal("ab\x00", multiline=True) == (
        "Contains a NUL character (U+0000) at position 3; remove it and try again."
    )
    assert (
        refusal("one\ntwo")
        == "Must be one line of text: it contains a line break (U+000A) at position 4."
    )
    assert (
        refusal("a\x1b")
        == "Contains the control character U+001B at position 2; remove it and try again."
    )
    assert refusal("fine") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("0", None),
        ("9" * 20, None),
        ("9223372036854775807", 2**63 - 1),
        ("9223372036854775808", None),
        ("-3", None),
        ("²", None),  # a digit to str.isdigit, not to int()
        ("١٢", None),  # Arabic-Indic digits: not what a page address holds
        ("12x", None),
        ("", None),
        ("1" * 1000, None),
    ],
)
def test_whole_number_takes_ascii_digits_in_range(text, expected):
    assert whole_number(text, minimum=1, maximum=2**63 - 1) == expected


@pytest.mark.parametrize(
    ("text", "guarded"),
    [
        ("plain text", "plain text"),
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-2 guards dismissed", "'-2 guards dismissed"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("'=already quoted", "''=already quoted"),
        ("\r=cmd", "'\r'=cmd"),  # a cell never starts with CR, and the line after it is guarded
        ("8 kg\r=cmd|' /C calc'!A0", "8 kg\r'=cmd|' /C calc'!A0"),
        ("a\r\n+b\n-c", "a\r\n'+b\n'-c"),
        ("para\r\n\r\npara", "para\r\n\r\npara"),  # blank CRLF lines are left alone
        ("price = 9,000", "price = 9,000"),
    ],
)
def test_guard_puts_one_apostrophe_before_each_line_a_spreadsheet_would_run(text, guarded):
    assert spreadsheet.guard(text) == guarded
    assert spreadsheet.unguard(guarded) == text


def test_cells_of_numbers_are_left_as_numbers():
    assert [spreadsheet.cell(v) for v in (-1, -0.5, None, True, False)] == [
        "-1", "-0.5", "", "true", "false",
    ]  # fmt: skip
    assert spreadsheet.csv_line(["a,b", 'say "x"', "a\tb", "plain"], lineterminator="\n") == (
        '"a,b","say ""x""","a\tb",plain\n'
    )


_LINE_START = re.compile(r"\r\n|\r|\n")
_RUNS = re.compile(r"^\"?[=+\-@\t]")


@settings(max_examples=300, deadline=None)
@given(cells=st.lists(st.text(), min_size=1, max_size=4))
@example(cells=["8 kg\r=cmd", "\t\r\n@x", "'''-y"])
def test_any_text_reads_back_exactly_with_the_csv_module(cells):
    text = spreadsheet.csv_text([f"c{i}" for i in range(len(cells))], [cells])
    [header, row] = list(csv.reader(io.StringIO(text, newline="")))
    assert header == [f"c{i}" for i in range(len(cells))]
    assert [spreadsheet.uncell(value) for value in row] == cells
    for value in row:
        assert not value.startswith("\r")
        for line in _LINE_START.split(value):
            assert not re.match(r"[=+\-@\t]", line), value
    for line in _LINE_START.split(text):
        assert not _RUNS.match(line), line


def test_write_csv_leaves_out_unlisted_columns_and_fills_missing_ones():
    out = io.StringIO()
    spreadsheet.write_csv(out, [{"a": "=x", "b": 1, "extra": "no"}, {"a": "y"}], ["a", "b"])
    assert out.getvalue() == "a,b\r\n'=x,1\r\ny,\r\n"
