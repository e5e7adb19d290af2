"""How well intake credibility levels and editors' forecasts predicted what became of claims.

Two kinds of forecast are scored once their claims settle, with the proper
scores of ``sources.domain.scoring``:

- the intake credibility levels (1–6), each standing for a probability
  (``Credibility.FORECAST``), per assessing editor and per desk;
- editors' own forecasts (``Forecast``, 0–100%), the latest each editor made
  on a claim, per editor and per desk.

A claim's desk is the desk of the sources it rests on (a claim resting on
sources of two desks counts for both). Each score sits beside what always
forecasting the newsroom's base rate (its confirmation rate over every
resolved claim) would have scored on the same claims. Fact-checkers see no
staff names: the per-editor rows are left out for them (``permissions``).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractQuarter, ExtractYear

from sources import permissions, selectors
from sources.domain import reliability, scoring
from sources.domain.vocab import Credibility, Outcome
from sources.models import Attribution, Forecast
from sources.reports.figures import reliability_config


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
class Scored:
    """The scores of one forecaster, desk or the newsroom: a score card and the quarters."""

    name: str | None
    card: scoring.ScoreCard | None
    quarters: list[scoring.QuarterScores]

    @property
    def n(self) -> int:
        return self.card.n if self.card else 0


@dataclass
class ScoredForecasts:
    """Forecasts of one kind, scored for the newsroom, per editor and per desk."""

    base_rate: float | None
    newsroom: Scored
    editors: list[Scored]
    desks: list[Scored]

    @property
    def groupings(self) -> list[tuple[str, list[Scored]]]:
        """Return (label, groups) for the page's per-editor and per-desk tables."""
        return [("editor", self.editors), ("desk", self.desks)]


@dataclass
class Calibration:
    overall: EditorCalibration
    editors: list[EditorCalibration]
    credibility: ScoredForecasts | None = None
    forecasts: ScoredForecasts | None = None


def _calibration_rows(counts: Mapping[int, list[int]]) -> list[CalibrationRow]:
    confidence = reliability_config()["CONFIDENCE"]
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


def calibration(*, viewer, published=None) -> Calibration:
    """Return how well credibility levels predicted outcomes, overall and per assessing editor.

    One query: outcome counts per (editor, credibility); the Brier scores follow
    from the counts. Viewers who may not see staff names (fact-checkers) get
    the overall figures only: a per-editor row would name its editor.
    ``published`` (a ``ranges.DateRange``) keeps the claims published in a range.
    """
    claims = selectors.claims_for(viewer=viewer)
    if published:
        claims = published.apply(claims)
    rows = (
        claims.order_by()
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
    names = permissions.can_see_staff_names(viewer=viewer)
    if not names:
        editors = []
    base_rate = newsroom_base_rate(claims)
    return Calibration(
        overall=_editor_calibration(None, None, overall),
        editors=editors,
        credibility=_scored(_credibility_triples(claims), base_rate=base_rate, with_editors=names),
        forecasts=_scored(_forecast_triples(claims), base_rate=base_rate, with_editors=names),
    )


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


# (group, quarter's first day or the day, forecast, outcome score, claims): equal forecasts.
Triple = tuple[tuple[object, str | None], datetime.date, float, float, int]
SCORED_OUTCOMES = tuple(Outcome.SCORES)


def newsroom_base_rate(claims: QuerySet) -> float | None:
    """Return the newsroom's confirmation rate over every resolved claim. One query."""
    counts = claims.aggregate(
        c=Count("pk", filter=Q(outcome=Outcome.CORROBORATED)),
        p=Count("pk", filter=Q(outcome=Outcome.PARTLY_CORROBORATED)),
        x=Count("pk", filter=Q(outcome=Outcome.CONTRADICTED)),
    )
    return reliability.confirmation_rate(counts["c"], counts["p"], counts["x"])


def _quarter_day(year: int, quarter: int) -> datetime.date:
    return datetime.date(year, 3 * (quarter - 1) + 1, 1)


def _credibility_triples(claims: QuerySet) -> tuple[list[Triple], list[Triple]]:
    """Return the credibility forecasts of settled claims per editor and per desk. Two queries.

    Counted in the database by (assessing editor or desk, level, outcome,
    quarter the article was published: intake is at publication), so the
    page reads a few hundred rows however many claims there are. Level 6
    forecasts nothing and is left out.
    """
    settled = claims.filter(outcome__in=SCORED_OUTCOMES).exclude(
        credibility=Credibility.CANNOT_JUDGE
    )
    by_editor = (
        settled.order_by()
        .annotate(
            year=ExtractYear("article__published_on"),
            quarter=ExtractQuarter("article__published_on"),
        )
        .values_list(
            "assessed_by_id", "assessed_by__username", "credibility", "outcome", "year", "quarter"
        )
        .annotate(n=Count("pk"))
    )
    by_desk = (
        Attribution.objects.filter(claim__in=settled.values("pk"), source__desk__isnull=False)
        .order_by()
        .annotate(
            year=ExtractYear("claim__article__published_on"),
            quarter=ExtractQuarter("claim__article__published_on"),
        )
        .values_list(
            "source__desk_id",
            "source__desk__name",
            "claim__credibility",
            "claim__outcome",
            "year",
            "quarter",
        )
        .annotate(n=Count("claim", distinct=True))
    )
    return [
        [
            (
                (key, name),
                _quarter_day(year, quarter),
                Credibility.FORECAST[level],
                Outcome.SCORES[outcome],
                n,
            )
            for key, name, level, outcome, year, quarter, n in rows
        ]
        for rows in (by_editor, by_desk)
    ]


def _forecast_triples(claims: QuerySet) -> tuple[list[Triple], list[Triple]]:
    """Return editors' forecasts on settled claims, per editor and per desk. Two queries.

    Each editor's latest forecast on a claim is the one scored; the trend is
    by the day it was made.
    """
    scored = Forecast.objects.filter(
        claim__in=claims.filter(outcome__in=SCORED_OUTCOMES).values("pk")
    )
    rows = scored.order_by("made_at", "pk").values_list(
        "claim_id", "author_id", "author__username", "percent", "made_at", "claim__outcome"
    )
    latest: dict[tuple, tuple] = {}
    for claim_id, author_id, author, percent, made_at, outcome in rows:
        latest[(claim_id, author_id)] = (author, percent, made_at, outcome)
    desks: dict[int, set] = defaultdict(set)
    if latest:
        for claim_id, desk_id, name in (
            Attribution.objects.filter(
                claim__in=scored.values("claim_id"), source__desk__isnull=False
            )
            .order_by()
            .values_list("claim_id", "source__desk_id", "source__desk__name")
        ):
            desks[claim_id].add((desk_id, name))
    by_editor, by_desk = [], []
    for (claim_id, author_id), (author, percent, made_at, outcome) in latest.items():
        row = (made_at.date(), scoring.percent_forecast(percent), Outcome.SCORES[outcome], 1)
        by_editor.append(((author_id, author), *row))
        by_desk.extend((desk, *row) for desk in desks.get(claim_id, ()))
    return by_editor, by_desk


def _scored_group(name: str | None, triples: list[Triple], *, base_rate: float | None) -> Scored:
    pairs = [(f, o) for _, _, f, o, n in triples for _ in range(n)]
    dated = [(day, f, o) for _, day, f, o, n in triples for _ in range(n)]
    return Scored(
        name=name,
        card=scoring.score_card(pairs, reference_rate=base_rate),
        quarters=scoring.scores_by_quarter(dated),
    )


def _by_group(triples: list[Triple], *, base_rate: float | None) -> list[Scored]:
    grouped: dict[tuple, list[Triple]] = defaultdict(list)
    for triple in triples:
        grouped[triple[0]].append(triple)
    found = [_scored_group(name, rows, base_rate=base_rate) for (_, name), rows in grouped.items()]
    found.sort(key=lambda group: (group.name is None, (group.name or "").casefold()))
    return found


def _scored(
    triples: tuple[list[Triple], list[Triple]], *, base_rate: float | None, with_editors: bool
) -> ScoredForecasts:
    """Score forecasts for the newsroom, each editor (if names may be shown) and each desk."""
    by_editor, by_desk = triples
    return ScoredForecasts(
        base_rate=base_rate,
        newsroom=_scored_group(None, by_editor, base_rate=base_rate),
        editors=_by_group(by_editor, base_rate=base_rate) if with_editors else [],
        desks=_by_group(by_desk, base_rate=base_rate),
    )


@dataclass(frozen=True)
class ForecastRow:
    """One forecast on a claim page: who, what, when, and its Brier score once settled."""

    author: str | None
    percent: int
    made_at: datetime.datetime
    brier: float | None


def forecasts_of(*, viewer, claim) -> list[ForecastRow]:
    """Return the forecasts on a claim, newest first, names as the viewer may read them.

    ``claim`` is one the viewer may see (the page found it through
    ``selectors.claims_for``). One query. A settled claim's forecasts carry
    their Brier score, (forecast − outcome)².
    """
    score = Outcome.SCORES.get(claim.outcome)
    rows = []
    for author, percent, made_at in (
        Forecast.objects.filter(claim=claim)
        .order_by("-made_at", "-pk")
        .values_list("author__username", "percent", "made_at")
    ):
        forecast = scoring.percent_forecast(percent)
        rows.append(
            ForecastRow(
                author=permissions.staff_name(viewer=viewer, name=author),
                percent=percent,
                made_at=made_at,
                brier=None if score is None else scoring.brier_score([(forecast, score)]),
            )
        )
    return rows
