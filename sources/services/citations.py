"""Grow and prune the citation graph from the app: outside articles and who cites whom.

Circular reporting is caught through citations: evidence that relies, through
any chain of articles, on the claim's own story does not count. Fact-checkers
record the outside articles in that chain (a wire copy, a blog) and the
citations between articles here; ``article_cite`` and ``article_uncite``
re-judge every link downstream in the same transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from sources.models import Article, Outlet
from sources.services.articles import (
    article_cite,
    article_create,
    article_uncite,
    outlet_get_or_create,
)
from sources.services.common import Actor


def _outlet_named(name: str) -> Outlet:
    """Return the outlet called ``name`` (any case), creating it when there is none."""
    name = " ".join(name.split())
    found = Outlet.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    slug = slugify(name)[:90] or "outlet"
    base, number = slug, 2
    while Outlet.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return outlet_get_or_create(name=name, slug=slug)


@transaction.atomic
def outside_article_record(
    *,
    url: str,
    headline: str,
    published_on: datetime.date,
    outlet: Outlet | None = None,
    outlet_name: str = "",
    cites: Iterable[Article] = (),
    cited_by: Iterable[Article] = (),
    actor: Actor,
) -> Article:
    """Record an article from outside the newsroom, with what it cites and what cites it.

    It has no staff reporter. An address already on file is refused, naming
    the article that has it, so the same page is not recorded twice.
    """
    url = url.strip()
    if not url:
        raise ValidationError({"url": "Give the article's web address."})
    same = Article.objects.filter(url=url).first()
    if same is not None:
        raise ValidationError(
            {"url": f"This address is on file already, as “{same.headline}” (article {same.pk})."}
        )
    if outlet is None:
        if not outlet_name.strip():
            raise ValidationError({"outlet": "Pick the outlet, or name a new one."})
        outlet = _outlet_named(outlet_name)
    article = article_create(
        outlet=outlet,
        headline=headline.strip(),
        published_on=published_on,
        url=url,
        reporter=None,
        cites=list(cites),
        actor=actor,
    )
    for citing in cited_by:
        article_cite(article=citing, cited=[article], actor=actor)
    return article


@transaction.atomic
def citations_change(
    *,
    article: Article,
    add_cites: Iterable[Article] = (),
    add_cited_by: Iterable[Article] = (),
    remove_cites: Iterable[Article] = (),
    remove_cited_by: Iterable[Article] = (),
    actor: Actor,
    reason: str = "",
) -> int:
    """Change what ``article`` cites and what cites it, all or nothing; return the changes made.

    An article citing itself is ignored, as ``article_cite`` ignores it.
    """
    add_cites = [a for a in add_cites if a.pk != article.pk]
    add_cited_by = [a for a in add_cited_by if a.pk != article.pk]
    remove_cites, remove_cited_by = list(remove_cites), list(remove_cited_by)
    if add_cites:
        article_cite(article=article, cited=add_cites, actor=actor, reason=reason)
    if remove_cites:
        article_uncite(article=article, cited=remove_cites, actor=actor, reason=reason)
    for citing in add_cited_by:
        article_cite(article=citing, cited=[article], actor=actor, reason=reason)
    for citing in remove_cited_by:
        article_uncite(article=citing, cited=[article], actor=actor, reason=reason)
    return len(add_cites) + len(add_cited_by) + len(remove_cites) + len(remove_cited_by)
