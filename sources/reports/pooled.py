"""Pooled figures for report rows and cards, from the stored priors.

A source's pooled figures are stored on its rollup (``services.pooling``).
Every other group is pooled here, at report time, toward the prior its
grouping borrows from: a descriptor or a region toward the outlet it is most
published in, an outlet, a topic, a reporter or a year toward the
newsroom's. The priors come from the latest fit, so this costs one query per
report (two for descriptors and regions) and a vectorised posterior, however
many groups there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db.models import QuerySet

from sources.domain import pooling, reliability
from sources.domain.rules import descriptor_group
from sources.domain.vocab import Outcome
from sources.models import Claim, PoolingFit, SourceRollup
from sources.reports.figures import Figures
from sources.selectors import pooling as placing
from sources.services import pooling as pooled_service

# What a record borrows from, most specific first: the first filter given decides.
_BORROWING_ORDER = ("descriptor", "region", "outlet", "topic", "reporter", "year")
WEIGHTED_NOTE = "; older outcomes weigh less"


@dataclass(frozen=True)
class Borrowed:
    """The prior a group's record is pooled toward, and the words for it."""

    prior: pooling.BetaPrior
    label: str


@dataclass(frozen=True)
class YearRate:
    """One publication year of a record: raw rate with its Wilson interval, and pooled."""

    year: int
    resolved: int
    rate: float | None
    low: float | None
    high: float | None
    pooled_rate: float | None
    pooled_low: float | None
    pooled_high: float | None


class ReportPriors:
    """The stored priors one grouping's rows pool toward."""

    def __init__(self, *, by: str, fit: PoolingFit, outlet_of: Mapping[str, str]):
        self.by = by
        self.fit = fit
        stored = fit.priors.get("reports", {}).get(by, {})
        self._outlets = stored.get("outlets", {})
        self._newsroom = stored.get("newsroom")
        self._outlet_of = outlet_of

    def borrowed(self, key: str | None) -> Borrowed | None:
        """Return what the group ``key`` (a row's key) borrows from, or None with no fit."""
        outlet = self._outlet_of.get(key) if key is not None else None
        found = self._outlets.get(outlet) if outlet else None
        if found is not None:
            return Borrowed(
                prior=pooling.BetaPrior(alpha=found["alpha"], beta=found["beta"]),
                label=found["label"],
            )
        if self._newsroom is None:
            return None
        return Borrowed(
            prior=pooling.BetaPrior(alpha=self._newsroom["alpha"], beta=self._newsroom["beta"]),
            label=pooled_service.REPORT_NEWSROOM_LABELS[self.by],
        )


def report_priors(*, by: str, keys: Iterable[str] | None = None) -> ReportPriors | None:
    """Return the priors rows grouped ``by`` pool toward, or None before the first fit.

    ``keys`` narrows which descriptors' or regions' outlets are read (a card
    needs one). One query, two for descriptors and regions.
    """
    if by not in pooled_service.REPORT_PARENTS:
        return None
    fit = placing.current_fit()
    if fit is None or by not in fit.priors.get("reports", {}):
        return None
    outlet_of: dict[str, str] = {}
    if pooled_service.REPORT_PARENTS[by] == "outlet":
        if keys is None:
            outlet_of = placing.pooling_group_outlets(fit=fit, kind=by)
        else:
            prefix = (
                placing.descriptor_group_key if by == "descriptor" else placing.region_group_key
            )
            groups = placing.pooling_groups(fit=fit, keys=[prefix(key) for key in keys])
            outlet_of = {
                group.key.partition(":")[2]: group.outlet
                for group in groups.values()
                if group.outlet
            }
    return ReportPriors(by=by, fit=fit, outlet_of=outlet_of)


def counts_of_figures(figures: Figures) -> pooling.Counts:
    """Return a record's unweighted counts: a partial is half a success."""
    return pooling.Counts.from_outcomes(
        corroborated=figures.counts.get(Outcome.CORROBORATED, 0),
        partly=figures.counts.get(Outcome.PARTLY_CORROBORATED, 0),
        contradicted=figures.counts.get(Outcome.CONTRADICTED, 0),
    )


def _sentence(*, rate: float, low: float, high: float, label: str, counts, weighted: bool) -> str:
    estimate = pooling.PooledEstimate(
        rate=rate,
        low=low,
        high=high,
        toward=label,
        prior=pooling.UNIFORM,
        successes=counts.successes,
        trials=counts.trials,
    )
    text = pooling.plain_sentence(estimate=estimate, toward_label=label)
    return text + (WEIGHTED_NOTE if weighted else "")


def _set(figures: Figures, *, posterior, label: str, sentence: str) -> None:
    figures.pooled_rate = posterior.rate
    figures.pooled_low = posterior.low
    figures.pooled_high = posterior.high
    figures.pooled_toward = label
    figures.pooled_sentence = sentence
    figures.suggested_letter = pooled_service.letter_for(
        interval_low=figures.interval_low, pooled_low=figures.pooled_low, resolved=figures.resolved
    )


def pool_figures(
    items: Sequence[tuple[Figures, Borrowed | None]],
    *,
    weighted: Mapping[int, pooling.Counts] | None = None,
) -> None:
    """Pool each record toward what it borrows from, in one vectorised pass, in place.

    ``weighted`` gives, by position, counts weighted by age (under a
    half-life) to pool instead of the raw ones; the sentence still shows the
    raw record and says the old outcomes weigh less.
    """
    chosen = [(i, figures, borrowed) for i, (figures, borrowed) in enumerate(items) if borrowed]
    if not chosen:
        return
    counts = [(weighted or {}).get(i) or counts_of_figures(figures) for i, figures, _ in chosen]
    found = pooling.posteriors(
        priors=[borrowed.prior for _, _, borrowed in chosen],
        counts=counts,
        confidence=settings.RELIABILITY["CONFIDENCE"],
    )
    for (i, figures, borrowed), posterior in zip(chosen, found, strict=True):
        is_weighted = weighted is not None and i in weighted
        sentence = _sentence(
            rate=posterior.rate,
            low=posterior.low,
            high=posterior.high,
            label=borrowed.label,
            counts=counts_of_figures(figures),
            weighted=is_weighted,
        )
        _set(figures, posterior=posterior, label=borrowed.label, sentence=sentence)


def pool_group_rows(rows: Sequence, *, by: str) -> None:
    """Give a grouping's report rows their pooled figures and letters, in place.

    One query (two for descriptors and regions), plus one for the age of each
    group's outcomes when a half-life is set.
    """
    priors = report_priors(by=by)
    if priors is None:
        return
    weighted = None
    if priors.fit.half_life_months is not None:
        units = pooled_service.weighted_units(
            placing.group_outcomes(by=by, dated=True),
            half_life_months=priors.fit.half_life_months,
            reference=priors.fit.reference_date,
        )
        by_key = {str(key) if key is not None else None: counts for key, counts in units.items()}
        weighted = {i: by_key[row.key] for i, row in enumerate(rows) if row.key in by_key}
    pool_figures([(row, priors.borrowed(row.key)) for row in rows], weighted=weighted)


def source_sentence(*, figures: Figures, weighted: bool) -> str:
    """Return the sentence for a source's stored pooled figures."""
    return _sentence(
        rate=figures.pooled_rate,
        low=figures.pooled_low,
        high=figures.pooled_high,
        label=figures.pooled_toward,
        counts=counts_of_figures(figures),
        weighted=weighted,
    )


def from_rollup_values(figures: Figures, values: Mapping, *, prefix: str = "rollup__") -> None:
    """Copy a source's stored pooled figures onto its figures, and its letter's basis."""
    rate = values.get(f"{prefix}pooled_rate")
    if rate is None:
        return
    figures.pooled_rate = rate
    figures.pooled_low = values[f"{prefix}pooled_low"]
    figures.pooled_high = values[f"{prefix}pooled_high"]
    figures.pooled_toward = values[f"{prefix}pooled_toward"]
    figures.pooled_sentence = source_sentence(
        figures=figures, weighted=settings.RELIABILITY_HALF_LIFE_MONTHS is not None
    )
    figures.suggested_letter = pooled_service.letter_for(
        interval_low=figures.interval_low, pooled_low=figures.pooled_low, resolved=figures.resolved
    )


def from_rollup(figures: Figures, rollup: SourceRollup) -> None:
    """Copy a rollup's stored pooled figures onto a card's figures. No query."""
    from_rollup_values(
        figures,
        {name: getattr(rollup, name) for name in pooled_service.POOLED_FIELDS},
        prefix="",
    )


def pool_record(figures: Figures, *, claims: QuerySet[Claim], borrowed: Borrowed | None) -> None:
    """Pool a counted record toward ``borrowed``; under a half-life, its outcomes by age.

    No query without a half-life; with one, two (the fit's date and the
    record's outcomes by the day they settled).
    """
    if borrowed is None:
        return
    weighted = None
    if settings.RELIABILITY_HALF_LIFE_MONTHS is not None:
        fit = placing.current_fit()
        if fit is not None:
            weighted = {0: weighted_record_counts(claims, fit=fit)}
    pool_figures([(figures, borrowed)], weighted=weighted)


ROLLUP_POOLED_VALUES = tuple(f"rollup__{name}" for name in pooled_service.POOLED_FIELDS)


def rollup_prior(rollup: SourceRollup | None) -> Borrowed | None:
    """Return the prior a source's rollup was pooled toward, or None before a fit."""
    if rollup is None or rollup.pooled_prior_alpha is None or rollup.pooled_prior_beta is None:
        return None
    return Borrowed(
        prior=pooling.BetaPrior(alpha=rollup.pooled_prior_alpha, beta=rollup.pooled_prior_beta),
        label=rollup.pooled_toward,
    )


def record_borrowed(*, rollup: SourceRollup | None, filters: Mapping) -> Borrowed | None:
    """Return what a record with these filters borrows from.

    A source's record borrows from its own group (as its rollup does), with
    or without a topic or region; a descriptor's from its outlet's; a record
    of one region, outlet, topic, reporter or year from its grouping's
    prior. The first of those filters given decides.
    """
    if filters.get("source") is not None:
        return rollup_prior(rollup)
    for by in _BORROWING_ORDER:
        value = filters.get(by)
        if value is None:
            continue
        key = _record_key(by, value)
        priors = report_priors(by=by, keys=[key])
        return priors.borrowed(key) if priors is not None else None
    return None


def _record_key(by: str, value) -> str:
    if by == "descriptor":
        return descriptor_group(str(value))
    if by in ("region", "outlet", "topic"):
        return getattr(value, "slug", None) or str(value)
    return str(getattr(value, "pk", value))


def weighted_record_counts(claims: QuerySet[Claim], *, fit: PoolingFit) -> pooling.Counts:
    """Return the counts of ``claims`` weighted by age under the fit's half-life. One query."""
    return pooled_service.weighted_counts(
        placing.record_outcomes(claims),
        half_life_months=fit.half_life_months,
        reference=fit.reference_date,
    )


def year_rates(
    over_time: Iterable[tuple[int, Mapping[str, int]]], *, borrowed: Borrowed | None
) -> list[YearRate]:
    """Return each year's raw rate (Wilson interval) and pooled rate toward ``borrowed``.

    Each year is pooled on its own toward the record's prior, so a year with
    two claims reads near the group's typical rate and a source that went bad
    shows it in the years with enough claims to say so.
    """
    confidence = settings.RELIABILITY["CONFIDENCE"]
    rows = list(over_time)
    counts = [
        pooling.Counts.from_outcomes(
            corroborated=by_outcome.get(Outcome.CORROBORATED, 0),
            partly=by_outcome.get(Outcome.PARTLY_CORROBORATED, 0),
            contradicted=by_outcome.get(Outcome.CONTRADICTED, 0),
        )
        for _, by_outcome in rows
    ]
    found = (
        pooling.posteriors(
            priors=[borrowed.prior] * len(rows), counts=counts, confidence=confidence
        )
        if borrowed is not None
        else [None] * len(rows)
    )
    years = []
    for (year, _), count, posterior in zip(rows, counts, found, strict=True):
        resolved = round(count.trials)
        interval = reliability.wilson_interval(count.successes, resolved, confidence=confidence)
        years.append(
            YearRate(
                year=int(year),
                resolved=resolved,
                rate=(count.successes / count.trials) if count.trials else None,
                low=interval[0] if interval else None,
                high=interval[1] if interval else None,
                pooled_rate=posterior.rate if posterior else None,
                pooled_low=posterior.low if posterior else None,
                pooled_high=posterior.high if posterior else None,
            )
        )
    return years
