"""The outcome and independence rules, free of Django so they are easy to test.

A claim's *derived outcome* comes only from the evidence links that count, and a
link counts only when its evidence is independent of the claim. An editor's
*verdict* overrides the derived outcome; both stay visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

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
