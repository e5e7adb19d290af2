"""Count a claim's independent origins, not its evidence items.

Circular reporting in closed-country coverage is subtler than a story citing
itself: two "sources in Ryanggang Province" heard it from one fixer, a wire
repeats our article without citing it, an organisation that briefs us relays
a defector we already spoke to. Four such items are one origin, and a claim
that looks corroborated four times may rest on nothing new.

``count_origins`` decides, per evidence item, whether it counts and why, then
groups the items that count into *independent origins*: items that share a
source, a network, or an article lineage are one origin. The derived outcome
then needs ``min_independent_origins`` supporting origins before support
counts at all. The timing helpers at the end keep track records from scoring
what was already public and from hiding claims nobody checked.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from sources.domain.rules import derive_outcome, find_dependence
from sources.domain.vocab import Basis, CopyRuling, Outcome, Relation

MIN_INDEPENDENT_ORIGINS = 1
CHECK_BY_MONTHS = 24


class Standing:
    """Whether an item counts: it does, it never will as things stand, or it awaits a person."""

    COUNTS = "counts"
    DEPENDENT = "dependent"
    AWAITING = "awaiting"

    ALL = (COUNTS, DEPENDENT, AWAITING)
    LABELS = {COUNTS: "Counts", DEPENDENT: "Not independent", AWAITING: "Awaiting review"}


class Reason:
    """Why an item counts or not. The first three come from ``rules.find_dependence``."""

    INDEPENDENT = "independent"
    SAME_SOURCE = "same_source"
    SAME_ARTICLE = "same_article"
    CITES_CLAIM_ARTICLE = "cites_claim_article"
    SAME_NETWORK = "same_network"
    COPY = "copy"
    LIKELY_COPY = "likely_copy"
    NOT_ESTABLISHED = "not_established"

    ALL = (
        INDEPENDENT,
        SAME_SOURCE,
        SAME_ARTICLE,
        CITES_CLAIM_ARTICLE,
        SAME_NETWORK,
        COPY,
        LIKELY_COPY,
        NOT_ESTABLISHED,
    )
    STANDING = {
        INDEPENDENT: Standing.COUNTS,
        SAME_SOURCE: Standing.DEPENDENT,
        SAME_ARTICLE: Standing.DEPENDENT,
        CITES_CLAIM_ARTICLE: Standing.DEPENDENT,
        SAME_NETWORK: Standing.DEPENDENT,
        COPY: Standing.DEPENDENT,
        LIKELY_COPY: Standing.AWAITING,
        NOT_ESTABLISHED: Standing.AWAITING,
    }


@dataclass(frozen=True, kw_only=True)
class ClaimSource:
    """A source the claim rests on. Codenames only: identities never reach this module."""

    id: int
    codename: str
    network_id: int | None = None
    network_name: str = ""


@dataclass(frozen=True, kw_only=True)
class EvidenceItem:
    """One piece of evidence linked to the claim, with what independence depends on.

    ``copy_of`` is the article the text check found this item's text to be a
    likely copy of; ``copy_ruling`` is the fact-checker's ruling on that flag.
    """

    id: int
    relation: str
    observed_on: date
    source_id: int | None = None
    # The network of the evidence's source (or the organisation or wire it came through).
    network_id: int | None = None
    article_id: int | None = None
    cites: tuple[int, ...] = ()
    basis: str = Basis.UNKNOWN
    relay_confirmed: bool = False
    copy_of: int | None = None
    copy_ruling: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "cites", tuple(self.cites))
        if self.relation not in Relation.ALL:
            raise ValueError(f"unknown relation: {self.relation!r}")
        if self.basis not in Basis.ALL:
            raise ValueError(f"unknown basis: {self.basis!r}")
        if self.copy_ruling is not None and self.copy_ruling not in CopyRuling.ALL:
            raise ValueError(f"unknown copy ruling: {self.copy_ruling!r}")
        if self.copy_ruling is not None and self.copy_of is None:
            raise ValueError("a copy ruling needs the article the item was flagged against")

    @property
    def relay_unknown(self) -> bool:
        """Say whether it relays another outlet without saying which, unconfirmed."""
        return self.basis == Basis.RELAYED and not self.cites and not self.relay_confirmed

    @property
    def awaiting_ruling(self) -> bool:
        return self.copy_of is not None and self.copy_ruling is None

    @property
    def ruled_copy(self) -> bool:
        return self.copy_of is not None and self.copy_ruling == CopyRuling.COPY


@dataclass(frozen=True)
class Decision:
    """Whether one item counts, and why. ``chain`` lists article ids, evidence side first."""

    item_id: int
    code: str
    message: str
    chain: tuple[int, ...] = ()

    @property
    def standing(self) -> str:
        return Reason.STANDING[self.code]

    @property
    def counts(self) -> bool:
        return self.code == Reason.INDEPENDENT


@dataclass(frozen=True)
class Origin:
    """One independent origin: the counting items it groups and what ties them together."""

    item_ids: tuple[int, ...]
    source_ids: tuple[int, ...]
    network_ids: tuple[int, ...]
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class OriginCount:
    """A claim's origin count and the outcome it supports.

    ``independent_origins`` and ``items`` count supporting (full or partial)
    items that count; ``not_established`` and ``likely_copies`` count settling
    items awaiting a fact-checker. ``supported_on`` is the first day the
    supporting origins reached the minimum; ``settled_on`` the first day the
    derived outcome stopped being pending.
    """

    independent_origins: int
    items: int
    contradicting_origins: int
    not_established: int
    likely_copies: int
    outcome: str
    min_independent_origins: int
    supported_on: date | None
    settled_on: date | None
    origins: tuple[Origin, ...]
    decisions: tuple[Decision, ...]

    @property
    def summary(self) -> str:
        """Return e.g. "2 independent origins (4 items)", as the claim page shows it."""
        origins = "origin" if self.independent_origins == 1 else "origins"
        items = "item" if self.items == 1 else "items"
        return f"{self.independent_origins} independent {origins} ({self.items} {items})"


def count_origins(
    *,
    claim_article: int,
    claim_sources: Sequence[ClaimSource],
    items: Iterable[EvidenceItem],
    citations: Mapping[int, Iterable[int]],
    min_independent_origins: int = MIN_INDEPENDENT_ORIGINS,
    as_of: date | None = None,
) -> OriginCount:
    """Decide which items count, group them into origins, and derive the outcome.

    ``citations`` maps an article id to the ids it cites; pass at least the
    articles upstream of the items and the claim's article. Each item's own
    citations are treated as its article's, so an article that cites an
    evidence article inherits what that evidence cites. With ``as_of``,
    items observed after that day are left out, as if not yet linked.
    """
    if min_independent_origins < 1:
        raise ValueError("min_independent_origins must be at least 1")
    items = tuple(item for item in items if as_of is None or item.observed_on <= as_of)
    if len({item.id for item in items}) != len(items):
        raise ValueError("evidence item ids must be unique")
    graph = _citation_graph(items=items, citations=citations)
    decisions = _judge(
        items=items, claim_article=claim_article, claim_sources=claim_sources, graph=graph
    )
    counting = [item for item, decision in zip(items, decisions, strict=True) if decision.counts]
    supporting = [item for item in counting if item.relation in Relation.SUPPORTING]
    contradicting = [item for item in counting if item.relation == Relation.CONTRADICTS]
    origins = group_origins(items=supporting, citations=graph)
    awaiting = [
        decision.code
        for item, decision in zip(items, decisions, strict=True)
        if item.relation in Relation.SETTLING
    ]
    return OriginCount(
        independent_origins=len(origins),
        items=len(supporting),
        contradicting_origins=len(group_origins(items=contradicting, citations=graph)),
        not_established=awaiting.count(Reason.NOT_ESTABLISHED),
        likely_copies=awaiting.count(Reason.LIKELY_COPY),
        outcome=outcome_with_origins(
            relations=[item.relation for item in counting],
            supporting_origins=len(origins),
            min_independent_origins=min_independent_origins,
        ),
        min_independent_origins=min_independent_origins,
        supported_on=_first_day(
            items=counting,
            graph=graph,
            reached=lambda outcome, support: support >= min_independent_origins,
            min_independent_origins=min_independent_origins,
        ),
        settled_on=_first_day(
            items=counting,
            graph=graph,
            reached=lambda outcome, support: outcome != Outcome.PENDING,
            min_independent_origins=min_independent_origins,
        ),
        origins=tuple(origins),
        decisions=decisions,
    )


def outcome_with_origins(
    *, relations: Iterable[str], supporting_origins: int, min_independent_origins: int
) -> str:
    """Return the derived outcome when support needs a minimum of independent origins.

    Below the minimum, supporting items are set aside as if absent: the claim
    stays pending, or is contradicted if an independent contradiction counts.
    Support that is not enough to corroborate is not enough to dispute a
    contradiction either, just as a partial corroboration cannot. At or above
    the minimum ``rules.derive_outcome`` decides, so with a minimum of 1 the
    rule is exactly the one the ledger always had. A contradiction needs one
    independent origin: the minimum exists to stop copies inflating support.
    """
    present = set(relations)
    if supporting_origins < min_independent_origins:
        present -= set(Relation.SUPPORTING)
    return derive_outcome(present)


def group_origins(
    *, items: Sequence[EvidenceItem], citations: Mapping[int, Iterable[int]]
) -> list[Origin]:
    """Group items into independent origins: connected by source, network or lineage.

    A source's network, when it has one, stands for all its members. An
    article's lineage is the article and everything that cites it,
    transitively: two items are one origin when one's article is upstream of
    the other or both draw on a common upstream article. An item with no
    source, network, article or citation is an origin of its own.
    """
    if not items:
        return []
    nodes: dict[tuple[str, int], int] = {}
    rows: list[int] = []
    cols: list[int] = []

    def node(key: tuple[str, int]) -> int:
        return nodes.setdefault(key, len(nodes))

    upstream_of: dict[int, set[int]] = {}
    for item in items:
        here = node(("item", item.id))
        keys: list[tuple[str, int]] = []
        if item.network_id is not None:
            keys.append(("network", item.network_id))
        if item.source_id is not None:
            keys.append(("source", item.source_id))
        upstream_of[item.id] = _upstream(item=item, citations=citations)
        keys.extend(("article", article) for article in upstream_of[item.id])
        for key in keys:
            rows.append(here)
            cols.append(node(key))
    size = len(nodes)
    adjacency = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(size, size))
    _, labels = connected_components(adjacency, directed=False)

    groups: dict[int, list[EvidenceItem]] = {}
    for item in items:
        groups.setdefault(int(labels[nodes[("item", item.id)]]), []).append(item)
    origins = [
        Origin(
            item_ids=tuple(sorted(item.id for item in members)),
            source_ids=tuple(sorted({m.source_id for m in members if m.source_id is not None})),
            network_ids=tuple(sorted({m.network_id for m in members if m.network_id is not None})),
            article_ids=tuple(sorted(set().union(*(upstream_of[m.id] for m in members)))),
        )
        for members in groups.values()
    ]
    return sorted(origins, key=lambda origin: origin.item_ids)


def first_settled_on(
    *, settling_observed_on: Iterable[date], as_of: date | None = None
) -> date | None:
    """Return the first day settling evidence was observed, ignoring days after ``as_of``."""
    days = [day for day in settling_observed_on if as_of is None or day <= as_of]
    return min(days, default=None)


def is_already_public(
    *, published_on: date, settling_observed_on: Iterable[date], as_of: date | None = None
) -> bool:
    """Say whether the evidence that settles the claim was out before the claim was.

    Such a claim scores its source for repeating what was known, so it stays in
    the claim count but not in the rate. Evidence observed on the day of
    publication does not make a claim already public: dates carry no hour, and
    the benefit of the doubt goes to the source.
    """
    first = first_settled_on(settling_observed_on=settling_observed_on, as_of=as_of)
    return first is not None and first < published_on


def is_expired(*, check_by: date, settling_observed_on: Iterable[date], as_of: date) -> bool:
    """Say whether the claim is past its check-by date with nothing settling it as of the day.

    Claims nobody could check would otherwise vanish from the rate and flatter
    sources whose claims are hard to check; expired claims are counted beside
    pending ones. The check-by day itself is not yet past.
    """
    if as_of <= check_by:
        return False
    return first_settled_on(settling_observed_on=settling_observed_on, as_of=as_of) is None


def check_by_default(*, published_on: date, months: int = CHECK_BY_MONTHS) -> date:
    """Return publication plus ``months`` calendar months, clamped to the month's end.

    31 August plus 6 months is 28 February (29 in a leap year), never a day
    in March, so a deadline never runs past the month it was meant to end in.
    """
    if months < 0:
        raise ValueError("months must not be negative")
    index = published_on.month - 1 + months
    year, month = published_on.year + index // 12, index % 12 + 1
    return date(year, month, min(published_on.day, calendar.monthrange(year, month)[1]))


def _judge(
    *,
    items: Sequence[EvidenceItem],
    claim_article: int,
    claim_sources: Sequence[ClaimSource],
    graph: Mapping[int, Iterable[int]],
) -> tuple[Decision, ...]:
    """Judge each item on its own, then pass each article's doubts on to what draws on it.

    An article that carries the claim's own source, a copy, or an unknown
    relay passes that on to every item whose article is it or cites it,
    directly or through a chain: lineage, not the item, is the unit of
    independence. A dependence, the item's own or inherited, outranks an
    awaiting review; the nearest article decides between inherited ones.
    """
    own = [
        _own_decision(
            item=item, claim_article=claim_article, claim_sources=claim_sources, graph=graph
        )
        for item in items
    ]
    taints: dict[int, list[tuple[int, str, str]]] = {}
    for item, decision in zip(items, own, strict=True):
        if item.article_id is not None and (
            message := _passed_on(item=item, decision=decision, claim_sources=claim_sources)
        ):
            taints.setdefault(item.article_id, []).append((item.id, decision.code, message))
    final = []
    for item, decision in zip(items, own, strict=True):
        if decision.standing == Standing.DEPENDENT:
            final.append(decision)
            continue
        reach = _distances(item=item, citations=graph)
        inherited = sorted(
            (reach[article], _PRECEDENCE.index(code), article, code, message)
            for article in reach
            for source_item, code, message in taints.get(article, ())
            if source_item != item.id
        )
        dependent = [row for row in inherited if Reason.STANDING[row[3]] == Standing.DEPENDENT]
        if dependent:
            final.append(Decision(item.id, dependent[0][3], dependent[0][4]))
        elif decision.standing == Standing.AWAITING:
            final.append(decision)
        elif inherited:
            final.append(Decision(item.id, inherited[0][3], inherited[0][4]))
        else:
            final.append(decision)
    return tuple(final)


_PRECEDENCE = (
    Reason.SAME_SOURCE,
    Reason.SAME_NETWORK,
    Reason.COPY,
    Reason.LIKELY_COPY,
    Reason.NOT_ESTABLISHED,
)


def _own_decision(
    *,
    item: EvidenceItem,
    claim_article: int,
    claim_sources: Sequence[ClaimSource],
    graph: Mapping[int, Iterable[int]],
) -> Decision:
    dependence = find_dependence(
        claim_article=claim_article,
        claim_sources=[source.id for source in claim_sources],
        evidence_source=item.source_id,
        evidence_article=item.article_id,
        evidence_cites=item.cites,
        citations=graph,
    )
    if dependence is not None:
        return Decision(item.id, dependence.code, dependence.message, dependence.chain)
    if (peer := _network_peer(item=item, claim_sources=claim_sources)) is not None:
        return Decision(item.id, Reason.SAME_NETWORK, f"Same network as {_named(peer)}.")
    if item.ruled_copy:
        return Decision(item.id, Reason.COPY, f"Ruled a copy of article {item.copy_of}.")
    if item.awaiting_ruling:
        message = f"Likely copy of article {item.copy_of}, awaiting a ruling."
        return Decision(item.id, Reason.LIKELY_COPY, message)
    if item.relay_unknown:
        message = (
            "Relayed from an unknown upstream: independence not established "
            "until a fact-checker confirms it."
        )
        return Decision(item.id, Reason.NOT_ESTABLISHED, message)
    if item.copy_of is not None:
        message = f"Independent: ruled not a copy of article {item.copy_of}."
    elif item.basis == Basis.RELAYED and item.relay_confirmed:
        message = "Independent: a fact-checker confirmed the relay's independence."
    else:
        message = "Independent."
    return Decision(item.id, Reason.INDEPENDENT, message)


def _passed_on(
    *, item: EvidenceItem, decision: Decision, claim_sources: Sequence[ClaimSource]
) -> str | None:
    """Return what the item's article passes on to whatever draws on it, if anything."""
    article = item.article_id
    if decision.code == Reason.SAME_SOURCE:
        source = next(source for source in claim_sources if source.id == item.source_id)
        return (
            f"It draws on article {article}, which carries evidence from "
            f"{source.codename}, a source the claim rests on."
        )
    if decision.code == Reason.SAME_NETWORK:
        peer = _network_peer(item=item, claim_sources=claim_sources)
        return (
            f"It draws on article {article}, which carries evidence from "
            f"the same network as {_named(peer)}."
            if peer is not None
            else None
        )
    if decision.code == Reason.COPY:
        return f"It draws on article {article}, ruled a copy of article {item.copy_of}."
    if decision.code == Reason.LIKELY_COPY:
        return (
            f"It draws on article {article}, a likely copy of article {item.copy_of} "
            "awaiting a ruling."
        )
    if decision.code == Reason.NOT_ESTABLISHED:
        return f"It draws on article {article}, whose independence is not established."
    return None


def _network_peer(
    *, item: EvidenceItem, claim_sources: Sequence[ClaimSource]
) -> ClaimSource | None:
    if item.network_id is None:
        return None
    return next((source for source in claim_sources if source.network_id == item.network_id), None)


def _named(source: ClaimSource) -> str:
    return f"{source.codename} ({source.network_name})" if source.network_name else source.codename


def _citation_graph(
    *, items: Sequence[EvidenceItem], citations: Mapping[int, Iterable[int]]
) -> dict[int, tuple[int, ...]]:
    graph = {article: set(cited) for article, cited in citations.items()}
    for item in items:
        if item.article_id is not None and item.cites:
            graph.setdefault(item.article_id, set()).update(item.cites)
    return {article: tuple(sorted(cited)) for article, cited in graph.items()}


def _distances(*, item: EvidenceItem, citations: Mapping[int, Iterable[int]]) -> dict[int, int]:
    """Return every article the item draws on, with its distance in citations."""
    starts = ([item.article_id] if item.article_id is not None else []) + list(item.cites)
    distance = {start: 0 if start == item.article_id else 1 for start in starts}
    frontier = sorted(distance, key=distance.__getitem__)
    while frontier:
        next_frontier = []
        for article in frontier:
            for cited in citations.get(article, ()):
                if cited not in distance:
                    distance[cited] = distance[article] + 1
                    next_frontier.append(cited)
        frontier = next_frontier
    return distance


def _upstream(*, item: EvidenceItem, citations: Mapping[int, Iterable[int]]) -> set[int]:
    return set(_distances(item=item, citations=citations))


def _first_day(
    *,
    items: Sequence[EvidenceItem],
    graph: Mapping[int, Iterable[int]],
    reached: Callable[[str, int], bool],
    min_independent_origins: int,
) -> date | None:
    """Return the first observed day on which ``reached(outcome, support)`` held."""
    for day in sorted({item.observed_on for item in items}):
        known = [item for item in items if item.observed_on <= day]
        support = [item for item in known if item.relation in Relation.SUPPORTING]
        origins = len(group_origins(items=support, citations=graph))
        outcome = outcome_with_origins(
            relations=[item.relation for item in known],
            supporting_origins=origins,
            min_independent_origins=min_independent_origins,
        )
        if reached(outcome, origins):
            return day
    return None
