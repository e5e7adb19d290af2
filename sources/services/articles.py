"""Write outlets and articles, and the citations between articles.

A new citation can make existing evidence dependent on a claim, so citing
re-judges the links downstream in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q

from sources.models import (
    Article,
    Attribution,
    EvidenceLink,
    Outlet,
)
from sources.services.common import save_clean, stamp_actor
from sources.services.derived import claims_recompute


@transaction.atomic
def outlet_get_or_create(*, name: str, slug: str, homepage: str = "") -> Outlet:
    outlet, _ = Outlet.objects.get_or_create(
        slug=slug, defaults={"name": name, "homepage": homepage}
    )
    return outlet


@transaction.atomic
def article_create(
    *,
    outlet: Outlet,
    headline: str,
    published_on: datetime.date,
    byline: str = "",
    reporter=None,
    url: str = "",
    language: str = "en",
    body: str = "",
    cites: Iterable[Article] = (),
    external_id: str | None = None,
    actor=None,
) -> Article:
    article = save_clean(
        Article(
            outlet=outlet,
            headline=headline,
            published_on=published_on,
            byline=byline,
            reporter=reporter,
            url=url,
            language=language,
            body=body,
            external_id=external_id,
        ),
        actor,
    )
    cites = list(cites)
    if cites:
        article_cite(article=article, cited=cites, actor=actor)
    return article


@transaction.atomic
def article_cite(*, article: Article, cited: Iterable[Article], actor=None) -> None:
    """Record that ``article`` relies on ``cited``, and re-judge affected links.

    A new citation can make existing evidence dependent on a claim, so every
    claim linked to evidence downstream of ``article`` is recomputed.
    """
    cited = [c for c in cited if c.pk != article.pk]
    if not cited:
        return
    stamp_actor(article, actor)
    article.cites.add(*cited)
    claim_ids = _claims_downstream_of(article.pk)
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def article_refresh(*, article: Article, actor=None) -> None:
    """Re-derive what an edited article can move, after an edit outside the services.

    Its publication date sets its own claims' days to corroboration and the
    year their sources' records count them under; its citations can make
    evidence on claims downstream dependent.
    """
    own = set(article.claims.values_list("pk", flat=True))
    sources = Attribution.objects.filter(claim_id__in=own).values_list("source_id", flat=True)
    claims_recompute(
        claim_ids=own | _claims_downstream_of(article.pk), also_sources=sources, actor=actor
    )


def _claims_downstream_of(article_id: int) -> set[int]:
    """Return ids of claims linked to evidence whose citations reach ``article_id``."""
    reaching = {article_id}
    frontier = {article_id}
    Through = Article.cites.through
    while frontier:
        citing = set(
            Through.objects.filter(to_article_id__in=frontier).values_list(
                "from_article_id", flat=True
            )
        )
        frontier = citing - reaching
        reaching |= frontier
    return set(
        EvidenceLink.objects.filter(
            Q(evidence__article_id__in=reaching) | Q(evidence__cites__in=reaching)
        ).values_list("claim_id", flat=True)
    )
