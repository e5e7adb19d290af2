"""Pooled estimates: fit and store the priors, and pool each source's record toward its group.

Fitting is slow (about two seconds for 20,000 sources) and a posterior is
quick, so the two are apart:

- ``pooling_fit`` fits every prior (``sources.domain.pooling.pool``), stores
  them as a ``PoolingFit`` with its ``PoolingGroup`` rows, then re-pools every
  rollup in batches under the rollups' row locks. The job ``fit_reliability``,
  ``manage.py fit_reliability`` and every import run it.
- ``rollups_pool`` gives rollups their pooled figures from the *stored* prior
  of each source's group. The rollup engine (``services.derived``) calls it on
  every row it writes, and ``verify_rollups`` on every row it recomputes, so a
  write stays quick and the figures can be checked.

The hierarchy: source → group (descriptor or region) → outlet → newsroom;
see ``sources.selectors.pooling`` for how each source is placed. Until a fit
exists (or when the settings it was made under change) the pooled figures are
empty and the suggested letter rests on the Wilson interval.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from sources import cache_versions
from sources.domain import pooling, reliability
from sources.domain.vocab import Outcome
from sources.models import PoolingFit, PoolingGroup, SourceRollup
from sources.selectors import pooling as placing

NEWSROOM = "newsroom"
# A group no outlet publishes (a region no claim names) sits under this pseudo-outlet.
NO_OUTLET = ""
# The rollup columns ``rollups_pool`` writes, beside the letter.
POOLED_FIELDS = [
    "pooled_rate",
    "pooled_low",
    "pooled_high",
    "pooled_toward",
    "pooled_prior_alpha",
    "pooled_prior_beta",
]
# The report groupings pooled at report time, and what each borrows from.
REPORT_PARENTS: Mapping[str, str | None] = {
    "descriptor": "outlet",
    "region": "outlet",
    "outlet": None,
    "topic": None,
    "reporter": None,
    "year": None,
}
# Sources re-pooled per transaction after a fit.
BATCH = 2000
# Above this many sources, read every source's placement rather than list them in a query.
IN_LIMIT = 5000
# Days in an average month, for ages in months.
DAYS_PER_MONTH = 365.2425 / 12
NEWSROOM_LABEL = "the newsroom's sources"
REPORT_NEWSROOM_LABELS = {
    "descriptor": "every descriptor",
    "region": "every region",
    "outlet": "every outlet",
    "topic": "every topic",
    "reporter": "every reporter",
    "year": "every year",
}


def weighted_counts(
    rows: Iterable[tuple[str, datetime.date | None, int]],
    *,
    half_life_months: float | None,
    reference: datetime.date,
) -> pooling.Counts:
    """Return a record's counts from (outcome, settled on, claims), old outcomes weighted down.

    Without a half-life every resolved claim counts 1 (a partial half a
    success). With one, a claim counts ½ per half-life between the day it
    settled and ``reference``, the day of the fit.
    """
    scores, weights = [], []
    for outcome, settled, n in rows:
        score = Outcome.SCORES.get(outcome)
        if score is None or not n:
            continue
        weight = 1.0
        if half_life_months is not None and settled is not None:
            age = (reference - settled).days / DAYS_PER_MONTH
            weight = pooling.decay_weight(age_months=age, half_life_months=half_life_months)
        scores.append(score)
        weights.append(weight * n)
    return pooling.Counts.from_scores(scores=scores, weights=weights)


def weighted_units(
    rows: Iterable[placing.OutcomeRow], *, half_life_months: float | None, reference: datetime.date
) -> dict:
    """Return {key: counts} from (key, outcome, settled on, claims) rows."""
    grouped: dict = {}
    for key, outcome, settled, n in rows:
        grouped.setdefault(key, []).append((outcome, settled, n))
    return {
        key: weighted_counts(found, half_life_months=half_life_months, reference=reference)
        for key, found in grouped.items()
    }


def _prior_json(prior: pooling.BetaPrior, **extra: str) -> dict:
    return {"alpha": prior.alpha, "beta": prior.beta, **extra}


def _prior_of(data: Mapping) -> pooling.BetaPrior:
    return pooling.BetaPrior(alpha=data["alpha"], beta=data["beta"])


def outlet_label(name: str) -> str:
    return f"{name}'s sources"


def report_outlet_label(by: str, name: str) -> str:
    """Return what a descriptor or region row borrows from: its outlet's descriptors or regions."""
    return f"{name}'s {'descriptors' if by == 'descriptor' else 'regions'}"


def _group_label(key: str, *, descriptors: Mapping[str, str], regions: Mapping[str, str]) -> str:
    kind, _, value = key.partition(":")
    if kind == "descriptor":
        return f"sources described as “{descriptors.get(value, value)}”"
    return f"sources in {regions.get(value, value)}"


@dataclass(frozen=True)
class FitSummary:
    """What a fit did, for the job's page and the command's output."""

    fit: PoolingFit
    sources: int
    groups: int
    outlets: int
    rollups: int
    fit_seconds: float
    pool_seconds: float

    def sentence(self) -> str:
        return (
            f"Fitted priors for {self.groups} groups under {self.outlets} outlets from "
            f"{self.sources} sources with a resolved claim in {self.fit_seconds:.2f} s, "
            f"then pooled {self.rollups} rollups in {self.pool_seconds:.2f} s."
        )


def _fit_sources(
    *,
    half_life: float | None,
    reference: datetime.date,
    outlet_names: Mapping[str, str],
    descriptors: Mapping[str, str],
    regions: Mapping[str, str],
) -> tuple[pooling.Pooling | None, dict[str, str], int]:
    """Fit the source hierarchy; return (pooling, group parents, units fitted)."""
    dated = half_life is not None
    outcomes = placing.source_outcomes(source_ids=None, dated=dated)
    placements = placing.source_placements(source_ids=None)
    group_outlet = {
        placing.descriptor_group_key(key): outlet
        for key, outlet in placing.group_outlets(by="descriptor").items()
    } | {
        placing.region_group_key(slug): outlet
        for slug, outlet in placing.group_outlets(by="region").items()
    }
    units, to_group = {}, {}
    for pk, rows in outcomes.items():
        placement = placements.get(pk)
        if placement is None or placement.group is None:
            continue
        units[pk] = weighted_counts(rows, half_life_months=half_life, reference=reference)
        to_group[pk] = placement.group
        group_outlet.setdefault(placement.group, placement.outlet or NO_OUTLET)
    to_outlet = {group: outlet or NO_OUTLET for group, outlet in group_outlet.items()}
    to_newsroom = {slug: NEWSROOM for slug in {*outlet_names, *to_outlet.values()}}
    if not to_outlet:
        return None, to_outlet, 0
    result = pooling.pool(units=units, parents=[to_group, to_outlet, to_newsroom])
    return result, to_outlet, len(units)


def _fit_reports(
    *, half_life: float | None, reference: datetime.date, outlet_names: Mapping[str, str]
) -> dict:
    """Fit the priors the group reports pool toward, per grouping."""
    dated = half_life is not None
    fitted: dict[str, dict] = {}
    for by, parent in REPORT_PARENTS.items():
        units = weighted_units(
            (row for row in placing.group_outcomes(by=by, dated=dated) if row[0] is not None),
            half_life_months=half_life,
            reference=reference,
        )
        units = {str(key): counts for key, counts in units.items()}
        if not units:
            continue
        if parent is None:
            result = pooling.pool(units=units, parents=[dict.fromkeys(units, NEWSROOM)])
            fitted[by] = {"newsroom": _prior_json(result.priors[0][NEWSROOM])}
            continue
        placed = {str(k): v or NO_OUTLET for k, v in placing.group_outlets(by=by).items()}
        to_outlet = {key: placed.get(key, NO_OUTLET) for key in {*units, *placed}}
        to_newsroom = {slug: NEWSROOM for slug in {*outlet_names, *to_outlet.values()}}
        result = pooling.pool(units=units, parents=[to_outlet, to_newsroom])
        fitted[by] = {
            "outlets": {
                slug: _prior_json(prior, label=report_outlet_label(by, outlet_names.get(slug, "")))
                for slug, prior in result.priors[0].items()
                if slug != NO_OUTLET
            },
            "newsroom": _prior_json(result.priors[1][NEWSROOM]),
        }
    return fitted


def pooling_fit(
    *,
    reference_date: datetime.date | None = None,
    log: Callable[[str], None] | None = None,
    progress: Callable[[int, int | None], None] | None = None,
) -> FitSummary:
    """Fit every prior, store them, and re-pool every rollup; return what was done.

    ``reference_date`` is the day outcome ages are counted to under a
    half-life (default today). The fit reads without locks, then is stored in
    one transaction (older fits are deleted with it); every rollup is then
    re-pooled toward the new priors in batches, each under its rows' locks,
    so a write landing meanwhile is pooled with the new priors too.
    """
    started = time.perf_counter()
    now = timezone.now()
    reference = reference_date or timezone.localdate(now)
    half_life = settings.RELIABILITY_HALF_LIFE_MONTHS
    outlet_names = placing.outlet_names()
    descriptors = placing.descriptor_labels()
    regions = placing.region_names()
    result, to_outlet, fitted_sources = _fit_sources(
        half_life=half_life,
        reference=reference,
        outlet_names=outlet_names,
        descriptors=descriptors,
        regions=regions,
    )
    priors: dict = {
        "reports": _fit_reports(half_life=half_life, reference=reference, outlet_names=outlet_names)
    }
    groups = []
    if result is not None:
        newsroom = result.priors[2][NEWSROOM]
        priors["newsroom"] = _prior_json(newsroom, label=NEWSROOM_LABEL)
        priors["outlets"] = {
            slug: _prior_json(prior, label=outlet_label(outlet_names.get(slug, slug)))
            for slug, prior in result.priors[1].items()
            if slug != NO_OUTLET
        }
        groups = [
            PoolingGroup(
                key=key,
                alpha=prior.alpha,
                beta=prior.beta,
                outlet=to_outlet.get(key, NO_OUTLET),
                label=_group_label(key, descriptors=descriptors, regions=regions)[:400],
            )
            for key, prior in result.priors[0].items()
        ]
    fit_seconds = time.perf_counter() - started
    if log:
        log(f"Fitted {len(groups)} group priors in {fit_seconds:.2f} s.")
    with transaction.atomic():
        fit = PoolingFit.objects.create(
            fitted_at=now,
            reference_date=reference,
            settings_hash=placing.settings_hash(),
            half_life_months=half_life,
            sources=fitted_sources,
            seconds=fit_seconds,
            priors=priors,
        )
        for group in groups:
            group.fit = fit
        PoolingGroup.objects.bulk_create(groups, batch_size=1000)
        PoolingFit.objects.exclude(pk=fit.pk).delete()
    pooled_started = time.perf_counter()
    rollups = rollups_repool(fit=fit, progress=progress)
    pool_seconds = time.perf_counter() - pooled_started
    if log:
        log(f"Pooled {rollups} rollups in {pool_seconds:.2f} s.")
    return FitSummary(
        fit=fit,
        sources=fitted_sources,
        groups=len(groups),
        outlets=len(priors.get("outlets", {})),
        rollups=rollups,
        fit_seconds=fit_seconds,
        pool_seconds=pool_seconds,
    )


def rollups_repool(
    *, fit: PoolingFit | None, progress: Callable[[int, int | None], None] | None = None
) -> int:
    """Re-pool every stored rollup toward ``fit``'s priors, a batch per transaction.

    Each batch locks its rollups in source order (the order every write takes
    them in), so it waits for writes in flight and none lands between its
    read and its write. Returns the number of rollups.
    """
    ids = list(SourceRollup.objects.order_by("source_id").values_list("source_id", flat=True))
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        with transaction.atomic():
            rollups = list(
                SourceRollup.objects.filter(source_id__gte=batch[0], source_id__lte=batch[-1])
                .order_by("source_id")
                .only(*_POOLING_READS)
                .select_for_update(no_key=True)
            )
            rollups_pool(rollups=rollups, fit=fit)
            _rollups_write(rollups)
        if progress:
            progress(min(start + BATCH, len(ids)), None)
    cache_versions.bump(cache_versions.ROLLUPS)
    return len(ids)


# What pooling reads of a rollup, and what it writes.
_POOLING_READS = (
    "source_id",
    "corroborated",
    "partly_corroborated",
    "contradicted",
    "resolved",
    "interval_low",
    "letter",
)
_POOLING_WRITES = (*POOLED_FIELDS, "letter")


def _rollups_write(rollups: Sequence[SourceRollup]) -> None:
    """Write the pooled columns and letters of rollups: one prepared UPDATE, many rows.

    ``bulk_update`` builds a CASE per column over the whole batch, which for
    2,000 rollups took 3.5 s on PostgreSQL; one statement executed for each
    row takes 0.1 s, on SQLite as on PostgreSQL.
    """
    quote = connection.ops.quote_name
    columns = [SourceRollup._meta.get_field(name).column for name in _POOLING_WRITES]
    key = SourceRollup._meta.get_field("source").column
    statement = (
        f"UPDATE {quote(SourceRollup._meta.db_table)} SET "
        + ", ".join(f"{quote(column)} = %s" for column in columns)
        + f" WHERE {quote(key)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(
            statement,
            [[getattr(r, name) for name in _POOLING_WRITES] + [r.source_id] for r in rollups],
        )


_CURRENT = object()


def rollups_pool(
    *, rollups: Sequence[SourceRollup], fit: PoolingFit | None | object = _CURRENT
) -> None:
    """Give rollups their pooled figures, and their letters on the pooled basis, in place.

    Each source's record (its counts, weighted by age under a half-life) is
    pooled toward its group's stored prior; a group the fit has not seen
    borrows from the source's outlet, and failing that from the newsroom.
    ``fit`` defaults to the current one; with none, the pooled figures are
    empty and the letter stays on the Wilson interval. At most four queries,
    however many rollups.
    """
    if not rollups:
        return
    if fit is _CURRENT:
        fit = placing.current_fit()
    if fit is None or "newsroom" not in fit.priors:
        for rollup in rollups:
            _clear(rollup)
        return
    ids = [rollup.source_id for rollup in rollups]
    scope = None if len(ids) > IN_LIMIT else ids
    placements = placing.source_placements(source_ids=scope)
    keys = None if scope is None else [p.group for p in placements.values()]
    groups = placing.pooling_groups(fit=fit, keys=keys)
    outcomes = (
        placing.source_outcomes(source_ids=scope, dated=True)
        if fit.half_life_months is not None
        else None
    )
    outlets = fit.priors.get("outlets", {})
    newsroom = fit.priors["newsroom"]
    priors, counts, towards = [], [], []
    for rollup in rollups:
        placement = placements.get(rollup.source_id, placing.Placement(None, None))
        group = groups.get(placement.group)
        if group is not None:
            prior, toward = pooling.BetaPrior(alpha=group.alpha, beta=group.beta), group.label
        elif placement.outlet in outlets:
            found = outlets[placement.outlet]
            prior, toward = _prior_of(found), found["label"]
        else:
            prior, toward = _prior_of(newsroom), newsroom["label"]
        if outcomes is None:
            counts.append(
                pooling.Counts.from_outcomes(
                    corroborated=rollup.corroborated,
                    partly=rollup.partly_corroborated,
                    contradicted=rollup.contradicted,
                )
            )
        else:
            counts.append(
                weighted_counts(
                    outcomes.get(rollup.source_id, ()),
                    half_life_months=fit.half_life_months,
                    reference=fit.reference_date,
                )
            )
        priors.append(prior)
        towards.append(toward)
    confidence = settings.RELIABILITY["CONFIDENCE"]
    found = pooling.posteriors(priors=priors, counts=counts, confidence=confidence)
    for rollup, posterior, prior, toward in zip(rollups, found, priors, towards, strict=True):
        rollup.pooled_rate = posterior.rate
        rollup.pooled_low = posterior.low
        rollup.pooled_high = posterior.high
        rollup.pooled_toward = toward
        rollup.pooled_prior_alpha = prior.alpha
        rollup.pooled_prior_beta = prior.beta
        rollup.letter = letter_for(
            interval_low=rollup.interval_low, pooled_low=rollup.pooled_low, resolved=rollup.resolved
        )


def _clear(rollup: SourceRollup) -> None:
    for name in POOLED_FIELDS:
        setattr(rollup, name, "" if name == "pooled_toward" else None)
    rollup.letter = letter_for(
        interval_low=rollup.interval_low, pooled_low=None, resolved=rollup.resolved
    )


def letter_for(*, interval_low: float | None, pooled_low: float | None, resolved: int) -> str:
    """Return the suggested letter on the configured basis; F below the minimum resolved."""
    config = settings.RELIABILITY
    return reliability.suggested_letter(
        pooling.letter_bound(
            basis=settings.LETTER_BASIS, wilson_low=interval_low, pooled_low=pooled_low
        ),
        resolved,
        min_resolved=config["MIN_RESOLVED"],
        thresholds=config["THRESHOLDS"],
    )
