"""Write outlets and articles, and the citations between articles.

A new or removed citation can change whether existing evidence depends on a
claim, so citing re-judges the links downstream in the same transaction. An
article's date sets its claims' days to corroboration and the year their
sources' records count them under, so changing it re-derives its claims.
An article written with a body is signed and checked for likely copies
(``services.copies``), and the claims the flags move are re-judged.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from simple_history.utils import bulk_create_with_history

from sources.models import (
    Article,
    Attribution,
    EvidenceLink,
    Outlet,
)
from sources.services.common import Actor, model_update, save_clean, stamp_actor
from sources.services.copies import copies_apply, copies_plan_articles
from sources.services.derived import (
    claims_lock,
    claims_recompute,
    claims_snapshot,
    rollups_refresh,
)
from sources.services.errors import Conflict

# What ``article_update`` may change; citations go through article_cite and article_uncite.
ARTICLE_FIELDS = (
    "outlet",
    "headline",
    "byline",
    "reporter",
    "published_on",
    "url",
    "language",
    "body",
    "external_id",
)


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
    reporter: Actor = None,
    url: str = "",
    language: str = "en",
    body: str = "",
    cites: Iterable[Article] = (),
    external_id: str | None = None,
    actor: Actor = None,
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
    if body.strip():
        _copies_check(articles=[article], bodies={article.pk: body}, actor=actor)
    return article


def _copies_check(*, articles: Sequence[Article], bodies: dict[int, str], actor: Actor) -> None:
    """Sign new bodies and flag likely copies; re-judge the claims the flags move."""
    plan = copies_plan_articles(articles=articles, bodies=bodies)
    claims_lock(claim_ids=plan.claims)
    copies_apply(plan=plan, actor=actor)
    if plan.claims:
        claims_recompute(claim_ids=plan.claims, actor=actor)


@dataclass(frozen=True)
class NewArticle:
    """One article for ``articles_create_many``; the fields are ``article_create``'s."""

    outlet: Outlet
    headline: str
    published_on: datetime.date
    byline: str = ""
    reporter: object = None
    url: str = ""
    language: str = "en"
    body: str = ""
    external_id: str | None = None


@transaction.atomic
def articles_create_many(
    *, articles: Sequence[NewArticle], actor: Actor = None, batch_size: int = 500
) -> list[Article]:
    """Create many articles in a fixed number of queries, with their history, for imports.

    Each row passes the model's own checks (``clean``: no date after today);
    the importer has already checked the rest, such as unique external ids.
    """
    rows = [
        Article(
            outlet=spec.outlet,
            headline=spec.headline,
            published_on=spec.published_on,
            byline=spec.byline,
            reporter=spec.reporter,
            url=spec.url,
            language=spec.language,
            body=spec.body,
            external_id=spec.external_id,
        )
        for spec in articles
    ]
    for row in rows:
        row.clean()
    created = bulk_create_with_history(rows, Article, batch_size=batch_size, default_user=actor)
    with_body = [article for article in created if article.body.strip()]
    if with_body:
        _copies_check(articles=with_body, bodies={a.pk: a.body for a in with_body}, actor=actor)
    return created


def _article_lock(article_id: int) -> Article:
    """Lock an article before changing it; raise Conflict if it was deleted meanwhile."""
    article = Article.objects.select_for_update().filter(pk=article_id).first()
    if article is None:
        raise Conflict("The article was deleted meanwhile. Reload the page.")
    return article


@transaction.atomic
def article_update(*, article: Article, data: dict, actor: Actor, reason: str = "") -> list[str]:
    """Change an article's fields; a new date re-derives its claims and their records.

    Return the fields that changed. The article and then its claims are
    locked before anything is read, so a link or verdict landing on one of
    its claims at the same moment is counted under the right date.
    """
    fresh = _article_lock(article.pk)
    # A new body is signed and checked for copies; the flags it moves name their claims,
    # locked with the article's own in one go.
    copies = None
    if "body" in data and data["body"] != fresh.body:
        copies = copies_plan_articles(articles=[fresh], bodies={fresh.pk: data["body"]})
    before = None
    if "published_on" in data and data["published_on"] != fresh.published_on:
        own = set(fresh.claims.values_list("pk", flat=True))
        before = claims_snapshot(claim_ids=own | (copies.claims if copies else set()))
    elif copies is not None:
        claims_lock(claim_ids=copies.claims)
    changed = model_update(
        instance=fresh, fields=ARTICLE_FIELDS, data=data, actor=actor, reason=reason
    )
    if copies is not None:
        copies_apply(plan=copies, actor=actor)
    if before or (copies is not None and copies.claims):
        claims_recompute(
            claim_ids=set(before or ()) | (copies.claims if copies else set()),
            before=before,
            actor=actor,
        )
    if "outlet" in changed:
        # A source pools toward the outlet that published most of its claims, which may move.
        rollups_refresh(
            source_ids=Attribution.objects.filter(claim__article=fresh).values_list(
                "source_id", flat=True
            )
        )
    for name in changed:
        setattr(article, name, getattr(fresh, name))
    return changed


@transaction.atomic
def article_delete(*, article: Article, actor: Actor, reason: str = "") -> None:
    """Delete an article no claim or evidence comes from; re-judge the links it was in.

    A claim's record rests on its article, so an article with claims is
    refused: delete or move the claims first. Citations to and from it go
    with it, so evidence that reached a claim's article only through it
    becomes independent again.
    """
    fresh = _article_lock(article.pk)
    if fresh.claims.exists():
        raise ValidationError(
            {"article": "Claims come from this article; delete its claims first."}
        )
    if fresh.evidence.exists():
        raise ValidationError(
            {"article": "Evidence appeared in this article; delete or change that evidence first."}
        )
    claim_ids = _claims_downstream_of(fresh.pk)
    claims_lock(claim_ids=claim_ids)
    stamp_actor(fresh, actor, reason).delete()
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def article_cite(
    *, article: Article, cited: Iterable[Article], actor: Actor = None, reason: str = ""
) -> None:
    """Record that ``article`` relies on ``cited``, and re-judge affected links.

    A new citation can make existing evidence dependent on a claim, so every
    claim linked to evidence downstream of ``article`` is recomputed.
    """
    cited = [c for c in cited if c.pk != article.pk]
    if not cited:
        return
    fresh = _article_lock(article.pk)
    claim_ids = _claims_downstream_of(article.pk)
    claims_lock(claim_ids=claim_ids)
    stamp_actor(fresh, actor, reason)
    fresh.cites.add(*cited)
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def article_uncite(
    *, article: Article, cited: Iterable[Article], actor: Actor = None, reason: str = ""
) -> None:
    """Remove citations from ``article``; links that depended on them only may count again."""
    cited = list(cited)
    if not cited:
        return
    fresh = _article_lock(article.pk)
    claim_ids = _claims_downstream_of(article.pk)
    claims_lock(claim_ids=claim_ids)
    stamp_actor(fresh, actor, reason)
    fresh.cites.remove(*cited)
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def article_refresh(*, article: Article, actor: Actor = None) -> None:
    """Re-derive everything an article can move, recounting its sources' records.

    For repairs after an edit made outside the services; the services
    themselves keep these current as they write.
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
