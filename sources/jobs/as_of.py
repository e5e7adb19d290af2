"""The job that counts a whole report as of a past day, for newsrooms too big for a request.

A report as of a day recounts every claim in scope from its dated rows
(``reports.as_of``): about a minute at a million claims (docs/performance.md).
``report_as_of`` does that in the background and leaves the download (CSV
or JSON) on the job's page; the leaderboard offers it beside the as-of form.
"""

from __future__ import annotations

import io
import json

from django.core.exceptions import ValidationError

from sources import permissions, reports
from sources.jobs.registry import JobKind, register
from sources.jobs.runner import JobContext, JobRefused, JobResult

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


def run_report_as_of(context: JobContext) -> JobResult:
    """Count the report, as the download of the same address would, and keep the file."""
    by = context.params.get("by", "source")
    fmt = context.params.get("format", "csv")
    if by not in reports.GROUPINGS or fmt not in FORMATS:
        raise JobRefused(f"Unknown report {by!r} or format {fmt!r}.")
    if not permissions.can_view_report(viewer=context.actor, obj=by):
        raise JobRefused("Your role does not see this grouping.")
    try:
        as_of = reports.check_as_of(context.params.get("as_of"))
    except ValidationError as error:
        raise JobRefused(" ".join(error.message_dict["as_of"])) from None
    if as_of is None:
        raise JobRefused("Say which day to count the report as of.")
    context.progress(0, 1)
    context.log(f"Counting the {by} report as of {as_of.isoformat()} from the dated rows")
    rows = [row.as_dict() for row in reports.report_rows(viewer=context.actor, by=by, as_of=as_of)]
    if fmt == "json":
        data = "[\n" + ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows) + "\n]\n"
    else:
        buffer = io.StringIO()
        reports.write_csv(buffer, rows, reports.EXPORT_FIELDS)
        data = buffer.getvalue()
    context.progress(1, 1)
    return JobResult(
        summary=f"Counted {len(rows)} {by} rows as of {as_of.isoformat()}.",
        data={"rows": len(rows), "by": by, "as_of": as_of.isoformat()},
        file_name=f"reliability-{by}-{as_of.isoformat()}.{fmt}",
        file_type=FORMATS[fmt],
        file_data=data.encode("utf-8"),
    )


REPORT_AS_OF = register(
    JobKind(
        name="report_as_of",
        label="Count a report as of a date",
        run=run_report_as_of,
        permitted=permissions.can_exchange,
        description="Recounts a whole report from the claims, evidence and verdicts on file "
        "on a past day, and keeps the download.",
    )
)
