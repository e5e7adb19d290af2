"""The one engine for derived data: link independence, claim outcomes and rollups.

Only these functions write a claim's derived columns and a source's rollup,
in the transaction of the change that moves them; ``verify_rollups``
checks them against a full recomputation.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.conf import settings

from sources.domain import reliability
from sources.domain.rules import (
    LinkFacts,
    claim_figures,
    find_dependence,
)
from sources.models import (
    LINK_TOTALS,
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
    SourceRollup,
)
from sources.selectors.rollups import ROLLUP_COUNTS, rollup_counts
from sources.services.common import stamp_actor

# The claim columns only ``claims_recompute`` writes; verify_rollups compares them.
CLAIM_DERIVED_FIELDS = list(Claim.DERIVED_FIELDS)


def claims_recompute(
    *, claim_ids: Iterable[int], also_sources: Iterable[int] = (), actor=None
) -> None:
    """Re-judge link independence and outcomes for claims, then their rollups.

    The queries do not depend on how many links a claim has: links, evidence
    citations and the citation graph are each loaded in one go.
    """
    claim_ids = list(set(claim_ids))
    claims = {c.pk: c for c in Claim.objects.select_related("article").filter(pk__in=claim_ids)}
    if not claims:
        rollups_refresh(source_ids=also_sources)
        return
    claim_sources: dict[int, set[int]] = {pk: set() for pk in claims}
    for claim_id, source_id in Attribution.objects.filter(claim_id__in=claims).values_list(
        "claim_id", "source_id"
    ):
        claim_sources[claim_id].add(source_id)
    links = list(EvidenceLink.objects.filter(claim_id__in=claims).select_related("evidence"))
    evidence_cites: dict[int, list[int]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.filter(
        evidence_id__in={link.evidence_id for link in links}
    ).values_list("evidence_id", "article_id"):
        evidence_cites.setdefault(evidence_id, []).append(article_id)
    citations = _citation_graph(
        {link.evidence.article_id for link in links if link.evidence.article_id}
        | {a for cited in evidence_cites.values() for a in cited}
    )

    changed_links = []
    by_claim: dict[int, list[EvidenceLink]] = {pk: [] for pk in claims}
    for link in links:
        claim = claims[link.claim_id]
        dependence = find_dependence(
            claim_article=claim.article_id,
            claim_sources=claim_sources[claim.pk],
            evidence_source=link.evidence.source_id,
            evidence_article=link.evidence.article_id,
            evidence_cites=evidence_cites.get(link.evidence_id, ()),
            citations=citations,
        )
        independent = dependence is None
        reason = "" if independent else dependence.message
        if link.is_independent != independent or link.dependence_reason != reason:
            link.is_independent, link.dependence_reason = independent, reason
            changed_links.append(link)
        by_claim[claim.pk].append(link)
    for link in changed_links:
        stamp_actor(link, actor).save(update_fields=["is_independent", "dependence_reason"])

    touched_sources = set(also_sources)
    for claim in claims.values():
        if _claim_apply_links(claim, by_claim[claim.pk]):
            stamp_actor(claim, actor).save(update_fields=CLAIM_DERIVED_FIELDS)
            touched_sources |= claim_sources[claim.pk]
    rollups_refresh(source_ids=touched_sources)


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


def _claim_apply_links(claim: Claim, links: Sequence[EvidenceLink]) -> bool:
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
    )
    values = vars(figures)
    changed = any(getattr(claim, name) != value for name, value in values.items())
    for name, value in values.items():
        setattr(claim, name, value)
    return changed


def rollup_from_counts(*, source_id: int, counts: dict) -> SourceRollup:
    """Build the rollup row, with its figures, from one source's ``rollup_counts`` entry."""
    figures = reliability.figures_from_counts(
        counts, claims=counts.get("claims", 0), config=settings.RELIABILITY
    )
    return SourceRollup(
        source_id=source_id,
        claims=counts.get("claims", 0),
        resolved=figures.resolved,
        confirmation_rate=figures.confirmation_rate,
        interval_low=figures.interval_low,
        interval_high=figures.interval_high,
        letter=figures.letter,
        median_days=reliability.median_of_counts(counts.get("days", {})),
        by_year=counts.get("by_year", {}),
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
]


def rollups_refresh(*, source_ids: Iterable[int] | None) -> int:
    """Recompute the rollups of the given sources (all when None) from their claims.

    Call inside the transaction that changed what a source's record shows (an
    outcome, a link, a day to corroboration, a publication year); the upsert keeps it to
    two queries per call (``rollup_counts``, then the upsert), however many
    sources are touched.
    """
    if source_ids is not None:
        source_ids = list(set(source_ids))
        if not source_ids:
            return 0
        ids = source_ids
    else:
        ids = list(Source.objects.values_list("pk", flat=True))
    counts = rollup_counts(source_ids=source_ids)
    rollups = [rollup_from_counts(source_id=pk, counts=counts.get(pk, {})) for pk in ids]
    SourceRollup.objects.bulk_create(
        rollups,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["source"],
        update_fields=ROLLUP_FIELDS,
    )
    return len(rollups)
