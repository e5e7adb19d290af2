"""Leaderboards: one row per group (source, descriptor, region, reporter, outlet, topic, year).

Counting happens in the database, one query per report whatever the number
of claims. Sources read their counts from ``SourceRollup``, so the source
leaderboard sorts and pages in the database.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, FloatField, Min, Q, QuerySet, Value
from django.db.models.functions import Cast, ExtractYear, NullIf

from sources import selectors
from sources.domain.as_of import expired_from_deadlines, median_of_histogram
from sources.domain.reliability import median_or_none
from sources.domain.rules import most_printed
from sources.models import Attribution, Claim, LetterOverride
from sources.reports import as_of as as_of_report
from sources.reports import pooled
from sources.reports.figures import (
    DEFAULT_SORT,
    GROUPINGS,
    OUTCOMES,
    OVERRIDE_KINDS,
    SORT_KEYS,
    Figures,
    ReportRow,
    counts_of,
    outcome_count_aggregates,
    report_today,
)

# How each grouping is keyed. Claim-based groupings read Claim rows; the
# descriptor reads Attribution rows so a claim counts once per descriptor, grouped
# by its key (case, spacing and quotes folded) and labelled with the form printed
# most often.
_CLAIM_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    # by: (key field, label fields)
    "region": ("region__slug", ("region__name",)),
    "reporter": (
        "article__reporter_id",
        (
            "article__reporter__username",
            "article__reporter__first_name",
            "article__reporter__last_name",
        ),
    ),
    "outlet": ("article__outlet__slug", ("article__outlet__name",)),
    "topic": ("topics__slug", ("topics__name",)),
    "year": ("year", ()),
}


def _label(by: str, row: Mapping[str, Any]) -> str | int | None:
    if by == "year":
        return row["year"]
    if by == "descriptor":
        return row["descriptor"]
    if by == "reporter":
        if row["article__reporter_id"] is None:
            return None
        full = " ".join(
            part
            for part in (row["article__reporter__first_name"], row["article__reporter__last_name"])
            if part
        )
        return full or row["article__reporter__username"]
    key_field, label_fields = _CLAIM_GROUPS[by]
    return row[label_fields[0]]


def _key_str(value) -> str | None:
    return None if value is None else str(value)


def _overrides(kind: str | None, keys: Iterable[str] | None = None) -> dict[str, tuple[str, str]]:
    """Return {group key: (letter, reason)} for a grouping, in one query."""
    if kind is None:
        return {}
    rows = LetterOverride.objects.filter(group_kind=kind)
    if keys is not None:
        rows = rows.filter(group_key__in=[k for k in keys if k is not None])
    return {
        key: (letter, reason)
        for key, letter, reason in rows.values_list("group_key", "letter", "reason")
    }


def printed_forms(attributions: QuerySet[Attribution]) -> dict[str, str]:
    """Return the form printed most often of each descriptor key among ``attributions``."""
    forms: dict[str, list[tuple[str, int, int]]] = defaultdict(list)
    for key, descriptor, n, first in (
        attributions.order_by()
        .values_list("descriptor_key", "descriptor")
        .annotate(n=Count("pk"), first=Min("pk"))
    ):
        forms[key].append((descriptor, n, first))
    return {key: most_printed(printed) for key, printed in forms.items()}


def _claim_group_rows(claims: QuerySet[Claim], by: str) -> tuple[list[dict], dict, dict]:
    """Aggregate claims into groups: one query for counts, one for the days and origins.

    Already-public claims are in the claim count only (``n_already_public``);
    the days and origins are those of the claims that count.
    """
    today = report_today()
    if by == "descriptor":
        base = Attribution.objects.filter(claim__in=claims.values("pk"))
        key_field = "descriptor_key"
        counted = (
            base.values(key_field)
            .order_by()
            .annotate(**outcome_count_aggregates("claim__", "claim", today=today))
        )
        spans = (
            base.filter(timed_claims("claim__"), claim__settled_before_publication=False)
            .order_by()
            .values_list(
                key_field, "claim_id", "claim__days_to_corroboration", "claim__independent_origins"
            )
            .distinct()
        )
        labels = printed_forms(base)
        counted = [dict(row, descriptor=labels[row[key_field]]) for row in counted]
    else:
        key_field, label_fields = _CLAIM_GROUPS[by]
        base = claims.order_by()
        if by == "year":
            base = base.annotate(year=ExtractYear("article__published_on"))
        fields = (key_field, *label_fields)
        counted = (
            base.values(*fields)
            .order_by()
            .annotate(**outcome_count_aggregates("", "pk", today=today))
        )
        spans = (
            base.filter(timed_claims(""), settled_before_publication=False)
            .values_list(key_field, "pk", "days_to_corroboration", "independent_origins")
            .order_by()
            .distinct()
        )
    days: dict[Any, list[int]] = defaultdict(list)
    origins: dict[Any, list[int]] = defaultdict(list)
    for key, _claim_id, value, independent in spans:
        if value is not None:
            days[key].append(value)
        if independent:
            origins[key].append(independent)
    return [dict(row, _key=row[key_field]) for row in counted], days, origins


def timed_claims(prefix: str) -> Q:
    """Match claims with days to corroboration or independent origins to report."""
    return Q(**{f"{prefix}days_to_corroboration__isnull": False}) | Q(
        **{f"{prefix}independent_origins__gt": 0}
    )


def _rows_from_groups(
    by: str, groups: list[dict], days: Mapping, overrides, origins: Mapping | None = None
) -> list[ReportRow]:
    rows = []
    today = report_today()
    for group in groups:
        key = _key_str(group["_key"])
        letter, reason = overrides.get(key, (None, ""))
        figures = Figures.from_counts(
            counts_of(group),
            group["n_claims"],
            days.get(group["_key"], ()),
            already_public=group["n_already_public"],
            expired=group.get("n_expired", 0),
        )
        figures.independent_origins_median = median_or_none((origins or {}).get(group["_key"], ()))
        figures.as_of = today
        rows.append(
            ReportRow(
                **vars(figures),
                by=by,
                key=key,
                group=_label(by, group),
                recorded_letter=letter,
                recorded_reason=reason,
                settled_before_publication=group["n_already_public"],
            )
        )
    return rows


def _sort_value(row: ReportRow, sort: str):
    if sort == "group":
        return str(row.group).casefold() if row.group is not None else None
    if sort == "suggested_letter":
        return row.suggested_letter
    return getattr(row, sort)


def sort_rows(rows: list[ReportRow], sort: str = DEFAULT_SORT) -> list[ReportRow]:
    """Sort rows by a column, rows without a value last, ties by group name."""
    descending = sort.startswith("-")
    name = sort.lstrip("-")
    if name not in SORT_KEYS:
        raise ValueError(f"unknown sort {sort!r}")
    tie = sorted(rows, key=lambda r: (r.group is None, str(r.group).casefold(), r.key or ""))
    present = [r for r in tie if _sort_value(r, name) is not None]
    missing = [r for r in tie if _sort_value(r, name) is None]
    present.sort(key=lambda r: _sort_value(r, name), reverse=descending)
    return present + missing


def normalise_sort(sort: str | None) -> str:
    """Return a known sort, falling back to the default for anything else."""
    if sort and sort.lstrip("-") in SORT_KEYS and sort.count("-") <= 1:
        return sort
    return DEFAULT_SORT


# Sources read their counts from SourceRollup, so the leaderboard sorts and
# pages in the database however many claims there are.
_ROLLUP_FIELDS = (
    "claims",
    *OUTCOMES,
    "median_days",
    "settled_before_publication",
    "pending_deadlines",
    "origins_histogram",
)


_SOURCE_DB_SORTS = {
    "group": "codename",
    "claims": "rollup__claims",
    "resolved": "rollup__resolved",
    "confirmation_rate": "rollup__confirmation_rate",
    "interval_low": "rollup__interval_low",
    "interval_high": "rollup__interval_high",
    "suggested_letter": "rollup__letter",
    "unresolved_share": "unresolved_share",
    "median_days_to_corroboration": "rollup__median_days",
    "pooled_rate": "rollup__pooled_rate",
    "pooled_low": "rollup__pooled_low",
}


def source_sorts() -> tuple[str, ...]:
    """Return the columns the source leaderboard can sort on (the database's)."""
    return tuple(_SOURCE_DB_SORTS)


def _source_queryset(*, viewer, sort: str):
    name = sort.lstrip("-")
    if name not in _SOURCE_DB_SORTS:
        sort, name = DEFAULT_SORT, DEFAULT_SORT.lstrip("-")
    column = F(_SOURCE_DB_SORTS[name])
    order = column.desc(nulls_last=True) if sort.startswith("-") else column.asc(nulls_last=True)
    return (
        selectors.sources_for(viewer=viewer)
        .filter(rollup__claims__gt=0)
        .annotate(
            # Of the claims that count: already-public claims are in neither part.
            unresolved_share=Cast(
                F("rollup__claims")
                - F("rollup__settled_before_publication")
                - F("rollup__resolved"),
                FloatField(),
            )
            / NullIf(
                Cast(F("rollup__claims") - F("rollup__settled_before_publication"), FloatField()),
                Value(0.0),
            )
        )
        .order_by(order, "codename", "pk")
        .values(
            "pk",
            "codename",
            *(f"rollup__{name}" for name in _ROLLUP_FIELDS),
            *pooled.ROLLUP_POOLED_VALUES,
        )
    )


def stored_median(value: float | None) -> float | int | None:
    """Return a stored median as counting gives it: whole days as an int (10, not 10.0)."""
    return int(value) if value is not None and value.is_integer() else value


def _source_rows(source_values: list[dict], *, whole: bool = False) -> list[ReportRow]:
    """Build source rows from rollup values; ``whole`` means every visible source is here."""
    overrides = _overrides(
        OVERRIDE_KINDS["source"], None if whole else [str(v["pk"]) for v in source_values]
    )
    rows = []
    today = report_today()
    for values in source_values:
        counts = {outcome: values[f"rollup__{outcome}"] for outcome in OUTCOMES}
        key = str(values["pk"])
        letter, reason = overrides.get(key, (None, ""))
        figures = Figures.from_counts(
            counts,
            values["rollup__claims"],
            already_public=values["rollup__settled_before_publication"],
            expired=expired_from_deadlines(values["rollup__pending_deadlines"], as_of=today),
        )
        figures.median_days_to_corroboration = stored_median(values["rollup__median_days"])
        figures.independent_origins_median = median_of_histogram(
            values["rollup__origins_histogram"]
        )
        figures.as_of = today
        pooled.from_rollup_values(figures, values)
        rows.append(
            ReportRow(
                **vars(figures),
                by="source",
                key=key,
                group=values["codename"],
                recorded_letter=letter,
                recorded_reason=reason,
                settled_before_publication=values["rollup__settled_before_publication"],
            )
        )
    return rows


def _check_grouping(by: str) -> None:
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")


def report_rows(
    *,
    viewer,
    by: str,
    sort: str = DEFAULT_SORT,
    as_of: datetime.date | None = None,
    published=None,
) -> list[ReportRow]:
    """Return every group of a report, sorted; three queries whatever the data size.

    With ``as_of`` the report is counted from the raw rows as of that day
    (``reports.as_of``): a query or two more, and work linear in the claims.
    With ``published`` (a ``ranges.DateRange``) only the claims published in
    the range are counted; sources are then counted from their claims, not
    read from their rollups.
    """
    _check_grouping(by)
    sort = normalise_sort(sort)
    if published:
        claims = published.apply(selectors.claims_for(viewer=viewer))
        if as_of is None and by != "source":
            return group_rows(claims, by=by, sort=sort)
        rows = as_of_report.rows_as_of(
            viewer=viewer, by=by, as_of=as_of or report_today(), claims=claims
        )
        return sort_rows(rows, sort)
    if as_of is not None:
        return sort_rows(as_of_report.rows_as_of(viewer=viewer, by=by, as_of=as_of), sort)
    if by == "source":
        values = list(_source_queryset(viewer=viewer, sort=sort))
        rows = _source_rows(values, whole=True)
        if sort.lstrip("-") not in _SOURCE_DB_SORTS:
            rows = sort_rows(rows, sort)
        return rows
    return group_rows(selectors.claims_for(viewer=viewer), by=by, sort=sort)


def group_rows(
    claims: QuerySet[Claim], *, by: str, sort: str = DEFAULT_SORT, overrides: bool = True
) -> list[ReportRow]:
    """Return the rows of a claim-based grouping over the given claims."""
    _check_grouping(by)
    groups, days, origins = _claim_group_rows(claims, by)
    recorded = _overrides(OVERRIDE_KINDS.get(by)) if overrides else {}
    rows = _rows_from_groups(by, groups, days, recorded, origins)
    # Pooled toward the stored priors (issue 14): one query, two for descriptors and regions.
    pooled.pool_group_rows(rows, by=by)
    return sort_rows(rows, normalise_sort(sort))


@dataclass
class ReportPage:
    """One page of a leaderboard."""

    by: str
    sort: str
    page: Page
    rows: list[ReportRow]


def report_page(
    *,
    viewer,
    by: str,
    sort: str | None = None,
    page: int | str = 1,
    per_page: int = 50,
    as_of: datetime.date | None = None,
    published=None,
) -> ReportPage:
    """Return one page of a leaderboard.

    Sources sort and page in the database from SourceRollup; the other
    groupings are aggregated whole (one row per group, not per claim) and paged
    here. A page as of a day is counted whole from the raw rows and paged here.
    """
    _check_grouping(by)
    sort = normalise_sort(sort)
    if by == "source" and as_of is None and not published:
        if sort.lstrip("-") not in _SOURCE_DB_SORTS:
            sort = DEFAULT_SORT
        paginator = Paginator(_source_queryset(viewer=viewer, sort=sort), per_page)
        page_obj = paginator.get_page(page)
        values = list(page_obj.object_list)
        rows = _source_rows(values)
        return ReportPage(by=by, sort=sort, page=page_obj, rows=rows)
    rows = report_rows(viewer=viewer, by=by, sort=sort, as_of=as_of, published=published)
    page_obj = Paginator(rows, per_page).get_page(page)
    return ReportPage(by=by, sort=sort, page=page_obj, rows=list(page_obj.object_list))
