"""A seeded simulation study: do pooled estimates beat raw rates and keep their coverage?

Synthetic newsrooms are drawn with known true reliabilities: each of three
outlets has a mean rate; each of its twelve groups (descriptors or regions)
has its own mean around the outlet's and its own spread; each source's true
rate is drawn from its group's Beta. Four groups in ten have only one to
three sources, the rest five to thirty (in the "small-groups" scenario every
group has one to three). Six records in ten are short (one to
nine resolved claims), the rest ten to forty. A claim is corroborated,
partly corroborated (scoring ½) or contradicted with probabilities whose
expected score is the source's true rate; the "mixed" scenario has no
partials (a plain binomial record), "mixed-with-partials" has them as in
the app.

Run with ``-s`` to see the figures quoted in docs/reports.md.
"""

import numpy as np
import pytest

from sources.domain import pooling
from sources.domain.pooling import Counts, Spread
from sources.domain.reliability import wilson_interval

NEWSROOMS = 30
SHORT = 10


def synthetic_newsroom(rng, *, partial_share, small_share):
    units, truth, siblings = {}, {}, {}
    parents = [{}, {}, {}]
    for o in range(3):
        outlet = f"outlet-{o}"
        parents[2][outlet] = "newsroom"
        outlet_mean = rng.beta(7, 3)
        for g in range(12):
            group = f"{outlet}/group-{g}"
            parents[1][group] = outlet
            group_mean = np.clip(rng.beta(12 * outlet_mean, 12 * (1 - outlet_mean)), 0.02, 0.98)
            spread = np.exp(rng.normal(np.log(8), 0.5))
            sources = rng.integers(1, 4) if rng.random() < small_share else rng.integers(5, 31)
            for s in range(sources):
                key = f"{group}/source-{s}"
                parents[0][key] = group
                rate = rng.beta(spread * group_mean, spread * (1 - group_mean))
                claims = rng.integers(1, 10) if rng.random() < 0.6 else rng.integers(10, 41)
                # A partial (½) with probability partial_share·min(rate, 1 − rate); the
                # rest split so that the expected score is the true rate.
                partial = partial_share * min(rate, 1 - rate)
                outcomes = rng.multinomial(
                    claims, [rate - partial / 2, partial, 1 - rate - partial / 2]
                )
                units[key] = Counts.from_outcomes(
                    corroborated=int(outcomes[0]),
                    partly=int(outcomes[1]),
                    contradicted=int(outcomes[2]),
                )
                truth[key] = rate
                siblings[key] = sources
    return units, parents, truth, siblings


def study(*, partial_share, small_share, **options):
    """Return per-source rows: trials, truth, raw and pooled rates, whether the pooled and
    the Wilson intervals cover the truth, their widths, and the size of the source's group.
    """
    rng = np.random.default_rng(20160825)
    rows = []
    for _ in range(NEWSROOMS):
        units, parents, truth, siblings = synthetic_newsroom(
            rng, partial_share=partial_share, small_share=small_share
        )
        result = pooling.pool(units=units, parents=parents, **options)
        for key, counts in units.items():
            estimate = result.estimates[key]
            low, high = wilson_interval(counts.successes, int(counts.trials))
            rows.append(
                (
                    counts.trials,
                    truth[key],
                    counts.successes / counts.trials,
                    estimate.rate,
                    estimate.low <= truth[key] <= estimate.high,
                    low <= truth[key] <= high,
                    estimate.high - estimate.low,
                    high - low,
                    siblings[key],
                )
            )
    return np.array(rows, dtype=float)


# (share of claims that can end partly corroborated, share of groups with 1–3 sources)
SCENARIOS = {"mixed": (0.0, 0.4), "mixed-with-partials": (0.2, 0.4), "small-groups": (0.0, 1.0)}


@pytest.fixture(scope="module", params=list(SCENARIOS))
def pooled(request):
    partial_share, small_share = SCENARIOS[request.param]
    return request.param, study(partial_share=partial_share, small_share=small_share)


def test_pooled_rates_beat_raw_rates_on_short_records(pooled):
    name, pooled = pooled
    short = pooled[:, 0] < SHORT
    raw_mse = np.mean((pooled[short, 2] - pooled[short, 1]) ** 2)
    pooled_mse = np.mean((pooled[short, 3] - pooled[short, 1]) ** 2)
    print(
        f"\n{name}: sources {len(pooled)}, short (<{SHORT}) {short.sum()}; "
        f"MSE short raw {raw_mse:.4f} pooled {pooled_mse:.4f}; "
        f"MSE long raw {np.mean((pooled[~short, 2] - pooled[~short, 1]) ** 2):.4f} "
        f"pooled {np.mean((pooled[~short, 3] - pooled[~short, 1]) ** 2):.4f}"
    )
    assert pooled_mse < raw_mse


def test_pooled_intervals_keep_their_coverage(pooled):
    name, pooled = pooled
    short = pooled[:, 0] < SHORT
    small = pooled[:, 8] <= 3
    coverage, short_coverage = pooled[:, 4].mean(), pooled[short, 4].mean()
    small_coverage = pooled[small, 4].mean()
    print(
        f"\n{name}: coverage pooled {coverage:.3f} "
        f"(short {short_coverage:.3f}, long {pooled[~short, 4].mean():.3f}); "
        f"Wilson {pooled[:, 5].mean():.3f} (short {pooled[short, 5].mean():.3f}); "
        f"mean width short pooled {pooled[short, 6].mean():.2f} "
        f"Wilson {pooled[short, 7].mean():.2f}; "
        f"{small.sum()} sources in groups of 1–3: coverage {small_coverage:.3f}"
    )
    assert coverage >= 0.93
    # Short records lean hardest on the fitted priors, so they must not hide a shortfall.
    assert short_coverage >= 0.92
    assert small_coverage >= 0.90


def test_plain_maximum_likelihood_would_lose_coverage(pooled):
    name, pooled = pooled
    # The reason for the hyperprior and the widening: with near-flat hyperpriors and the
    # bare fit, groups of one to three sources get priors that are far too narrow.
    partial_share, small_share = SCENARIOS[name]
    bare = study(
        partial_share=partial_share,
        small_share=small_share,
        spread=Spread(mean_sd=100, concentration_sd=100),
        widen=False,
    )
    print(f"\n{name}: coverage with plain maximum likelihood {bare[:, 4].mean():.3f}")
    assert bare[:, 4].mean() < pooled[:, 4].mean() - 0.05
