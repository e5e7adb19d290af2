"""Reliability reports: outcome counts, rates, intervals and letters per group of claims.

Counting happens in the database with aggregates, one query per report
whatever the number of claims; the figures derived from the counts come from
``sources.domain.reliability`` so pages, exports and the command agree to the digit.
Medians are the one figure SQL cannot give portably, so each report fetches
the days-to-corroboration of every group in one query and takes medians here.
Sources are the exception: their counts, median and outcomes per year are
kept in ``SourceRollup`` by the services, and the source leaderboard and a
source's card read them from there.

Who may see what is decided in ``sources.selectors``; this module only starts
from the querysets those return.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, FloatField, Q, QuerySet, Sum
from django.db.models.functions import Cast, ExtractYear
from django.utils.safestring import mark_safe

from sources import charts, selectors
from sources.domain import reliability
from sources.domain.vocab import Credibility, Letter, Outcome
from sources.models import LINK_TOTALS, Attribution, Claim, LetterOverride, Source, SourceRollup

GROUPINGS = ("source", "descriptor", "region", "reporter", "outlet", "topic", "year")
GROUPING_LABELS = {
    "source": "Source",
    "descriptor": "Published descriptor",
    "region": "Region",
    "reporter": "Reporter",
    "outlet": "Outlet",
    "topic": "Topic",
    "year": "Publication year",
}
# Groupings an editor may record a letter for; publication years have none.
OVERRIDE_KINDS = {
    "source": LetterOverride.GroupKind.SOURCE,
    "descriptor": LetterOverride.GroupKind.DESCRIPTOR,
    "region": LetterOverride.GroupKind.REGION,
    "reporter": LetterOverride.GroupKind.REPORTER,
    "outlet": LetterOverride.GroupKind.OUTLET,
    "topic": LetterOverride.GroupKind.TOPIC,
}
OUTCOMES = Outcome.ALL
SORT_KEYS = (
    "group",
    "claims",
    "resolved",
    "confirmation_rate",
    "interval_low",
    "interval_high",
    "unresolved_share",
    "median_days_to_corroboration",
    "suggested_letter",
)
DEFAULT_SORT = "-interval_low"
# The columns of every export, in order. ``key`` identifies the group in URLs
# and recorded letters; ``group`` is what people read.
EXPORT_FIELDS = (
    "group",
    "key",
    "claims",
    *OUTCOMES,
    "resolved",
    "confirmation_rate",
    "interval_low",
    "interval_high",
    "pending_share",
    "unresolved_share",
    "suggested_letter",
    "recorded_letter",
    "recorded_reason",
    "median_days_to_corroboration",
)


def _config() -> Mapping[str, Any]:
    return settings.RELIABILITY


def percent(value: float | None) -> str:
    """Return a fraction as a whole percentage for people, or a dash for nothing."""
    return "—" if value is None else f"{value * 100:.0f}%"


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


@dataclass
class Figures:
    """The counts of one group of claims and every figure derived from them."""

    counts: dict[str, int]
    claims: int
    resolved: int
    confirmation_rate: float | None
    interval_low: float | None
    interval_high: float | None
    pending_share: float | None
    unresolved_share: float | None
    suggested_letter: str
    median_days_to_corroboration: float | None

    @classmethod
    def from_counts(
        cls, counts: Mapping[str, int], claims: int, days: Iterable[int] = ()
    ) -> Figures:
        counts = {outcome: int(counts.get(outcome) or 0) for outcome in OUTCOMES}
        figures = reliability.figures_from_counts(counts, claims=claims, config=_config())
        return cls(
            counts=counts,
            claims=claims,
            resolved=figures.resolved,
            confirmation_rate=figures.confirmation_rate,
            interval_low=figures.interval_low,
            interval_high=figures.interval_high,
            pending_share=figures.pending_share,
            unresolved_share=reliability.share(claims - figures.resolved, claims),
            suggested_letter=figures.letter,
            median_days_to_corroboration=reliability.median_or_none(days),
        )

    @property
    def rate_display(self) -> str:
        return percent(self.confirmation_rate)

    @property
    def interval_display(self) -> str:
        if self.interval_low is None or self.interval_high is None:
            return "—"
        return f"{percent(self.interval_low)}–{percent(self.interval_high)}"

    @property
    def unresolved_display(self) -> str:
        return percent(self.unresolved_share)

    @property
    def median_display(self) -> str:
        value = self.median_days_to_corroboration
        if value is None:
            return "—"
        return f"{value:g} days" if value != 1 else "1 day"

    @property
    def median_number(self) -> str:
        value = self.median_days_to_corroboration
        return "—" if value is None else f"{value:g}"

    @property
    def letter_label(self) -> str:
        return Letter.LABELS[self.suggested_letter]

    @property
    def counts_list(self) -> list[tuple[str, str, int]]:
        """Return (outcome, label, count) in the usual order, for templates."""
        return [(o, Outcome.LABELS[o], self.counts[o]) for o in OUTCOMES]


@dataclass
class ReportRow(Figures):
    """One group in a report: its identity, its figures and any recorded letter."""

    by: str = ""
    key: str | None = None
    group: str | int | None = None
    recorded_letter: str | None = None
    recorded_reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the row as exported: rates are fractions, missing figures None."""
        data: dict[str, Any] = {
            "group": self.group,
            "key": self.key,
            "claims": self.claims,
            **self.counts,
            "resolved": self.resolved,
            "confirmation_rate": self.confirmation_rate,
            "interval_low": self.interval_low,
            "interval_high": self.interval_high,
            "pending_share": self.pending_share,
            "unresolved_share": self.unresolved_share,
            "suggested_letter": self.suggested_letter,
            "recorded_letter": self.recorded_letter,
            "recorded_reason": self.recorded_reason or None,
            "median_days_to_corroboration": self.median_days_to_corroboration,
        }
        return {name: data[name] for name in EXPORT_FIELDS}


# How each grouping is keyed. Claim-based groupings read Claim rows; the
# descriptor reads Attribution rows so a claim counts once per descriptor.
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


def _outcome_counts(prefix: str, count_field: str) -> dict[str, Count]:
    """Return the aggregates that count distinct claims in total and per outcome."""
    return {
        "n_claims": Count(count_field, distinct=True),
        **{
            f"n_{outcome}": Count(
                count_field, distinct=True, filter=Q(**{f"{prefix}outcome": outcome})
            )
            for outcome in OUTCOMES
        },
    }


def _counts_of(row: Mapping[str, Any]) -> dict[str, int]:
    return {outcome: row[f"n_{outcome}"] for outcome in OUTCOMES}


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


def _claim_group_rows(claims: QuerySet[Claim], by: str) -> tuple[list[dict], dict]:
    """Aggregate claims into groups: one query for counts, one for the days."""
    if by == "descriptor":
        base = Attribution.objects.filter(claim__in=claims.values("pk"))
        key_field, fields = "descriptor", ("descriptor",)
        counted = base.values(*fields).order_by().annotate(**_outcome_counts("claim__", "claim"))
        days_rows = (
            base.filter(claim__days_to_corroboration__isnull=False)
            .order_by()
            .values_list("descriptor", "claim_id", "claim__days_to_corroboration")
            .distinct()
        )
    else:
        key_field, label_fields = _CLAIM_GROUPS[by]
        base = claims.order_by()
        if by == "year":
            base = base.annotate(year=ExtractYear("article__published_on"))
        fields = (key_field, *label_fields)
        counted = base.values(*fields).order_by().annotate(**_outcome_counts("", "pk"))
        days_rows = (
            base.filter(days_to_corroboration__isnull=False)
            .values_list(key_field, "pk", "days_to_corroboration")
            .order_by()
            .distinct()
        )
    days: dict[Any, list[int]] = defaultdict(list)
    for key, _claim_id, value in days_rows:
        days[key].append(value)
    return [dict(row, _key=row[key_field]) for row in counted], days


def _rows_from_groups(by: str, groups: list[dict], days: Mapping, overrides) -> list[ReportRow]:
    rows = []
    for group in groups:
        key = _key_str(group["_key"])
        letter, reason = overrides.get(key, (None, ""))
        figures = Figures.from_counts(
            _counts_of(group), group["n_claims"], days.get(group["_key"], ())
        )
        rows.append(
            ReportRow(
                **vars(figures),
                by=by,
                key=key,
                group=_label(by, group),
                recorded_letter=letter,
                recorded_reason=reason,
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
_ROLLUP_FIELDS = ("claims", *OUTCOMES, "median_days")
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
            unresolved_share=Cast(F("rollup__claims") - F("rollup__resolved"), FloatField())
            / Cast(F("rollup__claims"), FloatField())
        )
        .order_by(order, "codename", "pk")
        .values("pk", "codename", *(f"rollup__{name}" for name in _ROLLUP_FIELDS))
    )


def _stored_median(value: float | None) -> float | int | None:
    """Return a stored median as counting gives it: whole days as an int (10, not 10.0)."""
    return int(value) if value is not None and value.is_integer() else value


def _source_rows(source_values: list[dict], *, whole: bool = False) -> list[ReportRow]:
    """Build source rows from rollup values; ``whole`` means every visible source is here."""
    overrides = _overrides(
        OVERRIDE_KINDS["source"], None if whole else [str(v["pk"]) for v in source_values]
    )
    rows = []
    for values in source_values:
        counts = {outcome: values[f"rollup__{outcome}"] for outcome in OUTCOMES}
        key = str(values["pk"])
        letter, reason = overrides.get(key, (None, ""))
        figures = Figures.from_counts(counts, values["rollup__claims"])
        figures.median_days_to_corroboration = _stored_median(values["rollup__median_days"])
        rows.append(
            ReportRow(
                **vars(figures),
                by="source",
                key=key,
                group=values["codename"],
                recorded_letter=letter,
                recorded_reason=reason,
            )
        )
    return rows


def _check_grouping(by: str) -> None:
    if by not in GROUPINGS:
        raise ValueError(f"unknown grouping {by!r}; choose one of {', '.join(GROUPINGS)}")


def report_rows(*, viewer, by: str, sort: str = DEFAULT_SORT) -> list[ReportRow]:
    """Return every group of a report, sorted; three queries whatever the data size."""
    _check_grouping(by)
    sort = normalise_sort(sort)
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
    groups, days = _claim_group_rows(claims, by)
    recorded = _overrides(OVERRIDE_KINDS.get(by)) if overrides else {}
    return sort_rows(_rows_from_groups(by, groups, days, recorded), normalise_sort(sort))


@dataclass
class ReportPage:
    """One page of a leaderboard."""

    by: str
    sort: str
    page: Page
    rows: list[ReportRow]


def report_page(
    *, viewer, by: str, sort: str | None = None, page: int | str = 1, per_page: int = 50
) -> ReportPage:
    """Return one page of a leaderboard.

    Sources sort and page in the database from SourceRollup; the other
    groupings are aggregated whole (one row per group, not per claim) and paged
    here.
    """
    _check_grouping(by)
    sort = normalise_sort(sort)
    if by == "source":
        if sort.lstrip("-") not in _SOURCE_DB_SORTS:
            sort = DEFAULT_SORT
        paginator = Paginator(_source_queryset(viewer=viewer, sort=sort), per_page)
        page_obj = paginator.get_page(page)
        values = list(page_obj.object_list)
        rows = _source_rows(values)
        return ReportPage(by=by, sort=sort, page=page_obj, rows=rows)
    rows = report_rows(viewer=viewer, by=by, sort=sort)
    page_obj = Paginator(rows, per_page).get_page(page)
    return ReportPage(by=by, sort=sort, page=page_obj, rows=list(page_obj.object_list))


# Track records ---------------------------------------------------------------------------


@dataclass
class TrackRecord(Figures):
    """Everything a track-record card shows for one group of claims."""

    label: str = ""
    recorded_letter: str | None = None
    recorded_reason: str = ""
    override_kind: str | None = None
    override_key: str | None = None
    outcomes_over_time: list[tuple[int, dict[str, int]]] = field(default_factory=list)
    recent_claims: list[Claim] = field(default_factory=list)
    corroborating_links: int = 0
    contradicting_links: int = 0
    dependent_links: int = 0

    @property
    def outcomes_chart(self) -> str:
        """Return the outcomes-over-time chart as inline SVG."""
        return mark_safe(charts.outcomes_chart(self.outcomes_over_time))  # noqa: S308

    @property
    def rate_chart(self) -> str:
        """Return the rate with its interval bar as inline SVG."""
        return mark_safe(  # noqa: S308
            charts.rate_chart(
                [
                    (
                        self.label,
                        self.confirmation_rate,
                        self.interval_low,
                        self.interval_high,
                        self.resolved,
                    )
                ],
                label_width=160,
                plot_width=300,
            )
        )


def _pk(value):
    return getattr(value, "pk", value)


def _filter_claims(
    claims: QuerySet[Claim],
    *,
    source=None,
    descriptor=None,
    region=None,
    topic=None,
    reporter=None,
    outlet=None,
    year=None,
) -> QuerySet[Claim]:
    """Narrow claims to those matching every filter given."""
    attribution = {}
    if source is not None:
        attribution["source_id"] = _pk(source)
    if descriptor is not None:
        attribution["descriptor"] = descriptor
    if attribution:
        claims = claims.filter(pk__in=Attribution.objects.filter(**attribution).values("claim_id"))
    if region is not None:
        claims = claims.filter(region_id=_pk(region))
    if topic is not None:
        claims = claims.filter(
            pk__in=Claim.topics.through.objects.filter(topic_id=_pk(topic)).values("claim_id")
        )
    if reporter is not None:
        claims = claims.filter(article__reporter_id=_pk(reporter))
    if outlet is not None:
        claims = claims.filter(article__outlet_id=_pk(outlet))
    if year is not None:
        claims = claims.filter(article__published_on__year=int(year))
    return claims


def _override_target(**filters) -> tuple[str | None, str | None]:
    """Return the (kind, key) a recorded letter is filed under, for one-filter records."""
    given = {name: value for name, value in filters.items() if value is not None}
    if len(given) != 1:
        return None, None
    name, value = next(iter(given.items()))
    if name not in OVERRIDE_KINDS:
        return None, None
    if name == "descriptor":
        key = str(value)
    elif name in ("source", "reporter"):
        key = str(_pk(value))
    else:
        key = getattr(value, "slug", None) or str(value)
    return OVERRIDE_KINDS[name], key


def _record_label(**filters) -> str:
    parts = []
    for name in ("source", "descriptor", "region", "topic", "reporter", "outlet", "year"):
        value = filters.get(name)
        if value is None:
            continue
        if name == "reporter" and hasattr(value, "get_username"):
            parts.append(value.get_full_name() or value.get_username())
        elif name == "descriptor":
            parts.append(f"“{value}”")
        else:
            parts.append(str(value))
    return " · ".join(parts) or "All claims"


def _counted_record(claims: QuerySet[Claim]) -> tuple[Figures, dict[str, int], list]:
    """Count the claims: figures, link totals and outcomes per year, in three queries."""
    totals = claims.aggregate(
        **_outcome_counts("", "pk"),
        corroborating_links=Sum("corroborating_links"),
        contradicting_links=Sum("contradicting_links"),
        dependent_links=Sum("dependent_links"),
    )
    days = list(
        claims.filter(days_to_corroboration__isnull=False).values_list(
            "days_to_corroboration", flat=True
        )
    )
    figures = Figures.from_counts(_counts_of(totals), totals["n_claims"], days)
    links = {name: totals[name] or 0 for name in LINK_TOTALS}
    over_time: dict[int, dict[str, int]] = {}
    for year, outcome, count in (
        claims.annotate(year=ExtractYear("article__published_on"))
        .values("year", "outcome")
        .order_by("year", "outcome")
        .annotate(n=Count("pk"))
        .values_list("year", "outcome", "n")
    ):
        over_time.setdefault(year, dict.fromkeys(OUTCOMES, 0))[outcome] = count
    return figures, links, sorted(over_time.items())


def _stored_record(rollup: SourceRollup) -> tuple[Figures, dict[str, int], list]:
    """Read the same figures from a source's rollup, with no query at all."""
    counts = {outcome: getattr(rollup, outcome) for outcome in OUTCOMES}
    figures = Figures.from_counts(counts, rollup.claims)
    figures.median_days_to_corroboration = _stored_median(rollup.median_days)
    links = {name: getattr(rollup, name) for name in LINK_TOTALS}
    over_time = [
        (int(year), {outcome: by_outcome.get(outcome, 0) for outcome in OUTCOMES})
        for year, by_outcome in rollup.by_year.items()
    ]
    return figures, links, sorted(over_time)


# What a card shows of its latest claims (reports/_track_record_card.html); a
# field the card starts to show must be added here, or each row costs a query.
_RECENT_CLAIM_FIELDS = (
    "text",
    "outcome",
    "corroborating_links",
    "contradicting_links",
    "dependent_links",
    "days_to_corroboration",
    "article__published_on",
)


def _build_record(
    claims: QuerySet[Claim],
    *,
    recent: int,
    with_reason: bool = True,
    rollup: SourceRollup | None = None,
    **filters,
) -> TrackRecord:
    """Build a track record; ``rollup`` may stand in for counting when only a source is given."""
    claims = _filter_claims(claims, **filters).order_by()
    only_source = {name for name, value in filters.items() if value is not None} == {"source"}
    if rollup is not None and only_source:
        figures, links, over_time = _stored_record(rollup)
    else:
        figures, links, over_time = _counted_record(claims)
    recent_claims = (
        list(
            claims.select_related("article")
            .only(*_RECENT_CLAIM_FIELDS)
            .order_by("-article__published_on", "-pk")[:recent]
        )
        if recent
        else []
    )
    kind, key = _override_target(**filters)
    letter, reason = (None, "")
    if kind is not None:
        override = (
            LetterOverride.objects.filter(group_kind=kind, group_key=key)
            .values_list("letter", "reason")
            .first()
        )
        if override:
            letter, reason = override
    return TrackRecord(
        **vars(figures),
        label=_record_label(**filters),
        recorded_letter=letter,
        recorded_reason=reason if with_reason else "",
        override_kind=kind,
        override_key=key,
        outcomes_over_time=over_time,
        recent_claims=recent_claims,
        **links,
    )


def track_record(
    *,
    viewer,
    source=None,
    descriptor: str | None = None,
    region=None,
    topic=None,
    reporter=None,
    outlet=None,
    year: int | None = None,
    recent: int = 5,
) -> TrackRecord:
    """Return the track record of the claims matching every filter given.

    Filters combine: ``source`` and ``topic`` together give that source's
    record on that topic. A source the viewer may not know of raises
    PermissionDenied. A source alone is read from its rollup (three queries,
    whatever the size of the source); other filters count the claims (five or
    six queries, whatever the number of claims).
    """
    rollup = None
    if source is not None:
        rollup = selectors.source_rollup(viewer=viewer, source=source)
    return _build_record(
        selectors.claims_for(viewer=viewer),
        recent=recent,
        rollup=rollup,
        source=source,
        descriptor=descriptor,
        region=region,
        topic=topic,
        reporter=reporter,
        outlet=outlet,
        year=year,
    )


# Calibration -----------------------------------------------------------------------------


@dataclass
class CalibrationRow:
    """How claims given one credibility level at intake turned out."""

    credibility: int
    label: str
    forecast: float | None
    claims: int
    corroborated: int
    partly: int
    contradicted: int
    resolved: int
    observed_rate: float | None
    interval_low: float | None
    interval_high: float | None
    brier: float | None


@dataclass
class EditorCalibration:
    """One editor's credibility levels against what happened."""

    editor: str | None
    editor_id: int | None
    claims: int
    resolved: int
    brier: float | None
    rows: list[CalibrationRow]


@dataclass
class Calibration:
    overall: EditorCalibration
    editors: list[EditorCalibration]


def _calibration_rows(counts: Mapping[int, list[int]]) -> list[CalibrationRow]:
    confidence = _config()["CONFIDENCE"]
    rows = []
    for level, label in Credibility.LABELS.items():
        claims, corroborated, partly, contradicted = counts.get(level, [0, 0, 0, 0])
        resolved = reliability.resolved_count(corroborated, partly, contradicted)
        interval = reliability.wilson_interval(
            corroborated + 0.5 * partly, resolved, confidence=confidence
        )
        rows.append(
            CalibrationRow(
                credibility=level,
                label=label,
                forecast=Credibility.FORECAST[level],
                claims=claims,
                corroborated=corroborated,
                partly=partly,
                contradicted=contradicted,
                resolved=resolved,
                observed_rate=reliability.confirmation_rate(corroborated, partly, contradicted),
                interval_low=interval[0] if interval else None,
                interval_high=interval[1] if interval else None,
                brier=reliability.brier_from_counts([(level, corroborated, partly, contradicted)]),
            )
        )
    return rows


def _editor_calibration(editor, editor_id, counts: Mapping[int, list[int]]) -> EditorCalibration:
    rows = _calibration_rows(counts)
    return EditorCalibration(
        editor=editor,
        editor_id=editor_id,
        claims=sum(row.claims for row in rows),
        resolved=sum(row.resolved for row in rows),
        brier=reliability.brier_from_counts(
            (row.credibility, row.corroborated, row.partly, row.contradicted) for row in rows
        ),
        rows=rows,
    )


def calibration(*, viewer) -> Calibration:
    """Return how well credibility levels predicted outcomes, overall and per assessing editor.

    One query: outcome counts per (editor, credibility); the Brier scores follow
    from the counts.
    """
    rows = (
        selectors.claims_for(viewer=viewer)
        .order_by()
        .values("assessed_by_id", "assessed_by__username", "credibility")
        .annotate(
            n=Count("pk"),
            c=Count("pk", filter=Q(outcome=Outcome.CORROBORATED)),
            p=Count("pk", filter=Q(outcome=Outcome.PARTLY_CORROBORATED)),
            x=Count("pk", filter=Q(outcome=Outcome.CONTRADICTED)),
        )
    )
    overall: dict[int, list[int]] = {}
    per_editor: dict[int | None, tuple[str | None, dict[int, list[int]]]] = {}
    for row in rows:
        figures = [row["n"], row["c"], row["p"], row["x"]]
        totals = overall.setdefault(row["credibility"], [0, 0, 0, 0])
        for i, value in enumerate(figures):
            totals[i] += value
        name, levels = per_editor.setdefault(
            row["assessed_by_id"], (row["assessed_by__username"], {})
        )
        levels[row["credibility"]] = figures
    editors = [
        _editor_calibration(name, editor_id, levels)
        for editor_id, (name, levels) in per_editor.items()
    ]
    editors.sort(key=lambda e: (e.editor is None, (e.editor or "").casefold()))
    return Calibration(overall=_editor_calibration(None, None, overall), editors=editors)


def calibration_export(result: Calibration) -> list[dict[str, Any]]:
    """Return the calibration table as export rows: one per (editor, credibility), then overall."""
    out = []
    for who in [*result.editors, result.overall]:
        editor = "(overall)" if who is result.overall else (who.editor or "(not recorded)")
        for row in who.rows:
            out.append(
                {
                    "editor": editor,
                    "credibility": row.credibility,
                    "forecast": row.forecast,
                    "claims": row.claims,
                    "corroborated": row.corroborated,
                    "partly_corroborated": row.partly,
                    "contradicted": row.contradicted,
                    "resolved": row.resolved,
                    "observed_rate": row.observed_rate,
                    "interval_low": row.interval_low,
                    "interval_high": row.interval_high,
                    "brier": row.brier,
                    "editor_brier": who.brier,
                }
            )
    return out


# Public, identity-free figures -----------------------------------------------------------


def public_rows(*, by: str, sort: str = "group") -> list[ReportRow]:
    """Return descriptor or region rows for readers: no codenames, reporters or handlers.

    Descriptors that are some source's codename (an on-record speaker's name
    used as both) are left out, so a codename never reaches a public page.
    """
    if by not in ("descriptor", "region"):
        raise ValueError("The public track record covers descriptors and regions only.")
    claims = selectors.public_claims()
    rows = [row for row in group_rows(claims, by=by, sort=sort) if row.group is not None]
    if by == "descriptor":
        codenames = set(
            Source.objects.filter(codename__in=[row.group for row in rows]).values_list(
                "codename", flat=True
            )
        )
        rows = [row for row in rows if row.group not in codenames]
    for row in rows:
        row.recorded_reason = ""
    return rows


def public_descriptor_allowed(descriptor: str) -> bool:
    """Return whether a descriptor may have a public page: published, and no codename."""
    return (
        Attribution.objects.filter(
            descriptor=descriptor, claim__in=selectors.public_claims().values("pk")
        ).exists()
        and not Source.objects.filter(codename=descriptor).exists()
    )


def public_track_record(*, descriptor: str | None = None, region=None) -> TrackRecord:
    """Return the identity-free record of one descriptor or one region."""
    return _build_record(
        selectors.public_claims(),
        recent=0,
        with_reason=False,
        descriptor=descriptor,
        region=region,
    )


# Per-claim figures -----------------------------------------------------------------------

CLAIM_EXPORT_FIELDS = (
    "id",
    "text",
    "outlet",
    "headline",
    "published_on",
    "credibility",
    "outcome",
    "derived_outcome",
    "verdict",
    "corroborating_links",
    "contradicting_links",
    "dependent_links",
    "first_corroborated_on",
    "days_to_corroboration",
)


def claims_report(*, viewer) -> QuerySet[Claim]:
    """Return the claims with their per-claim figures, newest first, for one query per page."""
    return (
        selectors.claims_for(viewer=viewer)
        .select_related("article", "article__outlet")
        .order_by("-article__published_on", "-pk")
    )


def claim_as_dict(claim: Claim) -> dict[str, Any]:
    """Return one claim's figures as exported; dates as ISO strings, blanks as None."""
    return {
        "id": claim.pk,
        "text": claim.text,
        "outlet": claim.article.outlet.name,
        "headline": claim.article.headline,
        "published_on": claim.article.published_on.isoformat(),
        "credibility": claim.credibility,
        "outcome": claim.outcome,
        "derived_outcome": claim.derived_outcome,
        "verdict": claim.verdict or None,
        "corroborating_links": claim.corroborating_links,
        "contradicting_links": claim.contradicting_links,
        "dependent_links": claim.dependent_links,
        "first_corroborated_on": (
            claim.first_corroborated_on.isoformat() if claim.first_corroborated_on else None
        ),
        "days_to_corroboration": claim.days_to_corroboration,
    }
