"""The chain of articles that makes a link dependent, for the claim page to show as links."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sources.domain.rules import find_dependence
from sources.models import Article, Attribution, Claim, Evidence, EvidenceLink
from sources.selectors.scope import articles_for

if TYPE_CHECKING:
    from sources.permissions import Viewer


def citation_graph(starts: Iterable[int]) -> dict[int, list[int]]:
    """Return the article → cited articles edges reachable from ``starts``, one query per hop."""
    graph: dict[int, list[int]] = {}
    frontier = set(starts)
    seen = set(frontier)
    through = Article.cites.through
    while frontier:
        for source, target in through.objects.filter(from_article_id__in=frontier).values_list(
            "from_article_id", "to_article_id"
        ):
            graph.setdefault(source, []).append(target)
        frontier = {t for targets in graph.values() for t in targets} - seen
        seen |= frontier
    return graph


def dependence_chains(*, viewer: Viewer, links: Iterable[EvidenceLink]) -> dict[int, list[Article]]:
    """Return {link id: the articles, evidence side first, through which it cites the claim}.

    Only links that do not count because of a chain of citations have one;
    the rule is ``rules.find_dependence``, asked again here with what is on
    file now (the stored reason is the sentence, not the chain). Articles the
    viewer may not open are left out of a chain.
    """
    links = [link for link in links if not link.is_independent]
    if not links:
        return {}
    evidence_ids = {link.evidence_id for link in links}
    claim_ids = {link.claim_id for link in links}
    cites: dict[int, list[int]] = {}
    for evidence_id, article_id in Evidence.cites.through.objects.filter(
        evidence_id__in=evidence_ids
    ).values_list("evidence_id", "article_id"):
        cites.setdefault(evidence_id, []).append(article_id)
    claim_articles = dict(Claim.objects.filter(pk__in=claim_ids).values_list("pk", "article_id"))
    sources: dict[int, set[int]] = {}
    for claim_id, source_id in Attribution.objects.filter(claim_id__in=claim_ids).values_list(
        "claim_id", "source_id"
    ):
        sources.setdefault(claim_id, set()).add(source_id)
    starts = {link.evidence.article_id for link in links if link.evidence.article_id}
    starts |= {a for cited in cites.values() for a in cited}
    graph = citation_graph(starts)
    chains: dict[int, tuple[int, ...]] = {}
    for link in links:
        dependence = find_dependence(
            claim_article=claim_articles.get(link.claim_id),
            claim_sources=sources.get(link.claim_id, ()),
            evidence_source=link.evidence.source_id,
            evidence_article=link.evidence.article_id,
            evidence_cites=cites.get(link.evidence_id, ()),
            citations=graph,
        )
        if dependence is not None and dependence.chain:
            chains[link.pk] = dependence.chain
    shown = (
        articles_for(viewer=viewer)
        .select_related("outlet")
        .in_bulk({a for chain in chains.values() for a in chain})
    )
    return {pk: [shown[a] for a in chain if a in shown] for pk, chain in chains.items()}
