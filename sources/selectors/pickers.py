"""Find articles and evidence by what people remember of them: headline, outlet, date, address.

The pickers on the evidence, article and citation forms ask these as a
person types (htmx) or presses Search (without script). Each returns at
most ``limit`` rows of what the viewer may see, newest first, in one query.
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from sources.models import Article, Claim, Evidence
from sources.selectors.scope import articles_for, evidence_for

if TYPE_CHECKING:
    from sources.permissions import Viewer

PICK_LIMIT = 10
# Words a search matches separately, at most; each must match somewhere.
PICK_WORDS = 6
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")


def _date_condition(word: str, field: str) -> Q | None:
    """Return a condition on ``field`` for a word that is a day, a month or a year."""
    for pattern in (_DAY, _MONTH, _YEAR):
        match = pattern.match(word)
        if match is None:
            continue
        parts = [int(part) for part in match.groups()]
        try:
            if len(parts) == 3:
                return Q(**{field: datetime.date(*parts)})
            if len(parts) == 2:
                datetime.date(parts[0], parts[1], 1)
                return Q(**{f"{field}__year": parts[0], f"{field}__month": parts[1]})
            return Q(**{f"{field}__year": parts[0]})
        except ValueError:
            return None
    return None


def _words(query: str) -> list[str]:
    return query.split()[:PICK_WORDS]


def article_matches(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Narrow articles to those matching every word of ``query`` in one of the fields.

    A word matches the headline, the outlet's name, the web address, or the
    publication date when it is written 2016, 2016-08 or 2016-08-25.
    """
    condition = Q()
    for word in _words(query):
        found = (
            Q(headline__icontains=word) | Q(outlet__name__icontains=word) | Q(url__icontains=word)
        )
        dated = _date_condition(word, "published_on")
        condition &= found | dated if dated is not None else found
    return articles.filter(condition)


def article_search(*, viewer: Viewer, query: str, limit: int = PICK_LIMIT) -> list[Article]:
    """Return the viewer's articles matching ``query`` (see ``article_matches``), newest first."""
    if not query.strip():
        return []
    articles = articles_for(viewer=viewer).select_related("outlet")
    return list(article_matches(articles, query).order_by("-published_on", "-id")[:limit])


def evidence_search(
    *, viewer: Viewer, query: str, exclude_claim: Claim | None = None, limit: int = PICK_LIMIT
) -> list[Evidence]:
    """Return the viewer's evidence matching every word of ``query``, newest first.

    A word matches what the evidence shows, its web address, the headline or
    outlet of the article it appeared in, or the day it was observed (written
    2017, 2017-03 or 2017-03-01). Evidence already linked to
    ``exclude_claim`` is left out: it cannot be linked twice.
    """
    if not query.strip():
        return []
    condition = Q()
    for word in _words(query):
        found = (
            Q(summary__icontains=word)
            | Q(url__icontains=word)
            | Q(article__headline__icontains=word)
            | Q(article__outlet__name__icontains=word)
        )
        dated = _date_condition(word, "observed_on")
        condition &= found | dated if dated is not None else found
    evidence = evidence_for(viewer=viewer).filter(condition).select_related("article__outlet")
    if exclude_claim is not None:
        evidence = evidence.exclude(links__claim=exclude_claim)
    return list(evidence.order_by("-observed_on", "-id")[:limit])
