"""Pooled reliability: empirical-Bayes beta-binomial estimates up a hierarchy. No Django here.

Most sources have short records, and a raw rate over three claims says little.
A pooled estimate borrows from what the newsroom knows about similar sources:
each source's true rate is treated as drawn from a Beta prior that describes
the sources of its group (a published descriptor or a region); each group's
prior is itself pulled toward its outlet's, and each outlet's toward the
newsroom's. A long record overrides its prior; a short one leans on it.

The model, for one parent and its units (sources):

- unit *i* has a true rate θᵢ ~ Beta(α, β) and an effective record of sᵢ
  successes in nᵢ trials (a partial corroboration counts as half, and old
  outcomes may be down-weighted, so both can be fractional);
- the prior is fitted by maximising the beta-binomial marginal likelihood
  Σᵢ [ln B(α + sᵢ, β + nᵢ − sᵢ) − ln B(α, β)], whose continuous ``betaln``
  form needs no integer counts;
- the posterior of θᵢ is Beta(α + sᵢ, β + nᵢ − sᵢ): its mean is the pooled
  rate and its equal-tailed quantiles the credible interval.

Plain maximum likelihood misbehaves when a parent has few units: with two
sources the fitted spread is often far too narrow (κ = α + β runs off to
infinity and every interval shrinks to a point) or, with all-or-nothing
records, too wide. Three remedies, each checked by the simulation study in
tests/domain/test_pooling_simulation.py:

1. The fit is penalised (MAP), parametrised by the mean μ = α/(α+β) and the
   concentration κ = α + β, with a normal hyperprior on logit μ centred on
   the level above's mean and one on ln κ centred on the level above's
   concentration (widths ``SPREAD``). With many units the data outweigh the
   hyperprior; with few the prior stays close to the level above's; with
   none it *is* the level above's. At the top there is no level above, so a
   weak hyperprior centred on the uniform Beta(1, 1) is used
   (``ROOT_SPREAD``); it only keeps an all-successes newsroom from fitting
   μ = 1.
2. The fitted prior is widened by the uncertainty of the fit itself (a
   Laplace approximation averaged by Gauss–Hermite quadrature, see
   ``_widened``): a group of two sources knows its own mean only roughly.
3. A group whose resolved units are exactly its parent's (an outlet with a
   single descriptor) takes the parent's prior instead of being refitted on
   the same records, which would count them twice.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import optimize, special, stats


@dataclass(frozen=True)
class BetaPrior:
    """A Beta(α, β) distribution of true rates."""

    alpha: float
    beta: float

    def __post_init__(self) -> None:
        if not (self.alpha > 0 and self.beta > 0):
            raise ValueError(f"alpha and beta must be positive, not {self.alpha}, {self.beta}")

    @property
    def mean(self) -> float:
        """Return α ÷ (α + β), the rate a unit with no record is expected to have."""
        return self.alpha / (self.alpha + self.beta)

    @property
    def concentration(self) -> float:
        """Return κ = α + β: how many claims' worth of evidence the prior is worth."""
        return self.alpha + self.beta

    @classmethod
    def from_mean(cls, *, mean: float, concentration: float) -> BetaPrior:
        """Return the prior with mean μ and concentration κ (α = κμ, β = κ(1 − μ))."""
        return cls(alpha=concentration * mean, beta=concentration * (1.0 - mean))


@dataclass(frozen=True)
class Spread:
    """How far a parent's prior may stray from the level above's, as hyperprior widths.

    ``mean_sd`` is the standard deviation of logit μ and ``concentration_sd``
    that of ln κ, each around the level above's value.
    """

    mean_sd: float
    concentration_sd: float

    def __post_init__(self) -> None:
        if not (self.mean_sd > 0 and self.concentration_sd > 0):
            raise ValueError("hyperprior widths must be positive")


# The uniform prior: the centre of the hyperprior at the top of a hierarchy.
UNIFORM = BetaPrior(alpha=1.0, beta=1.0)
# One standard deviation of logit μ (0.5) moves a mean of 0.70 to 0.59 or 0.79;
# one of ln κ (0.5) multiplies or divides the concentration by 1.65. A parent
# with a few dozen resolved claims follows its own data; one with two sources
# keeps close to the level above. In the simulation study
# (tests/domain/test_pooling_simulation.py), hyperpriors twice as wide without
# the widening cover the truth 93.4% of the time (92.6% in groups of one to
# three sources); these widths with the widening, 95.7% (96.1%).
SPREAD = Spread(mean_sd=0.5, concentration_sd=0.5)
# At the top, around Beta(1, 1): 0.12–0.88 for μ and 0.27–15 for κ at one sd.
ROOT_SPREAD = Spread(mean_sd=2.0, concentration_sd=2.0)
# Safety bounds for the optimiser; the hyperprior keeps the optimum far inside.
_LOGIT_BOUND = 12.0
_LOG_CONCENTRATION_BOUNDS = (math.log(1e-3), math.log(1e6))


@dataclass(frozen=True)
class Counts:
    """A unit's effective record: successes (1 per corroboration, ½ per partial) of trials."""

    successes: float
    trials: float

    def __post_init__(self) -> None:
        if not 0 <= self.successes <= self.trials + 1e-9:
            raise ValueError(
                f"successes must lie in [0, trials], not {self.successes} of {self.trials}"
            )

    @property
    def failures(self) -> float:
        """Return trials − successes (a partial counts half a failure)."""
        return max(self.trials - self.successes, 0.0)

    @classmethod
    def from_outcomes(cls, *, corroborated: int, partly: int, contradicted: int) -> Counts:
        """Return the counts of a record given as outcome tallies, a partial counting half."""
        return cls(
            successes=corroborated + 0.5 * partly, trials=corroborated + partly + contradicted
        )

    @classmethod
    def from_scores(
        cls, *, scores: Sequence[float], weights: Sequence[float] | None = None
    ) -> Counts:
        """Return weighted counts from per-outcome scores (1, ½ or 0) and weights.

        Successes are Σ wᵢ·scoreᵢ and trials Σ wᵢ, so an outcome weighted ½
        (one half-life old) counts as half a claim. No weights means 1 each.
        """
        if weights is None:
            weights = [1.0] * len(scores)
        if len(weights) != len(scores):
            raise ValueError("scores and weights must have the same length")
        if any(not 0 <= score <= 1 for score in scores) or any(w < 0 for w in weights):
            raise ValueError("scores must lie in [0, 1] and weights must not be negative")
        return cls(
            successes=math.fsum(w * s for s, w in zip(scores, weights, strict=True)),
            trials=math.fsum(weights),
        )


def decay_weight(*, age_months: float, half_life_months: float | None) -> float:
    """Return the weight of an outcome ``age_months`` old: ½ per half-life, 1 with none.

    The half-life lets a source that went bad show it: its recent record
    outweighs an old, good one. Outcomes dated in the future count as new.
    """
    if half_life_months is None:
        return 1.0
    if half_life_months <= 0:
        raise ValueError(f"half_life_months must be positive, not {half_life_months}")
    return 0.5 ** (max(age_months, 0.0) / half_life_months)


@dataclass(frozen=True)
class Posterior:
    """A posterior rate with its equal-tailed credible interval."""

    rate: float
    low: float
    high: float
    alpha: float
    beta: float


def posterior(
    *, prior: BetaPrior, successes: float, trials: float, confidence: float = 0.95
) -> Posterior:
    """Return the Beta(α + s, β + n − s) posterior mean and equal-tailed interval.

    With no record (n = 0) this is the prior's own mean and interval.
    """
    counts = Counts(successes=successes, trials=trials)
    rates, lows, highs = _posterior_arrays(
        alpha=np.array([prior.alpha + counts.successes]),
        beta=np.array([prior.beta + counts.failures]),
        confidence=confidence,
    )
    return Posterior(
        rate=float(rates[0]),
        low=float(lows[0]),
        high=float(highs[0]),
        alpha=prior.alpha + counts.successes,
        beta=prior.beta + counts.failures,
    )


def posteriors(
    *, priors: Sequence[BetaPrior], counts: Sequence[Counts], confidence: float = 0.95
) -> list[Posterior]:
    """Return ``posterior`` for each (prior, counts) pair, in one vectorised pass.

    The rollups of a whole newsroom are pooled at once after a refit; one
    scipy call for all of them takes milliseconds where one per source would
    take seconds. Each result equals ``posterior(prior=p, successes=c.successes,
    trials=c.trials)``.
    """
    if len(priors) != len(counts):
        raise ValueError("priors and counts must have the same length")
    if not priors:
        return []
    alpha = np.array([p.alpha + c.successes for p, c in zip(priors, counts, strict=True)])
    beta = np.array([p.beta + c.failures for p, c in zip(priors, counts, strict=True)])
    rates, lows, highs = _posterior_arrays(alpha=alpha, beta=beta, confidence=confidence)
    return [
        Posterior(
            rate=float(rates[i]),
            low=float(lows[i]),
            high=float(highs[i]),
            alpha=float(alpha[i]),
            beta=float(beta[i]),
        )
        for i in range(len(priors))
    ]


def _posterior_arrays(
    *, alpha: np.ndarray, beta: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie in (0, 1), not {confidence}")
    tail = (1.0 - confidence) / 2.0
    rates = alpha / (alpha + beta)
    lows = stats.beta.ppf(tail, alpha, beta)
    highs = stats.beta.ppf(1.0 - tail, alpha, beta)
    return rates, lows, highs


def _objective(
    x: np.ndarray,
    successes: np.ndarray,
    failures: np.ndarray,
    trials: np.ndarray,
    centre: np.ndarray,
    precision: np.ndarray,
) -> tuple[float, np.ndarray]:
    """Return the negative log posterior of (logit μ, ln κ) and its gradient."""
    u, v = x
    kappa = math.exp(v)
    alpha = kappa * special.expit(u)
    beta = kappa * special.expit(-u)
    m = len(trials)
    log_likelihood = np.sum(special.betaln(alpha + successes, beta + failures)) - m * (
        special.betaln(alpha, beta)
    )
    psi_total = np.sum(special.digamma(kappa + trials)) - m * special.digamma(kappa)
    d_alpha = np.sum(special.digamma(alpha + successes)) - m * special.digamma(alpha) - psi_total
    d_beta = np.sum(special.digamma(beta + failures)) - m * special.digamma(beta) - psi_total
    offset = x - centre
    value = -log_likelihood + 0.5 * float(np.sum(precision * offset * offset))
    # Chain rule: ∂α/∂u = κμ(1 − μ) = −∂β/∂u, ∂α/∂v = α, ∂β/∂v = β.
    gradient = -np.array(
        [alpha * beta / kappa * (d_alpha - d_beta), alpha * d_alpha + beta * d_beta]
    )
    return value, gradient + precision * offset


def fit_prior(
    *,
    successes: Sequence[float],
    trials: Sequence[float],
    toward: BetaPrior | None = None,
    spread: Spread | None = None,
    widen: bool = True,
) -> BetaPrior:
    """Return the Beta prior of a unit's rate that best explains the units' records.

    The fit maximises the beta-binomial marginal likelihood plus the
    hyperprior (a MAP fit). ``toward`` is the level above's prior: the
    hyperprior is centred on its mean and concentration with widths
    ``spread`` (default ``SPREAD``). With no level above, it is centred on
    Beta(1, 1) with ``ROOT_SPREAD``. Units with no trials carry no
    information; when no unit has any, the result is ``toward`` itself (or
    Beta(1, 1)).

    With ``widen`` (the default) the result also carries the uncertainty of
    the fit itself: a group of two sources pins its own mean and spread down
    only loosely, and a prior that ignored this would give intervals that
    miss the truth too often. See ``_widened``. ``widen=False`` returns the
    bare MAP fit.
    """
    s = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    if s.shape != n.shape or s.ndim != 1:
        raise ValueError("successes and trials must be flat sequences of the same length")
    if np.any(s < 0) or np.any(s > n + 1e-9):
        raise ValueError("every unit's successes must lie in [0, trials]")
    centre_prior = toward if toward is not None else UNIFORM
    if spread is None:
        spread = SPREAD if toward is not None else ROOT_SPREAD
    informative = n > 0
    if not np.any(informative):
        return centre_prior
    s, n = s[informative], n[informative]
    f = np.clip(n - s, 0.0, None)
    lower = np.array([-_LOGIT_BOUND, _LOG_CONCENTRATION_BOUNDS[0]])
    upper = np.array([_LOGIT_BOUND, _LOG_CONCENTRATION_BOUNDS[1]])
    centre = np.clip(
        [special.logit(centre_prior.mean), math.log(centre_prior.concentration)], lower, upper
    )
    precision = np.array([spread.mean_sd**-2, spread.concentration_sd**-2])
    args = (s, f, n, centre, precision)
    # Bounded truncated Newton rather than L-BFGS-B: on these two-parameter fits it
    # is as accurate, and it does not slow tenfold when a threaded BLAS competes for
    # busy cores, as scipy's L-BFGS-B does.
    result = optimize.minimize(
        _objective,
        x0=centre,
        args=args,
        jac=True,
        method="TNC",
        bounds=list(zip(lower, upper, strict=True)),
    )
    if not widen:
        u, v = result.x
        return BetaPrior.from_mean(mean=float(special.expit(u)), concentration=math.exp(v))
    hessian = optimize.approx_fprime(result.x, lambda x: _objective(x, *args)[1])
    try:
        covariance = np.linalg.inv(0.5 * (hessian + hessian.T))
    except np.linalg.LinAlgError:
        covariance = np.diag(1.0 / precision)
    return _widened(optimum=result.x, covariance=covariance)


# Gauss–Hermite nodes per axis for averaging over the fit's uncertainty; 7 × 7
# integrates the smooth moments below to well under 0.1% of their value.
_QUADRATURE_NODES = 7


def _widened(*, optimum: np.ndarray, covariance: np.ndarray) -> BetaPrior:
    """Return the Beta matching the mean and variance of rates over the plausible (μ, κ).

    The MAP fit is one guess at a group's (logit μ, ln κ); near it the
    penalised likelihood is close to a normal with ``covariance`` (its
    Laplace approximation). A unit's rate then has mean E[μ] and variance
    E[μ(1 − μ)/(κ + 1)] + Var[μ] over that normal; the Beta with the same
    two moments is wider than the MAP prior by as much as the group's own
    record leaves its mean and spread in doubt, and hardly wider at all for
    a group with a long record.
    """
    values, vectors = np.linalg.eigh(covariance)
    scale = vectors * np.sqrt(np.clip(values, 0.0, None))
    nodes, weights = np.polynomial.hermite_e.hermegauss(_QUADRATURE_NODES)
    grid = np.stack(np.meshgrid(nodes, nodes), axis=-1).reshape(-1, 2)
    grid_weights = np.outer(weights, weights).reshape(-1)
    grid_weights /= grid_weights.sum()
    points = np.clip(
        optimum + grid @ scale.T,
        [-_LOGIT_BOUND, _LOG_CONCENTRATION_BOUNDS[0]],
        [_LOGIT_BOUND, _LOG_CONCENTRATION_BOUNDS[1]],
    )
    means = special.expit(points[:, 0])
    concentrations = np.exp(points[:, 1])
    mean = float(grid_weights @ means)
    variance = float(grid_weights @ (means * (1.0 - means) / (concentrations + 1.0))) + float(
        grid_weights @ (means - mean) ** 2
    )
    concentration = mean * (1.0 - mean) / variance - 1.0
    return BetaPrior.from_mean(
        mean=mean, concentration=max(concentration, math.exp(_LOG_CONCENTRATION_BOUNDS[0]))
    )


@dataclass(frozen=True)
class PooledEstimate:
    """A unit's pooled rate and interval, the parent it borrowed from and the prior used."""

    rate: float
    low: float
    high: float
    toward: Hashable
    prior: BetaPrior
    successes: float
    trials: float


@dataclass(frozen=True)
class Pooling:
    """The result of ``pool``: one estimate per unit and the fitted prior of every group.

    ``priors[0]`` holds the priors of the units' parents (keyed as in
    ``parents[0]``'s values), ``priors[1]`` those of the grandparents, and so
    on up to the top of the hierarchy.
    """

    estimates: Mapping[Hashable, PooledEstimate]
    priors: tuple[Mapping[Hashable, BetaPrior], ...]

    def prior_estimate(self, *, level: int, key: Hashable, confidence: float = 0.95) -> Posterior:
        """Return the rate and interval a new unit in group ``key`` at ``level`` would get."""
        return posterior(
            prior=self.priors[level][key], successes=0.0, trials=0.0, confidence=confidence
        )


def pool(
    *,
    units: Mapping[Hashable, Counts],
    parents: Sequence[Mapping[Hashable, Hashable]],
    confidence: float = 0.95,
    spread: Spread = SPREAD,
    root_spread: Spread = ROOT_SPREAD,
    widen: bool = True,
) -> Pooling:
    """Return every unit's pooled estimate, fitting the priors top-down.

    ``parents[0]`` maps each unit to its parent group, ``parents[1]`` each
    parent to its own parent, and so on; the last level's values are the top
    of the hierarchy (usually one key, the newsroom). Every group's prior is
    fitted from all the units below it, pulled toward its parent's prior; the
    top's from all its units with the weak ``root_spread`` hyperprior. A
    group with no resolved unit below it, or none but its parent's, gets its
    parent's prior unchanged. Groups named only as keys of ``parents[j + 1]``
    (a descriptor with no sources yet) get priors too, for ``prior_estimate``.

    Groups can be units too: to estimate descriptors pooled toward outlets,
    pass the descriptors' summed counts as ``units`` with
    ``parents=[{descriptor: outlet}, {outlet: newsroom}]``.
    """
    if not parents:
        raise ValueError("parents must name at least one level above the units")
    keys = list(units)
    successes = np.array([units[key].successes for key in keys], dtype=float)
    trials = np.array([units[key].trials for key in keys], dtype=float)
    ancestors = _ancestors(keys=keys, parents=parents)

    priors: list[dict[Hashable, BetaPrior]] = [{} for _ in parents]
    resolved = trials > 0
    for level in reversed(range(len(parents))):
        members = _members(ancestors[level])
        above = _members(ancestors[level + 1]) if level + 1 < len(parents) else {}
        for group in _groups_at(level=level, parents=parents):
            index = members.get(group)
            if level == len(parents) - 1:
                priors[level][group] = (
                    UNIFORM
                    if index is None
                    else fit_prior(
                        successes=successes[index],
                        trials=trials[index],
                        spread=root_spread,
                        widen=widen,
                    )
                )
                continue
            parent = parents[level + 1][group]
            toward = priors[level + 1][parent]
            if index is None or np.count_nonzero(resolved[index]) == np.count_nonzero(
                resolved[above[parent]]
            ):
                # Nothing resolved below, or nothing but what the parent was fitted on:
                # refitting would count the same records twice.
                priors[level][group] = toward
                continue
            priors[level][group] = fit_prior(
                successes=successes[index],
                trials=trials[index],
                toward=toward,
                spread=spread,
                widen=widen,
            )

    alpha = np.empty(len(keys))
    beta = np.empty(len(keys))
    for i, parent in enumerate(ancestors[0]):
        prior = priors[0][parent]
        alpha[i] = prior.alpha
        beta[i] = prior.beta
    failures = np.clip(trials - successes, 0.0, None)
    rates, lows, highs = _posterior_arrays(
        alpha=alpha + successes, beta=beta + failures, confidence=confidence
    )
    estimates = {
        key: PooledEstimate(
            rate=float(rates[i]),
            low=float(lows[i]),
            high=float(highs[i]),
            toward=ancestors[0][i],
            prior=priors[0][ancestors[0][i]],
            successes=float(successes[i]),
            trials=float(trials[i]),
        )
        for i, key in enumerate(keys)
    }
    return Pooling(estimates=estimates, priors=tuple(priors))


def _ancestors(
    *, keys: list[Hashable], parents: Sequence[Mapping[Hashable, Hashable]]
) -> list[list[Hashable]]:
    """Return, per level, each unit's ancestor at that level."""
    found: list[list[Hashable]] = []
    below: Iterable[Hashable] = keys
    for level, mapping in enumerate(parents):
        try:
            row = [mapping[key] for key in below]
        except KeyError as error:
            raise ValueError(f"{error.args[0]!r} has no parent at level {level}") from None
        found.append(row)
        below = row
    return found


def _groups_at(*, level: int, parents: Sequence[Mapping[Hashable, Hashable]]) -> list[Hashable]:
    """Return the groups at ``level``: those some unit or group maps to, and those mapped up."""
    groups = dict.fromkeys(parents[level].values())
    if level + 1 < len(parents):
        groups.update(dict.fromkeys(parents[level + 1]))
        missing = [group for group in groups if group not in parents[level + 1]]
        if missing:
            raise ValueError(f"{missing[0]!r} has no parent at level {level + 1}")
    return list(groups)


def _members(row: list[Hashable]) -> dict[Hashable, np.ndarray]:
    """Return, per group, the indices of the units under it."""
    grouped: dict[Hashable, list[int]] = {}
    for i, group in enumerate(row):
        grouped.setdefault(group, []).append(i)
    return {group: np.array(index) for group, index in grouped.items()}


LETTER_BASES = ("pooled", "wilson")


def letter_bound(*, basis: str, wilson_low: float | None, pooled_low: float | None) -> float | None:
    """Return the lower bound a suggested letter rests on under ``basis``.

    "pooled" takes the pooled interval's lower bound when there is one (before
    any prior is fitted there is none, and the Wilson bound stands in);
    "wilson" always takes the raw rate's Wilson bound. The minimum of resolved
    claims applies either way, in ``reliability.suggested_letter``.
    """
    if basis not in LETTER_BASES:
        raise ValueError(f"basis must be one of {', '.join(LETTER_BASES)}, not {basis!r}")
    if basis == "pooled" and pooled_low is not None:
        return pooled_low
    return wilson_low


def plain_sentence(*, estimate: PooledEstimate, toward_label: str) -> str:
    """Return the raw record and the pooled estimate in one sentence an editor can read.

    For example "7 of 10 raw; 0.64 (0.45–0.81) pooled toward sources in
    Ryanggang Province". ``toward_label`` names the group borrowed from.
    """
    pooled = f"{estimate.rate:.2f} ({estimate.low:.2f}–{estimate.high:.2f})"
    if estimate.trials <= 0:
        return f"no resolved claims; {pooled} from {toward_label}"
    return (
        f"{_count(estimate.successes)} of {_count(estimate.trials)} raw; "
        f"{pooled} pooled toward {toward_label}"
    )


def _count(value: float) -> str:
    """Return a count as a whole number when it is one, else to one decimal (6.5, 7.3)."""
    return str(round(value)) if abs(value - round(value)) < 1e-9 else f"{value:.1f}"
