"""A claim's record as it stood on a given day, and the counts a record is read from.

A report read today silently uses evidence an editor did not have when they
vetted a claim. So every report can be asked *as of* a day: only the claims
published by then, the evidence observed by then and the verdicts decided by
then count. Whether a link's evidence is independent is judged as it is now
(the stored judgement); only *when* it arrived is replayed.

The same rules decide a claim's place in a record today and as of any day:

- a claim whose first settling evidence predates its publication is
  *already public*: in the claim count, beside the rate, never in it;
- a claim still pending after its check-by date is *expired*, a bucket
  beside pending, counted among the unresolved.

Stored rollups keep a histogram of pending claims' check-by dates, so expired
claims are counted when a record is read (``expired_from_deadlines``) and the
stored row never depends on today.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from sources.domain.origins import EvidenceItem, group_origins, outcome_with_origins
from sources.domain.reliability import median_of_counts
from sources.domain.rules import final_outcome
from sources.domain.vocab import Outcome, Relation

ALREADY_PUBLIC = "already_public"
EXPIRED = "expired"


@dataclass(frozen=True, kw_only=True)
class DatedLink:
    """One evidence link of a claim: how it bears, whether it counts (as judged now), when seen.

    ``source_id``, ``network_id``, ``article_id`` and ``cites`` are the
    evidence's, to group supporting links into independent origins.
    ``counts_since`` is the day a fact-checker's ruling let it count (a relay
    confirmed, a likely copy ruled not a copy): before it the link was
    awaiting review, and did not count.
    """

    id: int
    relation: str
    counts: bool
    observed_on: datetime.date
    source_id: int | None = None
    network_id: int | None = None
    article_id: int | None = None
    cites: tuple[int, ...] = ()
    counts_since: datetime.date | None = None

    def counts_on(self, day: datetime.date) -> bool:
        return self.counts and (self.counts_since is None or self.counts_since <= day)


@dataclass(frozen=True)
class ClaimAsOf:
    """What one claim adds to a record as of a day."""

    published_on: datetime.date
    outcome: str
    derived_outcome: str
    already_public: bool
    expired: bool
    independent_origins: int
    corroborating_links: int
    contradicting_links: int
    dependent_links: int
    first_settled_on: datetime.date | None
    first_corroborated_on: datetime.date | None
    days_to_corroboration: int | None

    @property
    def counted(self) -> bool:
        """Say whether the claim counts toward outcomes and the rate (not already public)."""
        return not self.already_public


def claim_as_of(
    *,
    published_on: datetime.date,
    check_by: datetime.date | None,
    links: Iterable[DatedLink],
    verdict: str | None,
    as_of: datetime.date,
    citations: Mapping[int, Iterable[int]] | None = None,
    min_independent_origins: int = 1,
) -> ClaimAsOf | None:
    """Return the claim's figures as of ``as_of``, or None when it was not yet published.

    Pass the verdict in force that day (the newest decided by then), or None.
    Links observed after ``as_of`` are left out, as if not yet linked, and a
    link whose ruling came after ``as_of`` does not count yet.
    Supporting links that count are grouped into independent origins with
    ``origins.group_origins`` over ``citations`` (article id to the ids it
    cites); the outcome then needs ``min_independent_origins`` of them
    (``origins.outcome_with_origins``). With the default minimum of 1 the
    outcome is ``rules.derive_outcome`` over the links that count.
    """
    if published_on > as_of:
        return None
    known = [link for link in links if link.observed_on <= as_of]
    counting = [link for link in known if link.counts_on(as_of)]
    supporting = [link for link in counting if link.relation in Relation.SUPPORTING]
    graph = _graph(citations or {}, supporting)
    origins = _origins(supporting, graph)
    derived = outcome_with_origins(
        relations=[link.relation for link in counting],
        supporting_origins=origins,
        min_independent_origins=min_independent_origins,
    )
    settled_on, supported_on = _first_days(
        counting=counting, graph=graph, min_independent_origins=min_independent_origins
    )
    outcome = final_outcome(derived, verdict or None)
    already_public = settled_on is not None and settled_on < published_on
    return ClaimAsOf(
        published_on=published_on,
        outcome=outcome,
        derived_outcome=derived,
        already_public=already_public,
        expired=is_expired_outcome(
            outcome=outcome, already_public=already_public, check_by=check_by, as_of=as_of
        ),
        independent_origins=origins,
        corroborating_links=len(supporting),
        contradicting_links=sum(1 for link in counting if link.relation == Relation.CONTRADICTS),
        dependent_links=len(known) - len(counting),
        first_settled_on=settled_on,
        first_corroborated_on=supported_on,
        days_to_corroboration=(
            max(0, (supported_on - published_on).days) if supported_on is not None else None
        ),
    )


def is_expired_outcome(
    *, outcome: str, already_public: bool, check_by: datetime.date | None, as_of: datetime.date
) -> bool:
    """Say whether a claim is expired on ``as_of``: still pending after its check-by date.

    The check-by day itself is not yet past. A claim with no check-by date
    never expires; an already-public claim is never pending.
    """
    return (
        outcome == Outcome.PENDING
        and not already_public
        and check_by is not None
        and check_by < as_of
    )


def expired_from_deadlines(deadlines: Mapping[str, int], *, as_of: datetime.date) -> int:
    """Return how many pending claims are past their check-by dates on ``as_of``.

    ``deadlines`` maps a check-by date (ISO text, as rollups store it) to the
    pending claims due that day.
    """
    cutoff = as_of.isoformat()
    return sum(n for day, n in deadlines.items() if day < cutoff)


def median_of_histogram(histogram: Mapping[str | int, int]) -> float | None:
    """Return the median of values stored as {value (maybe as text): how many}."""
    return median_of_counts({int(value): n for value, n in histogram.items()})


def latest_verdict(
    verdicts: Sequence[tuple[datetime.datetime, int, str]], *, cutoff: datetime.datetime
) -> str | None:
    """Return the outcome of the newest verdict decided before ``cutoff``, or None.

    ``verdicts`` holds (decided at, id, outcome); verdicts are append-only and
    the newest rules, ties going to the one recorded last.
    """
    decided = [verdict for verdict in verdicts if verdict[0] < cutoff]
    return max(decided)[2] if decided else None


def _graph(
    citations: Mapping[int, Iterable[int]], links: Sequence[DatedLink]
) -> dict[int, tuple[int, ...]]:
    """Return the citation graph, an evidence article inheriting what its evidence cites."""
    if not any(link.cites for link in links):
        return {article: tuple(cited) for article, cited in citations.items()}
    graph = {article: set(cited) for article, cited in citations.items()}
    for link in links:
        if link.article_id is not None and link.cites:
            graph.setdefault(link.article_id, set()).update(link.cites)
    return {article: tuple(sorted(cited)) for article, cited in graph.items()}


def _origins(supporting: Sequence[DatedLink], graph: Mapping[int, Iterable[int]]) -> int:
    """Count the independent origins of supporting links; one link is one origin."""
    if len(supporting) < 2:
        return len(supporting)
    items = [
        EvidenceItem(
            id=link.id,
            relation=link.relation,
            observed_on=link.observed_on,
            source_id=link.source_id,
            network_id=link.network_id,
            article_id=link.article_id,
            cites=link.cites,
        )
        for link in supporting
    ]
    return len(group_origins(items=items, citations=graph))


def _first_days(
    *,
    counting: Sequence[DatedLink],
    graph: Mapping[int, Iterable[int]],
    min_independent_origins: int,
) -> tuple[datetime.date | None, datetime.date | None]:
    """Return the first day the derived outcome left pending, and the first day support sufficed.

    With a minimum of one origin these are simply the first settling and the
    first supporting link; above it, the days are replayed one by one.
    """
    settling = [link.observed_on for link in counting if link.relation in Relation.SETTLING]
    supporting = [link.observed_on for link in counting if link.relation in Relation.SUPPORTING]
    if min_independent_origins <= 1:
        return min(settling, default=None), min(supporting, default=None)
    settled_on = supported_on = None
    for day in sorted({link.observed_on for link in counting}):
        known = [link for link in counting if link.observed_on <= day]
        support = [link for link in known if link.relation in Relation.SUPPORTING]
        origins = _origins(support, graph)
        outcome = outcome_with_origins(
            relations=[link.relation for link in known],
            supporting_origins=origins,
            min_independent_origins=min_independent_origins,
        )
        if settled_on is None and outcome != Outcome.PENDING:
            settled_on = day
        if supported_on is None and origins >= min_independent_origins:
            supported_on = day
        if settled_on is not None and supported_on is not None:
            break
    return settled_on, supported_on
