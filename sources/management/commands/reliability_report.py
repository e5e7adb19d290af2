"""Print a reliability report for one grouping as a table, CSV or JSON.

    manage.py reliability_report --by source --format json
    manage.py reliability_report --by descriptor --as-of 2018-01-31

The figures are the ones the report pages and downloads show: the same
functions compute them, the pooled estimate included (``pooled_rate``,
``pooled_low``, ``pooled_high``, ``pooled_toward``; null before the first
``fit_reliability``). JSON is an array with one object per group; rates are
fractions between 0 and 1 and a figure with nothing to report is null.
``--as-of`` counts the report from the claims published, evidence observed
and verdicts decided by that day.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from sources import reports
from sources.permissions import ShellOperator

FORMATS = ("table", "csv", "json")
TABLE_COLUMNS = (
    ("group", 32),
    ("claims", 7),
    ("resolved", 8),
    ("rate", 6),
    ("interval", 11),
    ("pooled", 17),
    ("unresolved", 10),
    ("expired", 7),
    ("public", 6),
    ("median_days", 11),
    ("letter", 6),
    ("recorded", 8),
)


def _cell(row: reports.ReportRow, name: str) -> str:
    if name == "group":
        return "(none)" if row.group is None else str(row.group)
    if name == "rate":
        return row.rate_display
    if name == "interval":
        return row.interval_display
    if name == "pooled":
        return row.pooled_display
    if name == "unresolved":
        return row.unresolved_display
    if name == "median_days":
        return row.median_number
    if name == "letter":
        return row.suggested_letter
    if name == "recorded":
        return row.recorded_letter or "—"
    if name == "public":
        return str(row.already_public)
    return str(getattr(row, name))


class Command(BaseCommand):
    help = "Print confirmation rates, intervals and letters per source, descriptor, region, ..."

    def add_arguments(self, parser):
        parser.add_argument(
            "--by", choices=reports.GROUPINGS, default="source", help="the grouping to report"
        )
        parser.add_argument("--format", choices=FORMATS, default="table", dest="fmt")
        parser.add_argument(
            "--sort",
            default=reports.DEFAULT_SORT,
            help=f"column to sort on, '-' for descending (default {reports.DEFAULT_SORT}); "
            f"one of {', '.join(reports.SORT_KEYS)}",
        )
        parser.add_argument(
            "--as-of",
            dest="as_of",
            default=None,
            help="count the report as of this day, YYYY-MM-DD (not in the future)",
        )

    def handle(self, *args, by: str, fmt: str, sort: str, as_of: str | None = None, **options):
        if sort.lstrip("-") not in reports.SORT_KEYS:
            raise CommandError(
                f"--sort {sort!r} is not a column; choose one of {', '.join(reports.SORT_KEYS)}"
            )
        try:
            day = reports.check_as_of(as_of)
        except ValidationError as error:
            raise CommandError(f"--as-of: {' '.join(error.message_dict['as_of'])}") from None
        rows = reports.report_rows(viewer=ShellOperator(), by=by, sort=sort, as_of=day)
        if fmt == "json":
            self.stdout.write(
                json.dumps([row.as_dict() for row in rows], indent=2, ensure_ascii=False)
            )
        elif fmt == "csv":
            reports.write_csv(
                self.stdout,
                (row.as_dict() for row in rows),
                reports.EXPORT_FIELDS,
                lineterminator="\n",
            )
        else:
            self._table(rows, by)

    def _table(self, rows, by):
        header = "  ".join(
            (reports.GROUPING_LABELS[by] if name == "group" else name).ljust(width)
            for name, width in TABLE_COLUMNS
        )
        self.stdout.write(header.rstrip())
        self.stdout.write("-" * len(header.rstrip()))
        for row in rows:
            cells = []
            for name, width in TABLE_COLUMNS:
                text = _cell(row, name)
                if len(text) > width:
                    text = text[: width - 1] + "…"
                cells.append(text.ljust(width))
            self.stdout.write("  ".join(cells).rstrip())
        if not rows:
            self.stdout.write("No claims to report.")
