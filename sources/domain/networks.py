"""Suggest source networks: pairs of sources that turn up together far more than chance.

Two sources fed by one fixer tend to be attributed on the same stories and
to "confirm" each other. Nobody files that upstream, so we look for it in
the record: each *basket* is a set of sources seen together (the sources a
claim or article rests on, plus the sources of evidence that corroborated
it), and a pair is suggested when its normalised pointwise mutual
information is high on enough baskets.

    NPMI(a, b) = log(p(a, b) / (p(a) p(b))) / -log p(a, b)

with p estimated as the share of baskets containing the source(s). NPMI is
1 for sources that only ever appear together, 0 for independence and -1 for
sources that never meet. With few baskets it is noisy (one shared story of
two rarely seen sources scores 1), hence ``MIN_SUPPORT``: a pair must share
at least that many baskets before it is shown. An editor reviews every
suggestion; nothing is grouped automatically.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix, triu

MIN_SUPPORT = 3
MIN_NPMI = 0.5


@dataclass(frozen=True)
class NetworkSuggestion:
    """A pair of sources that may share an upstream, with the counts behind the score."""

    source_a: int
    source_b: int
    npmi: float
    support: int
    count_a: int
    count_b: int
    baskets: int


def npmi(*, together: int, count_a: int, count_b: int, baskets: int) -> float:
    """Return the NPMI of two sources from basket counts.

    Sources that are in every basket carry no information; by the usual
    convention their NPMI is 1 when they are together everywhere.
    """
    if not 0 < together <= min(count_a, count_b) <= max(count_a, count_b) <= baskets:
        raise ValueError("counts must satisfy 0 < together <= each count <= baskets")
    p_ab = together / baskets
    if p_ab == 1.0:
        return 1.0
    pmi = math.log(p_ab) - math.log(count_a / baskets) - math.log(count_b / baskets)
    return pmi / -math.log(p_ab)


def basket_list(
    *,
    attributions: Mapping[int, Iterable[int]],
    corroborations: Iterable[tuple[int, int]] = (),
) -> list[frozenset[int]]:
    """Build baskets: a claim's sources, plus the sources whose evidence corroborated it.

    ``attributions`` maps a claim (or article) id to its sources;
    ``corroborations`` holds (claim id, evidence source id) pairs. A
    corroboration for a claim with no attribution still makes a basket.
    """
    baskets: dict[int, set[int]] = {claim: set(sources) for claim, sources in attributions.items()}
    for claim, source in corroborations:
        baskets.setdefault(claim, set()).add(source)
    return [frozenset(members) for _, members in sorted(baskets.items()) if members]


def suggest_networks(
    *,
    baskets: Iterable[Iterable[int]],
    min_support: int = MIN_SUPPORT,
    min_npmi: float = MIN_NPMI,
    networks: Mapping[int, int] | None = None,
) -> list[NetworkSuggestion]:
    """Return source pairs with NPMI at least ``min_npmi`` on at least ``min_support`` baskets.

    Sorted by NPMI, then support, highest first. Pairs already in the same
    network (``networks`` maps source id to network id) are left out: there
    is nothing left to suggest. Empty baskets are ignored: a story with no
    source on it says nothing about any pair, and counting it would make
    every source look rarer and every pair more telling than it is.
    """
    if min_support < 1:
        raise ValueError("min_support must be at least 1")
    baskets = [frozenset(basket) for basket in baskets if basket]
    if not baskets:
        return []
    ids = sorted(set().union(*baskets))
    if len(ids) < 2:
        return []
    column = {source: index for index, source in enumerate(ids)}
    rows = [row for row, basket in enumerate(baskets) for _ in basket]
    cols = [column[source] for basket in baskets for source in basket]
    incidence = csr_matrix(
        (np.ones(len(rows), dtype=np.int64), (rows, cols)), shape=(len(baskets), len(ids))
    )
    counts = np.asarray(incidence.sum(axis=0)).ravel()
    together = triu(incidence.T @ incidence, k=1).tocoo()
    networks = networks or {}
    found = []
    for i, j, shared in zip(together.row, together.col, together.data, strict=True):
        if shared < min_support:
            continue
        a, b = ids[i], ids[j]
        if a in networks and networks.get(a) == networks.get(b):
            continue
        score = npmi(
            together=int(shared),
            count_a=int(counts[i]),
            count_b=int(counts[j]),
            baskets=len(baskets),
        )
        if score >= min_npmi:
            found.append(
                NetworkSuggestion(
                    source_a=a,
                    source_b=b,
                    npmi=score,
                    support=int(shared),
                    count_a=int(counts[i]),
                    count_b=int(counts[j]),
                    baskets=len(baskets),
                )
            )
    return sorted(found, key=lambda s: (-s.npmi, -s.support, s.source_a, s.source_b))
