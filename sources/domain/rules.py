"""The outcome and independence rules, free of Django so they are easy to test.

A claim's *derived outcome* comes only from the evidence links that count, and a
link counts only when its evidence is independent of the claim. An editor's
*verdict* overrides the derived outcome; both stay visible.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields

from sources.domain.vocab import Outcome, Relation


def derive_outcome(relations: Iterable[str]) -> str:
    """Return the outcome that the counting links' relations support.

    Pass only the relations of *independent* links. A full corroboration
    together with a contradiction is disputed. A partial corroboration does not
    stand against a contradiction: it confirmed only part of the claim, and the
    contradiction shows the claim as stated was wrong, so the claim is
    contradicted. (Were it disputed, contradicting a half-right claim would take
    it out of the rate and could *raise* its source's rate.) A full
    corroboration outranks a partial one; context links never decide anything.
    """
    present = set(relations)
    unknown = present - set(Relation.ALL)
    if unknown:
        raise ValueError(f"unknown relation(s): {sorted(unknown)}")
    contradicts = Relation.CONTRADICTS in present
    if contradicts and Relation.CORROBORATES in present:
        return Outcome.DISPUTED
    if contradicts:
        return Outcome.CONTRADICTED
    if Relation.CORROBORATES in present:
        return Outcome.CORROBORATED
    if Relation.PARTLY_CORROBORATES in present:
        return Outcome.PARTLY_CORROBORATED
    return Outcome.PENDING


def final_outcome(derived: str, verdict: str | None) -> str:
    """Return the outcome that reports count: the verdict when an editor gave one."""
    if verdict and verdict not in Outcome.ALL:
        raise ValueError(f"unknown verdict: {verdict!r}")
    if derived not in Outcome.DERIVED:
        raise ValueError(f"unknown derived outcome: {derived!r}")
    return verdict or derived


@dataclass(frozen=True)
class LinkFacts:
    """What the per-claim figures need to know of one evidence link."""

    relation: str
    independent: bool
    observed_on: datetime.date


@dataclass(frozen=True)
class ClaimFigures:
    """A claim's derived columns: what its counting links and its verdict make of it.

    ``first_settled_on`` is when the first counting evidence that corroborates,
    partly corroborates or contradicts the claim was observed.
    ``settled_before_publication`` says that evidence predates the claim's
    article: it still counts toward the outcome, and its days to
    corroboration are 0, never negative.
    """

    derived_outcome: str
    outcome: str
    corroborating_links: int
    contradicting_links: int
    dependent_links: int
    first_corroborated_on: datetime.date | None
    days_to_corroboration: int | None
    first_settled_on: datetime.date | None
    settled_before_publication: bool


# The claim columns only the derived-data engine writes, in ClaimFigures order.
DERIVED_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(ClaimFigures))


def claim_figures(
    *, links: Iterable[LinkFacts], published_on: datetime.date, verdict: str | None
) -> ClaimFigures:
    """Return a claim's derived columns from its judged links, its publication date and verdict.

    The one definition of the per-claim figures: the services, the importers
    and the synthetic generator all call it, so none of them can drift.
    """
    links = list(links)
    counting = [link for link in links if link.independent]
    supporting = [link.observed_on for link in counting if link.relation in Relation.SUPPORTING]
    settling = [link.observed_on for link in counting if link.relation in Relation.SETTLING]
    derived = derive_outcome(link.relation for link in counting)
    first = min(supporting, default=None)
    first_settled = min(settling, default=None)
    return ClaimFigures(
        derived_outcome=derived,
        outcome=final_outcome(derived, verdict or None),
        corroborating_links=len(supporting),
        contradicting_links=sum(1 for link in counting if link.relation == Relation.CONTRADICTS),
        dependent_links=len(links) - len(counting),
        first_corroborated_on=first,
        days_to_corroboration=max(0, (first - published_on).days) if first else None,
        first_settled_on=first_settled,
        settled_before_publication=first_settled is not None and first_settled < published_on,
    )


@dataclass(frozen=True)
class Dependence:
    """Why a link does not count. ``chain`` lists article ids, evidence side first."""

    code: str
    message: str
    chain: tuple[int, ...] = ()


def find_dependence(
    *,
    claim_article: int,
    claim_sources: Iterable[int],
    evidence_source: int | None,
    evidence_article: int | None,
    evidence_cites: Iterable[int],
    citations: Mapping[int, Iterable[int]],
) -> Dependence | None:
    """Return why evidence depends on a claim, or None when it is independent.

    Evidence depends on a claim when it comes from one of the claim's sources,
    from the claim's own article, or when it cites the claim's article directly
    or through any chain of articles citing articles (``citations`` maps an
    article id to the ids it cites). Cycles in the citation graph are harmless.
    """
    if evidence_source is not None and evidence_source in set(claim_sources):
        return Dependence("same_source", "It comes from a source the claim rests on.")
    if evidence_article is not None and evidence_article == claim_article:
        return Dependence("same_article", "It comes from the claim's own article.")

    cited_directly = list(evidence_cites)
    starts = ([evidence_article] if evidence_article is not None else []) + cited_directly
    # Breadth-first, so the reported chain is the shortest one.
    parent: dict[int, int | None] = {}
    frontier: list[int] = []
    for start in starts:
        if start not in parent:
            parent[start] = None
            frontier.append(start)
    while frontier:
        next_frontier: list[int] = []
        for article in frontier:
            if article == claim_article:
                chain = _walk_back(parent, article)
                hops = len(chain) - 1 + (0 if chain[0] == evidence_article else 1)
                if hops == 1:
                    message = "It cites the claim's article directly."
                else:
                    message = f"It cites the claim's article through a chain of {hops} citations."
                return Dependence("cites_claim_article", message, tuple(chain))
            for cited in citations.get(article, ()):
                if cited not in parent:
                    parent[cited] = article
                    next_frontier.append(cited)
        frontier = next_frontier
    return None


def _walk_back(parent: Mapping[int, int | None], end: int) -> list[int]:
    chain = [end]
    while (previous := parent[chain[-1]]) is not None:
        chain.append(previous)
    chain.reverse()
    return chain
