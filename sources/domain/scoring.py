"""Forecast verification: proper scores, the Murphy decomposition, reliability diagrams. No Django.

A *forecast* is a probability in [0, 1] that a claim will be confirmed: an
editor's own figure, or the one an intake credibility grade implies
(``Credibility.FORECAST``). An *outcome* is what the claim scored once it
settled: 1 (corroborated), ½ (partly corroborated) or 0 (contradicted), as
in the confirmation rate. Every function takes (forecast, outcome) pairs.

Both scores are penalties: **lower is better**, 0 is perfect. Always saying
50% earns a Brier score of 0.25 and a log score of ln 2 ≈ 0.693 on any
claims; the scores worth reading sit beside those of a forecaster who always
says the newsroom's base rate (``base_rate_scores``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy import stats

from sources.domain.vocab import Credibility, Outcome

Pair = tuple[float, float]

# Forecasts are clipped to [1%, 99%] before taking logarithms, so that one
# confident miss (a forecast of 0% or 100% that went the other way) costs
# ln 100 ≈ 4.6 rather than infinity. Editors enter whole percentages, so 1% is
# the smallest step above "impossible". This is the clipping Metaculus used for
# binary questions.
LOG_EPSILON = 0.01


def _arrays(pairs: Iterable[Pair]) -> tuple[np.ndarray, np.ndarray]:
    rows = [(float(forecast), float(outcome)) for forecast, outcome in pairs]
    values = np.array(rows, dtype=float).reshape(-1, 2)
    forecasts, outcomes = values[:, 0], values[:, 1]
    if np.any((forecasts < 0) | (forecasts > 1)) or np.any(np.isnan(forecasts)):
        raise ValueError("forecasts must lie in [0, 1]")
    if np.any((outcomes < 0) | (outcomes > 1)) or np.any(np.isnan(outcomes)):
        raise ValueError("outcomes must lie in [0, 1] (1, ½ or 0)")
    return forecasts, outcomes


def brier_score(pairs: Iterable[Pair]) -> float | None:
    """Return the mean of (forecast − outcome)², or None for no pairs. Lower is better."""
    forecasts, outcomes = _arrays(pairs)
    if not len(forecasts):
        return None
    return float(np.mean((forecasts - outcomes) ** 2))


def log_score(pairs: Iterable[Pair], *, epsilon: float = LOG_EPSILON) -> float | None:
    """Return the mean of −[o·ln p + (1 − o)·ln(1 − p)], or None for no pairs. Lower is better.

    For an outcome of 1 or 0 this is the usual −ln of the probability given
    to what happened. A partial corroboration (o = ½) scores the expected
    log score of a claim that is half confirmed, −½·[ln p + ln(1 − p)], which
    is smallest at p = ½, so the score stays proper. ``p`` is clipped to
    [epsilon, 1 − epsilon] (``LOG_EPSILON``).
    """
    if not 0 < epsilon < 0.5:
        raise ValueError(f"epsilon must lie in (0, 0.5), not {epsilon}")
    forecasts, outcomes = _arrays(pairs)
    if not len(forecasts):
        return None
    p = np.clip(forecasts, epsilon, 1.0 - epsilon)
    return float(np.mean(-(outcomes * np.log(p) + (1.0 - outcomes) * np.log1p(-p))))


@dataclass(frozen=True)
class MurphyDecomposition:
    """The Brier score split into what a forecaster can and cannot help.

    ``brier = reliability − resolution + uncertainty + within_bin`` exactly.

    - *reliability*: how far each bin's mean forecast is from what happened
      in it (0 is perfectly calibrated; lower is better);
    - *resolution*: how far the bins' observed rates spread from the overall
      rate (higher is better: the forecasts sort likely from unlikely claims);
    - *uncertainty*: the variance of the outcomes themselves, which no
      forecaster controls (ō(1 − ō) when there are no partials; each partial
      lowers it by ¼ ÷ n, since a half outcome is already half-way);
    - *within_bin*: the part due to forecasts differing inside a bin,
      (1/n) Σ (p − p̄ₖ)² − (2/n) Σ (p − p̄ₖ)(o − ōₖ); 0 when every forecast
      in a bin is the same, as for the intake grades.
    """

    n: int
    brier: float
    reliability: float
    resolution: float
    uncertainty: float
    within_bin: float


def _bin_index(forecasts: np.ndarray, bins: int) -> np.ndarray:
    """Return each forecast's bin: [k/bins, (k+1)/bins), the last bin closed at 1."""
    if bins < 1:
        raise ValueError(f"bins must be at least 1, not {bins}")
    # The tiny nudge keeps 0.3 in the bin 0.3–0.4 although 0.3 × 10 is 2.9999… in floats.
    return np.minimum(np.floor(forecasts * bins + 1e-9).astype(int), bins - 1)


def murphy_decomposition(pairs: Iterable[Pair], *, bins: int = 10) -> MurphyDecomposition | None:
    """Return the Murphy decomposition of the Brier score over ``bins`` equal-width bins.

    None for no pairs. See ``MurphyDecomposition`` for the terms.
    """
    forecasts, outcomes = _arrays(pairs)
    n = len(forecasts)
    if not n:
        return None
    index = _bin_index(forecasts, bins)
    counts = np.bincount(index, minlength=bins)
    filled = counts > 0
    mean_forecast = np.zeros(bins)
    observed = np.zeros(bins)
    mean_forecast[filled] = np.bincount(index, forecasts, bins)[filled] / counts[filled]
    observed[filled] = np.bincount(index, outcomes, bins)[filled] / counts[filled]
    base_rate = float(np.mean(outcomes))
    forecast_gap = forecasts - mean_forecast[index]
    outcome_gap = outcomes - observed[index]
    return MurphyDecomposition(
        n=n,
        brier=float(np.mean((forecasts - outcomes) ** 2)),
        reliability=float(np.sum(counts * (mean_forecast - observed) ** 2) / n),
        resolution=float(np.sum(counts * (observed - base_rate) ** 2) / n),
        uncertainty=float(np.mean((outcomes - base_rate) ** 2)),
        within_bin=float(np.mean(forecast_gap**2) - 2 * np.mean(forecast_gap * outcome_gap)),
    )


@dataclass(frozen=True)
class DiagramBin:
    """One bin of a reliability diagram, with the band chance alone would allow."""

    low: float
    high: float
    n: int
    mean_forecast: float
    observed: float
    band_low: float
    band_high: float

    @property
    def outside_band(self) -> bool:
        """Return whether the observed rate is further from the forecast than chance allows."""
        return not self.band_low <= self.observed <= self.band_high


def reliability_diagram(
    pairs: Iterable[Pair], *, bins: int = 10, confidence: float = 0.95
) -> list[DiagramBin]:
    """Return the non-empty bins: n, mean forecast, observed rate and a binomial band.

    The band is where the observed rate of n claims would fall ``confidence``
    of the time if the bin's mean forecast were exactly right:
    ``binom.ppf(tail, n, p̄) / n`` to ``binom.ppf(1 − tail, n, p̄) / n``. An
    observed rate outside it is off by more than chance. Partials count half
    in the observed rate, which makes the binomial band a little wider than
    it needs to be, never narrower.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), not {confidence}")
    forecasts, outcomes = _arrays(pairs)
    index = _bin_index(forecasts, bins)
    tail = (1.0 - confidence) / 2.0
    diagram = []
    for k in range(bins):
        inside = index == k
        n = int(np.count_nonzero(inside))
        if not n:
            continue
        mean_forecast = float(np.mean(forecasts[inside]))
        diagram.append(
            DiagramBin(
                low=k / bins,
                high=(k + 1) / bins,
                n=n,
                mean_forecast=mean_forecast,
                observed=float(np.mean(outcomes[inside])),
                band_low=float(stats.binom.ppf(tail, n, mean_forecast)) / n,
                band_high=float(stats.binom.ppf(1.0 - tail, n, mean_forecast)) / n,
            )
        )
    return diagram


@dataclass(frozen=True)
class BaseRateScores:
    """What always forecasting one rate, the base rate, would have scored."""

    n: int
    base_rate: float
    brier: float
    log: float


def base_rate_scores(
    outcomes: Iterable[float], *, base_rate: float | None = None, epsilon: float = LOG_EPSILON
) -> BaseRateScores | None:
    """Return the Brier and log scores of always forecasting the base rate, or None for none.

    The base rate is the outcomes' own mean unless ``base_rate`` is given:
    pass the whole newsroom's rate to judge an editor against what the
    newsroom's base rate would have scored on that editor's claims. With the
    outcomes' own mean the Brier score equals the decomposition's
    uncertainty, and the resolution of such a forecaster is 0.
    """
    outcomes = [float(o) for o in outcomes]
    if not outcomes:
        return None
    rate = math.fsum(outcomes) / len(outcomes) if base_rate is None else base_rate
    pairs = [(rate, o) for o in outcomes]
    return BaseRateScores(
        n=len(outcomes),
        base_rate=rate,
        brier=brier_score(pairs),
        log=log_score(pairs, epsilon=epsilon),
    )


@dataclass(frozen=True)
class ScoreCard:
    """Everything the calibration page shows for one editor, desk or grading scheme."""

    n: int
    brier: float
    log: float
    base_rate: BaseRateScores
    brier_skill: float | None
    decomposition: MurphyDecomposition
    diagram: list[DiagramBin]


def score_card(
    pairs: Iterable[Pair],
    *,
    bins: int = 10,
    confidence: float = 0.95,
    reference_rate: float | None = None,
    epsilon: float = LOG_EPSILON,
) -> ScoreCard | None:
    """Return the scores, the base-rate reference, the decomposition and the diagram.

    ``brier_skill`` is 1 − Brier ÷ base-rate Brier: above 0 the forecasts
    beat the base rate, 1 is perfect; None when the base rate cannot miss.
    ``reference_rate`` is the newsroom's base rate (default: these claims' own).
    """
    pairs = list(pairs)
    if not pairs:
        return None
    reference = base_rate_scores([o for _, o in pairs], base_rate=reference_rate, epsilon=epsilon)
    brier = brier_score(pairs)
    return ScoreCard(
        n=len(pairs),
        brier=brier,
        log=log_score(pairs, epsilon=epsilon),
        base_rate=reference,
        brier_skill=(1.0 - brier / reference.brier) if reference.brier > 0 else None,
        decomposition=murphy_decomposition(pairs, bins=bins),
        diagram=reliability_diagram(pairs, bins=bins, confidence=confidence),
    )


@dataclass(frozen=True)
class QuarterScores:
    """The scores of the forecasts on claims that settled in one calendar quarter."""

    year: int
    quarter: int
    n: int
    brier: float
    log: float
    base_rate: float
    base_rate_brier: float
    base_rate_log: float

    @property
    def label(self) -> str:
        """Return the quarter as "2016 Q3"."""
        return f"{self.year} Q{self.quarter}"


def scores_by_quarter(
    triples: Iterable[tuple[date, float, float]], *, epsilon: float = LOG_EPSILON
) -> list[QuarterScores]:
    """Return the scores per calendar quarter, oldest first, from (date, forecast, outcome).

    The date is whichever the page trends by (when the forecast was made or
    when the claim settled); quarters with no forecasts are left out. Each
    quarter carries its own base-rate scores, so a quarter of easy claims
    does not pass for a better forecaster.
    """
    grouped: dict[tuple[int, int], list[Pair]] = {}
    for day, forecast, outcome in triples:
        key = (day.year, (day.month - 1) // 3 + 1)
        grouped.setdefault(key, []).append((forecast, outcome))
    rows = []
    for (year, quarter), pairs in sorted(grouped.items()):
        reference = base_rate_scores([o for _, o in pairs], epsilon=epsilon)
        rows.append(
            QuarterScores(
                year=year,
                quarter=quarter,
                n=len(pairs),
                brier=brier_score(pairs),
                log=log_score(pairs, epsilon=epsilon),
                base_rate=reference.base_rate,
                base_rate_brier=reference.brier,
                base_rate_log=reference.log,
            )
        )
    return rows


def forecast_pairs(rows: Iterable[tuple[float | None, str]]) -> list[Pair]:
    """Return (forecast, score) pairs from (forecast, outcome name), skipping the unscorable.

    A pair is skipped when it has no forecast or its claim has not settled as
    corroborated, partly corroborated or contradicted.
    """
    pairs = []
    for forecast, outcome in rows:
        score = Outcome.SCORES.get(outcome)
        if forecast is not None and score is not None:
            pairs.append((float(forecast), score))
    return pairs


def credibility_pairs(rows: Iterable[tuple[int, str]]) -> list[Pair]:
    """Return (forecast, score) pairs from (intake credibility grade, outcome name).

    Each grade stands for the forecast ``Credibility.FORECAST`` gives it;
    grade 6 forecasts nothing and is skipped, as are unsettled claims.
    """
    return forecast_pairs((Credibility.FORECAST.get(grade), outcome) for grade, outcome in rows)


def percent_forecast(percent: float) -> float:
    """Return an editor's 0–100% forecast as a probability, refusing values outside 0–100."""
    if not 0 <= percent <= 100:
        raise ValueError(f"a forecast must lie between 0 and 100%, not {percent}")
    return percent / 100.0
