"""Source pairs suggested as possible networks, for an editor to review.

Each claim is a basket: the sources it rests on, plus the sources whose
evidence corroborated it (fully or partly, counted or not: a corroboration
judged dependent because the two share an upstream is exactly the signal).
``sources.domain.networks.suggest_networks`` scores every pair by normalised
pointwise mutual information and keeps those with at least ``MIN_SUPPORT``
shared baskets and an NPMI of at least ``MIN_NPMI``. Nothing is grouped
automatically.
"""

from __future__ import annotations

from dataclasses import dataclass

from sources import selectors
from sources.domain import networks as npmi
from sources.domain.vocab import Relation
from sources.models import Attribution, EvidenceLink, Source


@dataclass(frozen=True)
class SuggestedPair:
    """One suggested pair with the counts behind its score, as the page shows it."""

    source_a: Source
    source_b: Source
    npmi: float
    together: int
    count_a: int
    count_b: int
    baskets: int


def network_suggestions(*, viewer) -> list[SuggestedPair]:
    """Return the source pairs suggested as networks, best first; sources the viewer may see.

    Three queries, then one sparse co-occurrence product
    (``networks.suggest_networks``); the work is linear in the attributions
    and corroborating links (docs/performance.md).
    """
    visible = selectors.sources_for(viewer=viewer)
    attributions: dict[int, set[int]] = {}
    for claim_id, source_id in (
        Attribution.objects.filter(source__in=visible.values("pk"))
        .order_by()
        .values_list("claim_id", "source_id")
    ):
        attributions.setdefault(claim_id, set()).add(source_id)
    corroborations = (
        EvidenceLink.objects.filter(
            relation__in=Relation.SUPPORTING, evidence__source__in=visible.values("pk")
        )
        .order_by()
        .values_list("claim_id", "evidence__source_id")
    )
    baskets = npmi.basket_list(attributions=attributions, corroborations=corroborations)
    members = dict(visible.exclude(network=None).values_list("pk", "network_id"))
    found = npmi.suggest_networks(baskets=baskets, networks=members)
    sources = visible.in_bulk({pk for pair in found for pk in (pair.source_a, pair.source_b)})
    return [
        SuggestedPair(
            source_a=sources[pair.source_a],
            source_b=sources[pair.source_b],
            npmi=pair.npmi,
            together=pair.support,
            count_a=pair.count_a,
            count_b=pair.count_b,
            baskets=pair.baskets,
        )
        for pair in found
    ]
