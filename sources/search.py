"""Text search over claims, sources and articles.

PostgreSQL gets real full-text search (stemming, ranking); SQLite, used for
development and half of the test runs, gets a plain ``icontains`` fallback that
finds the same obvious matches. Callers pass a queryset that is already
filtered by ``sources.selectors``, so search never widens what a viewer sees.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce

from sources.models import Article, Claim, Source

SEARCH_CONFIG = "english"
MAX_TERMS = 12
MIN_TERM_LENGTH = 3
# Matches ranked by similar_claims on PostgreSQL: the latest ones, as ranking needs each vector.
SIMILAR_CANDIDATES = 1000

# Words too common to say anything about what a claim is about.
_STOP_TEXT = (
    "about above after again against also among and any are because been "
    "before being between both but can could did does doing down during "
    "each few for from further had has have having her here hers "
    "him his how into its itself just more most much must nor "
    "not now off once only other our ours out over own said "
    "same says she should some such than that the their theirs them "
    "then there these they this those through told too under until very "
    "was were what when where which while who whom why will with "
    "would you your per"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())


def uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def claim_vector():
    """Return the claim text's search vector, the expression the GIN index stores.

    Migration ``0004_claim_text_search_index`` indexes exactly this expression
    (``to_tsvector('english'::regconfig, COALESCE(text, ''))``); a query
    filters on it with ``@@`` so PostgreSQL reads matches off the index
    instead of computing the vector for every claim.
    """
    from django.contrib.postgres.search import SearchVector

    return SearchVector("text", config=SEARCH_CONFIG)


def terms_of(text: str) -> list[str]:
    """Return the distinct meaningful words of ``text``, in order, lower-cased."""
    seen: dict[str, None] = {}
    for word in re.findall(r"\w+", text.lower()):
        if len(word) >= MIN_TERM_LENGTH and word not in STOP_WORDS and not word.isdigit():
            seen.setdefault(word, None)
    return list(seen)[:MAX_TERMS]


def search_claims(claims: QuerySet[Claim], query: str) -> QuerySet[Claim]:
    """Return the claims whose text matches every word of ``query``, best first."""
    query = query.strip()
    if not query:
        return claims.none()
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            claims.alias(vector=claim_vector())
            .filter(vector=search)
            .annotate(rank=SearchRank(claim_vector(), search))
            .order_by("-rank", "-id")
        )
    words = re.findall(r"\w+", query) or [query]
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return claims.filter(condition).order_by("-id")


def search_sources(sources: QuerySet[Source], query: str) -> QuerySet[Source]:
    """Return the sources whose codename or published descriptor contains ``query``."""
    query = query.strip()
    if not query:
        return sources.none()
    return sources.filter(Q(codename__icontains=query) | Q(descriptor__icontains=query))


def search_articles(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    """Return the articles whose headline matches ``query``."""
    query = query.strip()
    if not query:
        return articles.none()
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("headline", config=SEARCH_CONFIG)
        search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        return (
            articles.annotate(rank=SearchRank(vector, search))
            .filter(Q(rank__gt=0) | Q(headline__icontains=query))
            .order_by("-rank", "-published_on")
        )
    return articles.filter(headline__icontains=query)


def similar_claims(claims: QuerySet[Claim], text: str, *, limit: int = 10) -> QuerySet[Claim]:
    """Return past claims that share the most words with ``text``, best first.

    Unlike ``search_claims`` a match needs only some of the words, which is
    what "have we heard something like this before?" asks. PostgreSQL ranks
    with stemming (so "prices" finds "price"); SQLite counts shared words.
    On PostgreSQL the matches come off the GIN index and only the latest
    ``SIMILAR_CANDIDATES`` of them are ranked, so a query whose words are in
    every claim costs the same as a rare one.
    """
    terms = terms_of(text)
    if not terms:
        return claims.none()
    if uses_postgres():
        from django.contrib.postgres.search import SearchQuery, SearchRank

        search = SearchQuery(terms[0], config=SEARCH_CONFIG)
        for term in terms[1:]:
            search |= SearchQuery(term, config=SEARCH_CONFIG)
        # "id + 0", not "id": ordered by the bare id, PostgreSQL walks the primary key
        # backwards testing every claim's vector (5.9 s at 1M when nothing matches)
        # instead of reading the matches off the GIN index.
        candidates = (
            claims.alias(vector=claim_vector(), recency=F("id") + Value(0))
            .filter(vector=search)
            .order_by("-recency")
            .values("pk")[:SIMILAR_CANDIDATES]
        )
        return (
            claims.filter(pk__in=candidates)
            .annotate(similarity=SearchRank(claim_vector(), search))
            .order_by("-similarity", "-id")[:limit]
        )
    score = sum(
        (Case(When(text__icontains=term, then=Value(1)), default=Value(0)) for term in terms[1:]),
        start=Case(When(text__icontains=terms[0], then=Value(1)), default=Value(0)),
    )
    return (
        claims.annotate(similarity=Coalesce(score, Value(0), output_field=IntegerField()))
        .filter(similarity__gt=0)
        .order_by(F("similarity").desc(), "-id")[:limit]
    )
