"""CSV cells that a spreadsheet opens without running anything, and that read back exactly.

One writer for every CSV the project produces: report downloads, the
``reliability_report`` command and the exchange ZIP.

Quoting. A cell is quoted (RFC 4180: in double quotes, inner quotes doubled)
when it holds a comma, a double quote, a carriage return, a line feed or a
tab. The ``csv`` module quotes CR only when it is part of the line
terminator, so a bare CR in a claim's text used to end the row early; here
every CR, LF and tab is inside quotes. Reading is the ``csv`` module's.

Formulas. A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and some first strip a leading tab or carriage return). A cell can
also be split at its line breaks by a careless reader, so every *line* of a
cell counts as a start: the cell's start, and the point after each LF, each
CRLF and each bare CR. A line that starts with ``=``, ``+``, ``-``, ``@`` or a
tab, after any number of apostrophes, gets one more apostrophe in front; so
does a cell that starts with a carriage return. ``uncell`` removes exactly
that apostrophe, so our own importer reads back the text as it was, and a
text that really starts with an apostrophe survives too.

Numbers written as numbers (``-1``, ``-0.5``) are left alone: a spreadsheet
reads them as numbers, not formulas.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
# ...and may strip one of these first, so a line starting with it is guarded too.
STRIPPED_STARTS = ("\t",)

_FORMULA = "=+\\-@\t"
# The start of every line after the first: after LF, and after a CR that is not part of CRLF.
_LATER_LINE = r"(?:(?<=\n)|(?<=\r)(?!\n))"
_GUARD = re.compile(rf"\A(?='*[{_FORMULA}\r])|{_LATER_LINE}(?='*[{_FORMULA}])")
_UNGUARD = re.compile(rf"\A'(?='*[{_FORMULA}\r])|{_LATER_LINE}'(?='*[{_FORMULA}])")
_NEEDS_QUOTES = re.compile('[,"\r\n\t]')
# A text needs ``_GUARD`` only if it starts with one of these or holds a line break.
_RISKY_FIRST = frozenset("'=+-@\t\r")


def guard(text: str) -> str:
    """Return ``text`` with an apostrophe before every line a spreadsheet would run."""
    if text and (text[0] in _RISKY_FIRST or "\n" in text or "\r" in text):
        return _GUARD.sub("'", text)
    return text


def unguard(text: str) -> str:
    """Undo ``guard``: remove the one apostrophe it put before each such line."""
    if "'" in text:
        return _UNGUARD.sub("", text)
    return text


def cell(value: Any) -> str:
    """Return the text of one CSV cell: empty for None, guarded when it is text."""
    if value.__class__ is str:  # the common case first: exports are mostly text
        return guard(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    return guard(str(value))


def uncell(text: str) -> str:
    """Return the text a cell written by ``cell`` held (numbers and dates come back as text)."""
    return unguard(text)


def _quoted(text: str) -> str:
    if _NEEDS_QUOTES.search(text):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_line(cells: Iterable[Any], *, lineterminator: str = "\r\n") -> str:
    """Return one CSV line: each value made a cell by ``cell`` and quoted when it must be.

    A row of one empty cell is written ``""``, as the ``csv`` module does, so
    that it is not read back as a blank line.
    """
    texts = [_quoted(cell(value)) for value in cells]
    if texts == [""]:
        texts = ['""']
    return ",".join(texts) + lineterminator


def csv_text(header: Iterable[str], rows: Iterable[Iterable[Any]], *, lineterminator="\n") -> str:
    """Return a whole CSV document: the header line, then one line per row."""
    lines = [",".join(_quoted(name) for name in header) + lineterminator]
    lines.extend(csv_line(row, lineterminator=lineterminator) for row in rows)
    return "".join(lines)


def write_csv(
    stream,
    rows: Iterable[Mapping[str, Any]],
    fields: Iterable[str],
    *,
    lineterminator: str = "\r\n",
) -> None:
    """Write rows of dicts as CSV with a header, to anything with ``write``.

    Columns outside ``fields`` are left out; a missing column is an empty cell.
    """
    fields = list(fields)
    stream.write(",".join(_quoted(name) for name in fields) + lineterminator)
    for row in rows:
        stream.write(csv_line((row.get(name) for name in fields), lineterminator=lineterminator))
