"""The outcome and independence rules, free of Django so they are easy to test.

A claim's *derived outcome* comes only from the evidence links that count, and a
link counts only when its evidence is independent of the claim. An editor's
*verdict* overrides the derived outcome; both stay visible.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Protocol

from sources.domain.descriptors import descriptor_key
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


class OriginTally(Protocol):
    """What the per-claim figures need of a claim's origin count (``origins.OriginCount``)."""

    outcome: str
    independent_origins: int
    not_established: int
    likely_copies: int
    supported_on: datetime.date | None
    settled_on: datetime.date | None


@dataclass(frozen=True)
class ClaimFigures:
    """A claim's derived columns: what its counting links and its verdict make of it.

    ``first_settled_on`` is when the first counting evidence that corroborates,
    partly corroborates or contradicts the claim was observed.
    ``settled_before_publication`` says that evidence predates the claim's
    article: it still counts toward the outcome, and its days to
    corroboration are 0, never negative. ``independent_origins`` counts the
    origins of its counting support (``origins.count_origins``);
    ``not_established`` and ``likely_copies`` the settling links waiting for
    a fact-checker (an unconfirmed relay, an unruled copy flag).
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
    independent_origins: int
    not_established: int
    likely_copies: int


# The claim columns only the derived-data engine writes, in ClaimFigures order.
DERIVED_FIELDS: tuple[str, ...] = tuple(field.name for field in fields(ClaimFigures))


def claim_figures(
    *,
    links: Iterable[LinkFacts],
    published_on: datetime.date,
    verdict: str | None,
    origins: OriginTally | None = None,
) -> ClaimFigures:
    """Return a claim's derived columns from its judged links, its publication date and verdict.

    The one definition of the per-claim figures: the services, the importers
    and the synthetic generator all call it, so none of them can drift.
    ``origins`` is the claim's origin count, whose decisions set which
    ``links`` are independent: the outcome, and the days the support reached
    the minimum of independent origins and the outcome first settled, come
    from it, so a minimum above 1 moves them all together. Without any link
    that counts there is nothing to group, and ``origins`` may be left out.
    """
    links = list(links)
    counting = [link for link in links if link.independent]
    if origins is None:
        if counting:
            raise ValueError("pass the origin count of a claim with links that count")
        return ClaimFigures(
            derived_outcome=Outcome.PENDING,
            outcome=final_outcome(Outcome.PENDING, verdict or None),
            corroborating_links=0,
            contradicting_links=0,
            dependent_links=len(links),
            first_corroborated_on=None,
            days_to_corroboration=None,
            first_settled_on=None,
            settled_before_publication=False,
            independent_origins=0,
            not_established=0,
            likely_copies=0,
        )
    first, first_settled = origins.supported_on, origins.settled_on
    return ClaimFigures(
        derived_outcome=origins.outcome,
        outcome=final_outcome(origins.outcome, verdict or None),
        corroborating_links=sum(1 for link in counting if link.relation in Relation.SUPPORTING),
        contradicting_links=sum(1 for link in counting if link.relation == Relation.CONTRADICTS),
        dependent_links=len(links) - len(counting),
        first_corroborated_on=first,
        days_to_corroboration=max(0, (first - published_on).days) if first else None,
        first_settled_on=first_settled,
        settled_before_publication=first_settled is not None and first_settled < published_on,
        independent_origins=origins.independent_origins,
        not_established=origins.not_established,
        likely_copies=origins.likely_copies,
    )


# The hours by which the earliest time zone (UTC+14) runs ahead of UTC.
_EARLIEST_ZONE = datetime.timedelta(hours=14)


def latest_today(now: datetime.datetime) -> datetime.date:
    """Return the latest date that is today somewhere on Earth at the instant ``now``.

    A story filed in Seoul just after midnight is dated a day later than UTC;
    judging "today" by the earliest time zone never refuses a true date.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return (now.astimezone(datetime.UTC) + _EARLIEST_ZONE).date()


def dated_after_today(day: datetime.date | None, *, now: datetime.datetime) -> bool:
    """Say whether a date lies in the future: after today in every time zone."""
    return day is not None and day > latest_today(now)


# Longest group key stored for a descriptor: the descriptor's own length. Folding can
# lengthen a string (a ligature becomes two letters); what is cut off then is the end
# of a 300-character descriptor, not what tells two descriptors apart in practice.
DESCRIPTOR_KEY_LENGTH = 300


def descriptor_group(text: str) -> str:
    """Return the key a printed descriptor is grouped under in reports and letters."""
    return descriptor_key(text)[:DESCRIPTOR_KEY_LENGTH]


def most_printed(forms: Iterable[tuple[str, int, int]]) -> str | None:
    """Return the form printed most often, from (form, times printed, first printing id).

    A tie goes to the form printed first, so the label of a group does not
    flip between equally common spellings.
    """
    best = min(forms, key=lambda form: (-form[1], form[2]), default=None)
    return None if best is None else best[0]


@dataclass(frozen=True)
class Contribution:
    """What one claim adds to the record of each source it rests on.

    A rollup is the sum of its claims' contributions, so a change to one claim
    moves the rollup by the new contribution minus the old one.
    """

    year: int
    outcome: str
    corroborating_links: int
    contradicting_links: int
    dependent_links: int
    days_to_corroboration: int | None
    settled_before_publication: bool
    # Issue 13: a pending claim's deadline, and the independent origins of its support.
    check_by: datetime.date | None = None
    independent_origins: int = 0


ROLLUP_LINK_TOTALS = ("corroborating_links", "contradicting_links", "dependent_links")


def empty_counts() -> dict:
    """Return the counts of a source with no claims, in the shape ``add_contribution`` uses.

    ``by_year`` maps a year (as text) to {outcome: claims}; ``days`` maps days to
    corroboration to claims (the histogram the median is taken from);
    ``deadlines`` maps a pending claim's check-by date (ISO text) to claims, and
    ``origins`` a claim's independent origins (1 or more) to claims. A claim
    already public when published (``settled_before_publication``) is counted
    in ``claims`` and ``settled_before_publication`` only: it is in the claim
    count, but in no outcome, year, histogram or rate (docs/domain.md).
    """
    counts: dict = {
        "claims": 0,
        "by_year": {},
        "days": {},
        "settled_before_publication": 0,
        "deadlines": {},
        "origins": {},
    }
    counts.update(dict.fromkeys(Outcome.ALL, 0))
    counts.update(dict.fromkeys(ROLLUP_LINK_TOTALS, 0))
    return counts


def add_contribution(counts: dict, contribution: Contribution, *, times: int = 1) -> None:
    """Add ``times`` claims with this contribution to ``counts`` (negative to take them away).

    Entries that fall to zero are removed, so counts built by adding and taking
    away equal counts built from scratch.
    """
    c = contribution
    counts["claims"] += times
    for name in ROLLUP_LINK_TOTALS:
        counts[name] += times * getattr(c, name)
    if c.settled_before_publication:
        # Already public: in the claim count, beside the rate but not in it.
        counts["settled_before_publication"] += times
    else:
        counts[c.outcome] += times
        year = counts["by_year"].setdefault(str(c.year), {})
        _bump(year, c.outcome, times)
        if not year:
            del counts["by_year"][str(c.year)]
        if c.days_to_corroboration is not None:
            _bump(counts["days"], c.days_to_corroboration, times)
        if c.outcome == Outcome.PENDING and c.check_by is not None:
            _bump(counts.setdefault("deadlines", {}), c.check_by.isoformat(), times)
        if c.independent_origins:
            _bump(counts.setdefault("origins", {}), c.independent_origins, times)
    negative = [name for name in ("claims", *Outcome.ALL, *ROLLUP_LINK_TOTALS) if counts[name] < 0]
    if negative or counts["settled_before_publication"] < 0:
        raise ValueError(f"counts fell below zero: {negative or ['settled_before_publication']}")


def _bump(counter: dict, key, times: int) -> None:
    value = counter.get(key, 0) + times
    if value < 0:
        raise ValueError(f"count for {key!r} fell below zero")
    if value:
        counter[key] = value
    else:
        counter.pop(key, None)


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
