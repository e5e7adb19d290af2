"""Report rows as CSV that a spreadsheet opens without running anything."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import Any

# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def csv_cell(value: Any) -> Any:
    """Return a value as a CSV cell: None empty, text that a spreadsheet would run quoted."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_csv(stream, rows: Iterable[Mapping[str, Any]], fields: Iterable[str], **options) -> None:
    """Write report rows as CSV with a header; ``options`` go to ``csv.writer`` (dialect).

    Columns outside ``fields`` are left out. Every download and the command write
    through here so a cell such as ``=HYPERLINK(...)`` is never run by a spreadsheet.
    """
    writer = csv.DictWriter(stream, fieldnames=list(fields), extrasaction="ignore", **options)
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
