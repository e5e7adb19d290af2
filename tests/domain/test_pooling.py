"""Pooled reliability: the Beta posterior, the prior fit and the hierarchy."""

import math

import numpy as np
import pytest
from scipy import special, stats

from sources.domain import pooling
from sources.domain.pooling import BetaPrior, Counts, Spread

RYANGGANG = "a source in Ryanggang Province"
HYESAN = "a trader in Hyesan"
MINISTRY = "a source close to the security ministry"


def test_posterior_is_the_conjugate_beta():
    # Beta(2, 3) prior, 7 of 10: Beta(2 + 7, 3 + 3) = Beta(9, 6), mean 9/15 = 0.6.
    result = pooling.posterior(prior=BetaPrior(2, 3), successes=7, trials=10)
    assert result.rate == pytest.approx(0.6)
    assert (result.alpha, result.beta) == (9, 6)
    assert result.low == pytest.approx(stats.beta.ppf(0.025, 9, 6), abs=1e-12)
    assert result.high == pytest.approx(stats.beta.ppf(0.975, 9, 6), abs=1e-12)


def test_posterior_takes_a_partial_as_half_and_any_confidence():
    # 6 corroborated + 1 partly + 3 contradicted: 6.5 of 10, Beta(2 + 6.5, 3 + 3.5).
    counts = Counts.from_outcomes(corroborated=6, partly=1, contradicted=3)
    assert (counts.successes, counts.trials, counts.failures) == (6.5, 10, 3.5)
    result = pooling.posterior(
        prior=BetaPrior(2, 3), successes=counts.successes, trials=counts.trials, confidence=0.8
    )
    assert result.rate == pytest.approx(8.5 / 15)
    assert result.low == pytest.approx(stats.beta.ppf(0.1, 8.5, 6.5), abs=1e-12)
    assert result.high == pytest.approx(stats.beta.ppf(0.9, 8.5, 6.5), abs=1e-12)


def test_posterior_with_no_record_is_the_prior():
    result = pooling.posterior(prior=BetaPrior(4, 1), successes=0, trials=0)
    assert result.rate == pytest.approx(0.8)
    assert result.low == pytest.approx(stats.beta.ppf(0.025, 4, 1), abs=1e-12)
    assert result.high == pytest.approx(stats.beta.ppf(0.975, 4, 1), abs=1e-12)


def test_posterior_refuses_impossible_counts():
    with pytest.raises(ValueError, match="successes"):
        pooling.posterior(prior=BetaPrior(1, 1), successes=4, trials=3)
    with pytest.raises(ValueError, match="confidence"):
        pooling.posterior(prior=BetaPrior(1, 1), successes=1, trials=3, confidence=1.0)
    with pytest.raises(ValueError, match="positive"):
        BetaPrior(0, 1)


def test_prior_mean_and_concentration():
    prior = BetaPrior.from_mean(mean=0.6, concentration=15)
    assert (prior.alpha, prior.beta) == pytest.approx((9, 6))
    assert prior.mean == pytest.approx(0.6)
    assert prior.concentration == pytest.approx(15)


def test_decay_weight_halves_per_half_life():
    assert pooling.decay_weight(age_months=12, half_life_months=12) == pytest.approx(0.5)
    assert pooling.decay_weight(age_months=36, half_life_months=12) == pytest.approx(0.125)
    assert pooling.decay_weight(age_months=6, half_life_months=12) == pytest.approx(
        1 / math.sqrt(2)
    )
    assert pooling.decay_weight(age_months=0, half_life_months=12) == 1.0
    assert pooling.decay_weight(age_months=-3, half_life_months=12) == 1.0
    assert pooling.decay_weight(age_months=500, half_life_months=None) == 1.0
    with pytest.raises(ValueError, match="half_life"):
        pooling.decay_weight(age_months=1, half_life_months=0)


def test_weighted_counts():
    # Scores 1, ½, 0 weighted 1, ½, ¼: successes 1 + ¼ + 0 = 1.25 of 1 + ½ + ¼ = 1.75 trials.
    counts = Counts.from_scores(scores=[1, 0.5, 0], weights=[1, 0.5, 0.25])
    assert counts.successes == pytest.approx(1.25)
    assert counts.trials == pytest.approx(1.75)
    assert Counts.from_scores(scores=[1, 0.5, 0]) == Counts(successes=1.5, trials=3)
    with pytest.raises(ValueError, match="same length"):
        Counts.from_scores(scores=[1, 0], weights=[1])
    with pytest.raises(ValueError, match="successes"):
        Counts(successes=2, trials=1)


def simulated_records(*, alpha, beta, units, trials, seed):
    rng = np.random.default_rng(seed)
    rates = rng.beta(alpha, beta, size=units)
    n = rng.integers(trials[0], trials[1] + 1, size=units)
    return rng.binomial(n, rates).astype(float), n.astype(float)


@pytest.mark.parametrize("widen", [True, False])
@pytest.mark.parametrize(("alpha", "beta"), [(6.0, 3.0), (1.5, 4.5)])
def test_fit_recovers_a_known_prior(alpha, beta, widen):
    # 4,000 units of 10–40 trials pin a beta-binomial's α and β to a few percent (the
    # standard error of α here is about 3%); the stated tolerance is 10% of each.
    successes, trials = simulated_records(
        alpha=alpha, beta=beta, units=4000, trials=(10, 40), seed=14
    )
    fitted = pooling.fit_prior(successes=successes, trials=trials, widen=widen)
    assert fitted.alpha == pytest.approx(alpha, rel=0.10)
    assert fitted.beta == pytest.approx(beta, rel=0.10)


def test_fit_with_a_distant_level_above_still_follows_much_data():
    successes, trials = simulated_records(alpha=6, beta=3, units=4000, trials=(10, 40), seed=15)
    fitted = pooling.fit_prior(successes=successes, trials=trials, toward=BetaPrior(1, 9))
    assert fitted.alpha == pytest.approx(6, rel=0.10)
    assert fitted.beta == pytest.approx(3, rel=0.10)


def penalised_log_likelihood(x, successes, trials, *, centre, spread):
    """The MAP objective written out independently from scipy.stats.betabinom."""
    u, v = x
    mean, kappa = special.expit(u), math.exp(v)
    a, b = kappa * mean, kappa * (1 - mean)
    log_likelihood = np.sum(stats.betabinom.logpmf(successes, trials, a, b))
    return (
        log_likelihood
        - (u - special.logit(centre.mean)) ** 2 / (2 * spread.mean_sd**2)
        - (v - math.log(centre.concentration)) ** 2 / (2 * spread.concentration_sd**2)
    )


def test_fit_maximises_the_betabinomial_likelihood_plus_hyperprior():
    successes, trials = simulated_records(alpha=3, beta=2, units=12, trials=(1, 9), seed=16)
    toward = BetaPrior(6, 4)
    fitted = pooling.fit_prior(successes=successes, trials=trials, toward=toward, widen=False)
    best = np.array([special.logit(fitted.mean), math.log(fitted.concentration)])
    value = penalised_log_likelihood(best, successes, trials, centre=toward, spread=pooling.SPREAD)
    for step in ([0.02, 0], [-0.02, 0], [0, 0.02], [0, -0.02], [0.02, 0.02], [0.02, -0.02]):
        assert (
            penalised_log_likelihood(
                best + step, successes, trials, centre=toward, spread=pooling.SPREAD
            )
            < value
        )


def test_fit_with_fractional_successes_uses_the_continuous_form():
    # The binomial coefficient does not depend on (α, β), so the likelihood is
    # Σ ln B(α + s, β + n − s) − ln B(α, β) even for s = 2.5.
    successes = np.array([2.5, 0.5, 4.0, 1.5, 3.0])
    trials = np.array([3.0, 2.0, 5.0, 4.0, 3.0])
    toward = BetaPrior(3, 2)
    spread = pooling.SPREAD

    def objective(x):
        mean, kappa = special.expit(x[0]), math.exp(x[1])
        a, b = kappa * mean, kappa * (1 - mean)
        return (
            np.sum(special.betaln(a + successes, b + trials - successes) - special.betaln(a, b))
            - (x[0] - special.logit(0.6)) ** 2 / (2 * spread.mean_sd**2)
            - (x[1] - math.log(5)) ** 2 / (2 * spread.concentration_sd**2)
        )

    fitted = pooling.fit_prior(successes=successes, trials=trials, toward=toward, widen=False)
    best = np.array([special.logit(fitted.mean), math.log(fitted.concentration)])
    for step in ([0.02, 0], [-0.02, 0], [0, 0.02], [0, -0.02]):
        assert objective(best + step) < objective(best)


def test_fit_with_no_record_is_the_level_above():
    toward = BetaPrior(7, 3)
    assert pooling.fit_prior(successes=[], trials=[], toward=toward) == toward
    assert pooling.fit_prior(successes=[0, 0], trials=[0, 0], toward=toward) == toward
    assert pooling.fit_prior(successes=[], trials=[]) == pooling.UNIFORM


def test_fit_stays_finite_when_every_claim_was_confirmed():
    # Plain maximum likelihood would put μ at 1; the hyperprior keeps it short of that.
    toward = BetaPrior(7, 3)
    fitted = pooling.fit_prior(successes=[5, 3, 8], trials=[5, 3, 8], toward=toward)
    assert toward.mean < fitted.mean < 0.99
    assert 0 < fitted.concentration < 1000
    at_root = pooling.fit_prior(successes=[5] * 40, trials=[5] * 40)
    assert 0.9 < at_root.mean < 1


def test_widening_lowers_the_concentration_for_few_units_only():
    few = pooling.fit_prior(successes=[3, 1], trials=[4, 2], toward=BetaPrior(6, 4))
    few_bare = pooling.fit_prior(
        successes=[3, 1], trials=[4, 2], toward=BetaPrior(6, 4), widen=False
    )
    assert few.concentration < 0.9 * few_bare.concentration
    successes, trials = simulated_records(alpha=6, beta=3, units=4000, trials=(10, 40), seed=17)
    many = pooling.fit_prior(successes=successes, trials=trials)
    many_bare = pooling.fit_prior(successes=successes, trials=trials, widen=False)
    assert many.concentration == pytest.approx(many_bare.concentration, rel=0.01)


def test_fit_refuses_mismatched_input():
    with pytest.raises(ValueError, match="same length"):
        pooling.fit_prior(successes=[1, 2], trials=[3])
    with pytest.raises(ValueError, match="successes"):
        pooling.fit_prior(successes=[4], trials=[3])
    with pytest.raises(ValueError, match="positive"):
        Spread(mean_sd=0, concentration_sd=1)


def newsroom():
    """Sources under descriptors under outlets under one newsroom, as in docs/reports.md."""
    units = {
        "PINE": Counts.from_outcomes(corroborated=7, partly=0, contradicted=3),
        "BIRCH": Counts.from_outcomes(corroborated=1, partly=1, contradicted=2),
        "OAK": Counts.from_outcomes(corroborated=3, partly=0, contradicted=0),
        "ELM": Counts.from_outcomes(corroborated=12, partly=2, contradicted=4),
        "FIR": Counts.from_outcomes(corroborated=0, partly=0, contradicted=0),
        "ASH": Counts.from_outcomes(corroborated=2, partly=0, contradicted=5),
    }
    parents = [
        {
            "PINE": RYANGGANG,
            "OAK": RYANGGANG,
            "FIR": RYANGGANG,
            "BIRCH": HYESAN,
            "ELM": MINISTRY,
            "ASH": "a defector",
        },
        {
            RYANGGANG: "daily-nk",
            HYESAN: "daily-nk",
            MINISTRY: "daily-nk",
            "a defector": "rimjin-gang",
            "a smuggler": "rimjin-gang",
        },
        {"daily-nk": "newsroom", "rimjin-gang": "newsroom"},
    ]
    return units, parents


def test_pool_borrows_from_each_units_parent():
    units, parents = newsroom()
    result = pooling.pool(units=units, parents=parents)
    assert result.estimates["PINE"].toward == RYANGGANG
    assert result.estimates["BIRCH"].toward == HYESAN
    assert result.estimates["ASH"].toward == "a defector"
    assert result.estimates["PINE"].prior == result.priors[0][RYANGGANG]
    assert set(result.priors[1]) == {"daily-nk", "rimjin-gang"}
    assert set(result.priors[2]) == {"newsroom"}
    assert (result.estimates["PINE"].successes, result.estimates["PINE"].trials) == (7, 10)


def test_pool_gives_each_unit_its_conjugate_posterior():
    units, parents = newsroom()
    result = pooling.pool(units=units, parents=parents)
    for key, counts in units.items():
        estimate = result.estimates[key]
        prior = estimate.prior
        a, b = prior.alpha + counts.successes, prior.beta + counts.failures
        assert estimate.rate == pytest.approx(a / (a + b))
        assert estimate.low == pytest.approx(stats.beta.ppf(0.025, a, b))
        assert estimate.high == pytest.approx(stats.beta.ppf(0.975, a, b))


def test_pooled_rate_lies_between_the_raw_rate_and_the_prior_mean():
    units, parents = newsroom()
    result = pooling.pool(units=units, parents=parents)
    for key, counts in units.items():
        if counts.trials == 0:
            continue
        raw = counts.successes / counts.trials
        estimate = result.estimates[key]
        low, high = sorted((raw, estimate.prior.mean))
        assert low < estimate.rate < high


def test_a_group_with_no_data_gets_its_parents_prior():
    units, parents = newsroom()
    result = pooling.pool(units=units, parents=parents)
    # "a smuggler" has no sources; FIR has no resolved claims.
    assert result.priors[0]["a smuggler"] == result.priors[1]["rimjin-gang"]
    empty = result.prior_estimate(level=0, key="a smuggler")
    expected = pooling.posterior(prior=result.priors[1]["rimjin-gang"], successes=0, trials=0)
    assert (empty.rate, empty.low, empty.high) == (expected.rate, expected.low, expected.high)
    fir = result.estimates["FIR"]
    ryanggang = pooling.posterior(prior=result.priors[0][RYANGGANG], successes=0, trials=0)
    assert (fir.rate, fir.low, fir.high) == pytest.approx(
        (ryanggang.rate, ryanggang.low, ryanggang.high)
    )


def test_an_only_child_shares_its_parents_prior():
    # "a defector" is Rimjin-gang's only group with records: refitting it on the
    # same records would count them twice.
    units, parents = newsroom()
    result = pooling.pool(units=units, parents=parents)
    assert result.priors[0]["a defector"] == result.priors[1]["rimjin-gang"]
    assert result.priors[0][RYANGGANG] != result.priors[1]["daily-nk"]


def test_pool_estimates_groups_toward_their_outlet():
    units, parents = newsroom()
    descriptors: dict[str, Counts] = {}
    for source, counts in units.items():
        group = parents[0][source]
        before = descriptors.get(group, Counts(successes=0, trials=0))
        descriptors[group] = Counts(
            successes=before.successes + counts.successes, trials=before.trials + counts.trials
        )
    result = pooling.pool(units=descriptors, parents=parents[1:])
    assert result.estimates[RYANGGANG].toward == "daily-nk"
    assert result.estimates[RYANGGANG].trials == 13
    assert result.estimates["a defector"].toward == "rimjin-gang"


def test_pool_refuses_a_broken_hierarchy():
    units, parents = newsroom()
    with pytest.raises(ValueError, match="at least one level"):
        pooling.pool(units=units, parents=[])
    broken = [dict(parents[0]), parents[1], parents[2]]
    del broken[0]["OAK"]
    with pytest.raises(ValueError, match="'OAK' has no parent at level 0"):
        pooling.pool(units=units, parents=broken)
    broken = [parents[0], {k: v for k, v in parents[1].items() if k != HYESAN}, parents[2]]
    with pytest.raises(ValueError, match="has no parent at level 1"):
        pooling.pool(units=units, parents=broken)


def test_plain_sentence():
    # Prior Beta(9, 6) (mean 0.60, worth 15 claims) and 7 of 10: Beta(16, 9), mean 0.64,
    # interval 0.4468–0.8120 (scipy.stats.beta.ppf).
    counts = Counts(successes=7, trials=10)
    prior = BetaPrior(9, 6)
    found = pooling.posterior(prior=prior, successes=7, trials=10)
    estimate = pooling.PooledEstimate(
        rate=found.rate,
        low=found.low,
        high=found.high,
        toward=RYANGGANG,
        prior=prior,
        successes=counts.successes,
        trials=counts.trials,
    )
    assert pooling.plain_sentence(
        estimate=estimate, toward_label="sources in Ryanggang Province"
    ) == ("7 of 10 raw; 0.64 (0.45–0.81) pooled toward sources in Ryanggang Province")
    half = pooling.PooledEstimate(
        rate=0.6, low=0.4, high=0.8, toward=RYANGGANG, prior=prior, successes=6.5, trials=10
    )
    assert pooling.plain_sentence(estimate=half, toward_label="x").startswith("6.5 of 10 raw")
    none = pooling.PooledEstimate(
        rate=0.6, low=0.3, high=0.85, toward=RYANGGANG, prior=prior, successes=0, trials=0
    )
    assert pooling.plain_sentence(estimate=none, toward_label="sources in Ryanggang Province") == (
        "no resolved claims; 0.60 (0.30–0.85) from sources in Ryanggang Province"
    )
