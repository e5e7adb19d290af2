"""The one engine for derived data: link independence, claim outcomes and rollups.

Only these functions write a claim's derived columns and a source's rollup,
in the transaction of the change that moves them; ``verify_rollups``
checks them against a full recomputation.

Locks come in one order, so two writes never wait on each other in a circle:
evidence or an article first (the services that change them), then claims in
primary-key order, then rollups in source order. A claim is locked before
anything it is recomputed from is read, so two writes to one claim run one
after the other, the second seeing what the first wrote.

A rollup is the sum of its claims' contributions (``rules.Contribution``).
A write moves it by the new contributions of the claims it changed minus
their old ones, under the rollup's row lock, so a write to a source with
50,000 claims touches one rollup row instead of recounting its claims. A
full recount (``rollups_refresh``) remains for bulk loads, for
``verify_rollups --fix`` and for ``rollups_refresh(source_ids=None)``.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from sources import cache_versions
from sources.domain import reliability
from sources.domain.origins import ClaimSource, EvidenceItem, OriginCount, count_origins
from sources.domain.rules import (
    Contribution,
    LinkFacts,
    add_contribution,
    claim_figures,
    empty_counts,
)
from sources.domain.vocab import CopyRuling, Outcome
from sources.models import (
    LINK_TOTALS,
    Article,
    Attribution,
    Claim,
    CopyFlag,
    Evidence,
    EvidenceLink,
    Source,
    SourceRollup,
)
from sources.selectors.rollups import ROLLUP_COUNTS, rollup_counts
from sources.services.common import Actor, stamp_actor
from sources.services.pooling import POOLED_FIELDS, rollups_pool

# The claim columns only ``claims_recompute`` writes; verify_rollups compares them.
CLAIM_DERIVED_FIELDS = list(Claim.DERIVED_FIELDS)
# The link columns ``claims_recompute`` judges; verify_rollups compares them too.
LINK_DERIVED_FIELDS = ["is_independent", "dependence_reason", "independence"]


@dataclass(frozen=True)
class ClaimState:
    """What a claim adds to its sources' records, and which sources those are."""

    sources: frozenset[int]
    contribution: Contribution


# Claim id -> its state before a write; a claim created by the write has none.
Snapshot = dict[int, ClaimState]


def contribution_of(claim: Claim) -> Contribution:
    """Return what a claim, as stored, adds to each of its sources' rollups."""
    return Contribution(
        year=claim.article.published_on.year,
        outcome=claim.outcome,
        corroborating_links=claim.corroborating_links,
        contradicting_links=claim.contradicting_links,
        dependent_links=claim.dependent_links,
        days_to_corroboration=claim.days_to_corroboration,
        settled_before_publication=claim.settled_before_publication,
        check_by=claim.check_by if claim.outcome == Outcome.PENDING else None,
        independent_origins=claim.independent_origins,
    )


def claims_lock(*, claim_ids: Iterable[int], for_delete: bool = False) -> dict[int, Claim]:
    """Lock claims in primary-key order and return them, with their articles, as committed.

    Waiting for the lock means reading what the write that held it committed.
    ``for_delete`` takes the stronger lock a deletion needs. SQLite serialises
    writers, so there the lock is a no-op.
    """
    ids = sorted(set(claim_ids))
    if not ids:
        return {}
    rows = (
        Claim.objects.select_related("article")
        .filter(pk__in=ids)
        .order_by("pk")
        .select_for_update(of=("self",), no_key=not for_delete)
    )
    return {claim.pk: claim for claim in rows}


def claims_snapshot(*, claim_ids: Iterable[int], for_delete: bool = False) -> Snapshot:
    """Lock claims and return what each adds to which sources, before a write changes it.

    Take it before changing anything a contribution depends on that is not a
    claim column: the claim's sources (attributions) or its article's date.
    """
    claims = claims_lock(claim_ids=claim_ids, for_delete=for_delete)
    sources = _sources_of(claims)
    return {
        pk: ClaimState(frozenset(sources[pk]), contribution_of(claim))
        for pk, claim in claims.items()
    }


def _sources_of(claims: Mapping[int, Claim]) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {pk: set() for pk in claims}
    for claim_id, source_id in Attribution.objects.filter(claim_id__in=list(claims)).values_list(
        "claim_id", "source_id"
    ):
        found[claim_id].add(source_id)
    return found


@transaction.atomic
def claims_recompute(
    *,
    claim_ids: Iterable[int],
    also_sources: Iterable[int] = (),
    actor: Actor = None,
    before: Snapshot | None = None,
) -> None:
    """Re-judge link independence and outcomes for claims, then move their rollups.

    ``before`` is the snapshot taken before a write that changed a claim's
    sources or its article's date; without it the claims are locked and
    their stored columns taken as the old state. Claims that no longer exist
    leave their sources' records. ``also_sources`` are recounted in full.
    Each claim's links are judged and grouped into independent origins by
    ``origins.count_origins``, from its sources' networks, the evidence's
    sources, networks, articles, citations and basis, relay confirmations
    and copy flags with their rulings; ``settings.MIN_INDEPENDENT_ORIGINS``
    sets how many supporting origins its support needs. The queries do not
    depend on how many links a claim has: links, evidence citations, the
    citation graph, networks and copy flags are each loaded in one go.
    """
    ids = set(claim_ids) | set(before or ())
    claims = claims_lock(claim_ids=ids)
    sources_on = _claim_sources_of(claims)
    claim_sources = {pk: {source.id for source in found} for pk, found in sources_on.items()}
    if before is None:
        before = {
            pk: ClaimState(frozenset(claim_sources[pk]), contribution_of(claim))
            for pk, claim in claims.items()
        }
    links = list(EvidenceLink.objects.filter(claim_id__in=list(claims)).select_related("evidence"))
    evidence_cites: dict[int, list[int]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.filter(
        evidence_id__in={link.evidence_id for link in links}
    ).values_list("evidence_id", "article_id"):
        evidence_cites.setdefault(evidence_id, []).append(article_id)
    citations = _citation_graph(
        {link.evidence.article_id for link in links if link.evidence.article_id}
        | {a for cited in evidence_cites.values() for a in cited}
        | {claim.article_id for claim in claims.values()}
    )
    networks = dict(
        Source.objects.filter(
            pk__in={link.evidence.source_id for link in links if link.evidence.source_id},
            network__isnull=False,
        ).values_list("pk", "network_id")
    )
    flags = _copy_flags_of(links)

    by_claim: dict[int, list[EvidenceLink]] = {pk: [] for pk in claims}
    for link in links:
        by_claim[link.claim_id].append(link)
    minimum = getattr(settings, "MIN_INDEPENDENT_ORIGINS", 1)
    changed_links = []
    counts: dict[int, OriginCount] = {}
    for claim in claims.values():
        items = []
        for link in by_claim[claim.pk]:
            evidence = link.evidence
            copy_of, ruling = _copy_standing(flags, link)
            items.append(
                EvidenceItem(
                    id=link.pk,
                    relation=link.relation,
                    observed_on=evidence.observed_on,
                    source_id=evidence.source_id,
                    network_id=networks.get(evidence.source_id),
                    article_id=evidence.article_id,
                    cites=tuple(evidence_cites.get(evidence.pk, ())),
                    basis=evidence.basis,
                    relay_confirmed=link.relay_confirmed_at is not None,
                    copy_of=copy_of,
                    copy_ruling=ruling,
                )
            )
        count = count_origins(
            claim_article=claim.article_id,
            claim_sources=sources_on[claim.pk],
            items=items,
            citations=citations,
            min_independent_origins=minimum,
        )
        counts[claim.pk] = count
        decisions = {decision.item_id: decision for decision in count.decisions}
        for link in by_claim[claim.pk]:
            decision = decisions[link.pk]
            judged = (decision.counts, "" if decision.counts else decision.message, decision.code)
            if (link.is_independent, link.dependence_reason, link.independence) != judged:
                link.is_independent, link.dependence_reason, link.independence = judged
                changed_links.append(link)
    for link in changed_links:
        stamp_actor(link, actor).save(update_fields=LINK_DERIVED_FIELDS)

    after: Snapshot = {}
    for claim in claims.values():
        if _claim_apply_links(claim, by_claim[claim.pk], counts[claim.pk]):
            stamp_actor(claim, actor).save(update_fields=CLAIM_DERIVED_FIELDS)
        after[claim.pk] = ClaimState(frozenset(claim_sources[claim.pk]), contribution_of(claim))
    rollups_move(before=before, after=after)
    also_sources = set(also_sources)
    if also_sources:
        rollups_refresh(source_ids=also_sources)


def _claim_sources_of(claims: Mapping[int, Claim]) -> dict[int, list[ClaimSource]]:
    """Return each claim's sources with their networks, by codename: what origins are judged by."""
    found: dict[int, list[ClaimSource]] = {pk: [] for pk in claims}
    rows = (
        Attribution.objects.filter(claim_id__in=list(claims))
        .order_by("id")
        .values_list(
            "claim_id",
            "source_id",
            "source__codename",
            "source__network_id",
            "source__network__name",
        )
    )
    for claim_id, source_id, codename, network_id, network_name in rows:
        found[claim_id].append(
            ClaimSource(
                id=source_id,
                codename=codename,
                network_id=network_id,
                network_name=network_name or "",
            )
        )
    return found


def _copy_flags_of(links: Sequence[EvidenceLink]) -> dict[tuple[str, int], list[tuple]]:
    """Return the copy flags on the links and on their evidence's articles, in one query.

    Keyed ("link", id) or ("article", id); each entry is (copy_of, ruling, score).
    """
    if not links:
        return {}
    articles = {link.evidence.article_id for link in links if link.evidence.article_id}
    found: dict[tuple[str, int], list[tuple]] = {}
    rows = CopyFlag.objects.filter(
        Q(link_id__in=[link.pk for link in links]) | Q(article_id__in=articles)
    ).values_list("link_id", "article_id", "copy_of_id", "ruling", "score")
    for link_id, article_id, copy_of, ruling, score in rows:
        key = ("link", link_id) if link_id is not None else ("article", article_id)
        found.setdefault(key, []).append((copy_of, ruling or None, score))
    return found


def _copy_standing(
    flags: Mapping[tuple[str, int], list[tuple]], link: EvidenceLink
) -> tuple[int | None, str | None]:
    """Return (copy_of, ruling) for a link: its own flags and its evidence's article's.

    A ruled copy speaks first, then a flag awaiting a ruling, then one ruled
    not a copy; among equals the most similar. No flag gives (None, None).
    """
    candidates = list(flags.get(("link", link.pk), ()))
    if link.evidence.article_id is not None:
        candidates += flags.get(("article", link.evidence.article_id), ())
    if not candidates:
        return None, None
    rank = {CopyRuling.COPY: 0, None: 1, CopyRuling.NOT_COPY: 2}
    copy_of, ruling, _ = min(candidates, key=lambda flag: (rank[flag[1]], -flag[2], flag[0]))
    return copy_of, ruling


def _citation_graph(starts: set[int]) -> dict[int, list[int]]:
    """Return the article citation edges reachable from ``starts``, one query per hop."""
    graph: dict[int, list[int]] = {}
    frontier = set(starts)
    seen = set(starts)
    Through = Article.cites.through
    while frontier:
        next_frontier = set()
        for source_id, target_id in Through.objects.filter(
            from_article_id__in=frontier
        ).values_list("from_article_id", "to_article_id"):
            graph.setdefault(source_id, []).append(target_id)
            if target_id not in seen:
                seen.add(target_id)
                next_frontier.add(target_id)
        frontier = next_frontier
    return graph


def _claim_apply_links(claim: Claim, links: Sequence[EvidenceLink], origins: OriginCount) -> bool:
    """Set a claim's derived columns from its judged links; return whether any changed."""
    figures = claim_figures(
        links=[
            LinkFacts(
                relation=link.relation,
                independent=link.is_independent,
                observed_on=link.evidence.observed_on,
            )
            for link in links
        ],
        published_on=claim.article.published_on,
        verdict=claim.verdict or None,
        origins=origins,
    )
    values = vars(figures)
    changed = any(getattr(claim, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(claim, name, value)
    return changed


# Rollup deltas --------------------------------------------------------------------------

# Deltas waiting to be applied by the innermost ``rollups_batched`` block, per source.
_pending: contextvars.ContextVar[dict[int, Counter] | None] = contextvars.ContextVar(
    "rollup_deltas", default=None
)


def rollups_move(*, before: Snapshot, after: Snapshot) -> None:
    """Move each source's rollup by its claims' new contributions minus their old ones."""
    # Cached cards and claim lists go stale with this write; typing suggestions
    # (busiest sources) only when a claim joined or left a source.
    joined_or_left = {pk: s.sources for pk, s in before.items()} != {
        pk: s.sources for pk, s in after.items()
    }
    cache_versions.bump(
        cache_versions.ROLLUPS,
        cache_versions.CLAIMS,
        *([cache_versions.SUGGESTIONS] if joined_or_left else []),
    )
    deltas: dict[int, Counter] = {}
    for state, sign in [(s, -1) for s in before.values()] + [(s, 1) for s in after.values()]:
        for source_id in state.sources:
            deltas.setdefault(source_id, Counter())[state.contribution] += sign
    pending = _pending.get()
    if pending is None:
        _rollups_apply(deltas)
        return
    for source_id, delta in deltas.items():
        pending.setdefault(source_id, Counter()).update(delta)


@contextlib.contextmanager
def rollups_batched() -> Iterator[None]:
    """Apply the rollup deltas of every write inside at the end, once per source, in order.

    A write of several claims (a story, an admin form, a bulk delete) then
    locks each rollup once, and always in source order, so two such writes
    cannot deadlock on each other's rollups. Use inside the write's
    transaction; an exception discards the deltas with the rest of it.
    """
    if _pending.get() is not None:
        yield
        return
    with transaction.atomic():
        token = _pending.set({})
        try:
            yield
            pending = _pending.get()
        finally:
            _pending.reset(token)
        _rollups_apply(pending)


def _rollups_apply(deltas: Mapping[int, Counter]) -> None:
    """Add deltas to rollups under their row locks; recount any that cannot take them."""
    deltas = {
        source_id: {c: n for c, n in delta.items() if n}
        for source_id, delta in deltas.items()
        if any(delta.values())
    }
    if not deltas:
        return
    ids = sorted(deltas)
    rollups = {
        rollup.source_id: rollup
        for rollup in SourceRollup.objects.filter(source_id__in=ids)
        .order_by("source_id")
        .select_for_update(no_key=True)
    }
    moved, recount = [], [pk for pk in ids if pk not in rollups]
    for source_id, rollup in rollups.items():
        counts = counts_of_rollup(rollup)
        try:
            for contribution, times in deltas[source_id].items():
                add_contribution(counts, contribution, times=times)
        except ValueError:
            # The row disagrees with its claims (written around the services): recount it.
            recount.append(source_id)
            continue
        fresh = rollup_from_counts(source_id=source_id, counts=counts)
        for name in ROLLUP_FIELDS:
            setattr(rollup, name, getattr(fresh, name))
        moved.append(rollup)
    # Pooled estimates (issue 14): pool the moved rows toward their groups' stored priors.
    rollups_pool(rollups=moved)
    if len(moved) == 1:
        moved[0].save(update_fields=ROLLUP_FIELDS)
    elif moved:
        SourceRollup.objects.bulk_update(moved, ROLLUP_FIELDS, batch_size=500)
    if recount:
        rollups_refresh(source_ids=recount)


def counts_of_rollup(rollup: SourceRollup) -> dict:
    """Return a stored rollup as the counts ``rollup_from_counts`` builds rows from."""
    counts = empty_counts()
    counts["claims"] = rollup.claims
    for name in (*ROLLUP_COUNTS, *LINK_TOTALS, "settled_before_publication"):
        counts[name] = getattr(rollup, name)
    counts["by_year"] = {year: dict(outcomes) for year, outcomes in rollup.by_year.items()}
    counts["days"] = {int(days): n for days, n in rollup.days_histogram.items()}
    counts["deadlines"] = dict(rollup.pending_deadlines)
    counts["origins"] = {int(origins): n for origins, n in rollup.origins_histogram.items()}
    return counts


def rollup_from_counts(*, source_id: int, counts: dict) -> SourceRollup:
    """Build the rollup row, with its figures, from one source's ``rollup_counts`` entry."""
    figures = reliability.figures_from_counts(
        counts, claims=counts.get("claims", 0), config=settings.RELIABILITY
    )
    days = counts.get("days", {})
    return SourceRollup(
        source_id=source_id,
        claims=counts.get("claims", 0),
        resolved=figures.resolved,
        confirmation_rate=figures.confirmation_rate,
        interval_low=figures.interval_low,
        interval_high=figures.interval_high,
        letter=figures.letter,
        median_days=reliability.median_of_counts(days),
        by_year=counts.get("by_year", {}),
        days_histogram={str(value): days[value] for value in sorted(days)},
        settled_before_publication=counts.get("settled_before_publication", 0),
        pending_deadlines=dict(sorted(counts.get("deadlines", {}).items())),
        origins_histogram={str(value): n for value, n in sorted(counts.get("origins", {}).items())},
        **{name: counts.get(name, 0) for name in (*ROLLUP_COUNTS, *LINK_TOTALS)},
    )


ROLLUP_FIELDS = [
    "claims",
    *ROLLUP_COUNTS,
    "resolved",
    "confirmation_rate",
    "interval_low",
    "interval_high",
    "letter",
    "median_days",
    *LINK_TOTALS,
    "by_year",
    "settled_before_publication",
    "days_histogram",
    "pending_deadlines",
    "origins_histogram",
    # Pooled estimates (issue 14), written by ``services.pooling.rollups_pool``.
    *POOLED_FIELDS,
]


@transaction.atomic
def rollups_refresh(*, source_ids: Iterable[int] | None) -> int:
    """Recount the rollups of the given sources (all when None) from their claims.

    For bulk loads and repairs; a write to a few claims moves rollups by
    deltas instead (``claims_recompute``). The rollup rows are locked first, so
    the count sees every write committed before it and none can land between
    the count and the upsert; then one grouped count and one upsert, however
    many sources are touched.
    """
    if source_ids is not None:
        source_ids = sorted(set(source_ids))
        if not source_ids:
            return 0
        ids = source_ids
    else:
        ids = list(Source.objects.order_by("pk").values_list("pk", flat=True))
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.CLAIMS, cache_versions.SUGGESTIONS)
    locked = SourceRollup.objects.order_by("source_id").select_for_update(no_key=True)
    if source_ids is not None:
        locked = locked.filter(source_id__in=source_ids)
    list(locked.values_list("source_id", flat=True))
    pending = _pending.get()
    if pending is not None:
        # The count already includes what the batch's writes did to these sources.
        for pk in ids:
            pending.pop(pk, None)
    counts = rollup_counts(source_ids=source_ids)
    rollups = [rollup_from_counts(source_id=pk, counts=counts.get(pk, {})) for pk in ids]
    # Pooled estimates (issue 14): pool the recounted rows toward their groups' stored priors.
    rollups_pool(rollups=rollups)
    SourceRollup.objects.bulk_create(
        rollups,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["source"],
        update_fields=ROLLUP_FIELDS,
    )
    return len(rollups)
