"""Reliability math: rates, intervals, letters and calibration. No Django here.

Every figure a report shows is computed by one of these functions, so that the
pages, the API, the exports and the management command agree to the digit.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from statistics import NormalDist, median
from typing import Any

from sources.domain.vocab import Credibility, Letter, Outcome

DEFAULT_THRESHOLDS = Letter.THRESHOLDS


def resolved_count(corroborated: int, partly: int, contradicted: int) -> int:
    """Return how many claims have a settled outcome that bears on the rate."""
    return corroborated + partly + contradicted


def confirmation_rate(corroborated: int, partly: int, contradicted: int) -> float | None:
    """Return (corroborated + ½ partly) ÷ resolved, or None when nothing is resolved."""
    resolved = resolved_count(corroborated, partly, contradicted)
    if resolved == 0:
        return None
    return (corroborated + 0.5 * partly) / resolved


def wilson_interval(
    successes: float, n: int, *, confidence: float = 0.95
) -> tuple[float, float] | None:
    """Return the Wilson score interval for successes out of n, or None for n = 0.

    Wilson behaves well for small n and for rates near 0 or 1, where the
    textbook normal interval collapses to a point. ``successes`` may be
    fractional because a partial corroboration counts as half.
    """
    if n <= 0:
        return None
    if not 0 <= successes <= n:
        raise ValueError(f"successes must lie in [0, {n}], not {successes}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    # The interval always holds p; clamp so rounding cannot put 1.0 above 0.9999….
    low = min(max(0.0, centre - half_width), p)
    high = max(min(1.0, centre + half_width), p)
    return low, high


def suggested_letter(
    interval_low: float | None,
    resolved: int,
    *,
    min_resolved: int,
    thresholds: Mapping[str, float] = DEFAULT_THRESHOLDS,
) -> str:
    """Return the Admiralty letter the evidence supports.

    The letter rests on the interval's lower bound, so a short record cannot
    earn a high letter by luck; below ``min_resolved`` it is F.
    """
    if resolved < min_resolved or interval_low is None:
        return "F"
    for letter in ("A", "B", "C", "D"):
        if interval_low >= thresholds[letter]:
            return letter
    return "E"


@dataclass(frozen=True)
class GroupFigures:
    """The figures a report shows for one group of claims."""

    claims: int
    resolved: int
    confirmation_rate: float | None
    interval_low: float | None
    interval_high: float | None
    pending_share: float | None
    letter: str


def group_figures(
    *,
    claims: int,
    pending: int,
    corroborated: int,
    partly: int,
    contradicted: int,
    min_resolved: int,
    thresholds: Mapping[str, float] = DEFAULT_THRESHOLDS,
    confidence: float = 0.95,
) -> GroupFigures:
    """Return the rate, interval, unresolved share and letter from outcome counts."""
    resolved = resolved_count(corroborated, partly, contradicted)
    rate = confirmation_rate(corroborated, partly, contradicted)
    interval = wilson_interval(corroborated + 0.5 * partly, resolved, confidence=confidence)
    low, high = interval if interval else (None, None)
    return GroupFigures(
        claims=claims,
        resolved=resolved,
        confirmation_rate=rate,
        interval_low=low,
        interval_high=high,
        pending_share=(pending / claims) if claims else None,
        letter=suggested_letter(low, resolved, min_resolved=min_resolved, thresholds=thresholds),
    )


def figures_from_counts(
    counts: Mapping[str, int], *, claims: int, config: Mapping[str, Any]
) -> GroupFigures:
    """Return ``group_figures`` for counts keyed by outcome, under a ``RELIABILITY`` config.

    The reports and the rollups both start from such counts; an outcome
    missing from them counts as none.
    """
    return group_figures(
        claims=claims,
        pending=counts.get(Outcome.PENDING, 0) or 0,
        corroborated=counts.get(Outcome.CORROBORATED, 0) or 0,
        partly=counts.get(Outcome.PARTLY_CORROBORATED, 0) or 0,
        contradicted=counts.get(Outcome.CONTRADICTED, 0) or 0,
        min_resolved=config["MIN_RESOLVED"],
        thresholds=config["THRESHOLDS"],
        confidence=config["CONFIDENCE"],
    )


def median_or_none(values: Iterable[float]) -> float | None:
    """Return the median, or None for no values."""
    values = list(values)
    return median(values) if values else None


def median_of_counts(counts: Mapping[float, int]) -> float | None:
    """Return the median of values given as {value: how many times}, or None for none.

    Equal to ``median`` over the expanded values, without expanding them: a
    source's days to corroboration are stored as a histogram.
    """
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    wanted = ((total - 1) // 2, total // 2)
    found: list[float] = []
    seen = 0
    for value in sorted(v for v, n in counts.items() if n > 0):
        seen += counts[value]
        while len(found) < 2 and seen > wanted[len(found)]:
            found.append(value)
        if len(found) == 2:
            break
    low, high = found
    return low if low == high else (low + high) / 2


def outcome_score(outcome: str) -> float | None:
    """Return 1, ½ or 0 for a resolved outcome, None for one that settles nothing."""
    return Outcome.SCORES.get(outcome)


def brier_score(pairs: Sequence[tuple[int, str]]) -> float | None:
    """Return the mean squared gap between credibility forecasts and outcomes.

    ``pairs`` holds (credibility, outcome). Pairs whose credibility forecasts
    nothing or whose outcome is unresolved are skipped; 0 is perfect, 0.25 is
    what a constant 50% forecast earns.
    """
    errors = []
    for credibility, outcome in pairs:
        forecast = Credibility.FORECAST.get(credibility)
        observed = outcome_score(outcome)
        if forecast is None or observed is None:
            continue
        errors.append((forecast - observed) ** 2)
    return sum(errors) / len(errors) if errors else None


def brier_from_counts(rows: Iterable[tuple[int, int, int, int]]) -> float | None:
    """Return the Brier score from (credibility, corroborated, partly, contradicted) counts.

    The database counts outcomes per credibility level; this gives the same
    score as ``brier_score`` over the claims those counts describe, without
    fetching them.
    """
    total_error = 0.0
    total = 0
    for credibility, corroborated, partly, contradicted in rows:
        forecast = Credibility.FORECAST.get(credibility)
        if forecast is None:
            continue
        total_error += (
            corroborated * (forecast - 1.0) ** 2
            + partly * (forecast - 0.5) ** 2
            + contradicted * forecast**2
        )
        total += corroborated + partly + contradicted
    return total_error / total if total else None


def share(part: int, whole: int) -> float | None:
    """Return part ÷ whole, or None when the whole is empty."""
    return part / whole if whole else None
