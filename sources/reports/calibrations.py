"""How well the credibility given at intake predicted what became of claims."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from sources import selectors
from sources.domain import reliability
from sources.domain.vocab import Credibility, Outcome
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
class Calibration:
    overall: EditorCalibration
    editors: list[EditorCalibration]


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
