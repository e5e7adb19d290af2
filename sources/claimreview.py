"""schema.org ClaimReview JSON-LD for claims whose outcome is settled.

Fact-checking platforms and search engines read ClaimReview. The document
names the claim's author only by the descriptor the story printed ("a source in
Ryanggang Province"): never a codename, never anything from ``SourceIdentity``.
The rating scale runs from 1 (contradicted) to 5 (corroborated); the outcome's
own label travels in ``alternateName`` so no nuance is lost.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from sources.domain.vocab import Outcome, Relation
from sources.models import Attribution, Claim, EvidenceLink, Verdict

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES = {
    Outcome.CORROBORATED: 5,
    Outcome.PARTLY_CORROBORATED: 4,
    Outcome.DISPUTED: 3,
    Outcome.UNVERIFIABLE: 3,
    Outcome.CONTRADICTED: 1,
    Outcome.RETRACTED: 1,
}

# The claim page the web app serves, where the review is shown.
CLAIM_PAGE_URL_NAME = "sources:claim_detail"


def claim_review_queryset(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """Return ``claims`` with a final outcome, loading what ``claim_review`` reads.

    The related rows come in a fixed number of queries however many claims
    there are, so an export of thousands of reviews stays cheap.
    """
    return (
        claims.exclude(outcome=Outcome.PENDING)
        .select_related("article__outlet")
        .prefetch_related(
            Prefetch("attributions", queryset=Attribution.objects.order_by("id")),
            Prefetch("verdicts", queryset=Verdict.objects.order_by("-decided_at", "-id")),
            Prefetch(
                "links",
                queryset=EvidenceLink.objects.counting()
                .exclude(relation=Relation.CONTEXT)
                .order_by("-recorded_at", "-id"),
                to_attr="deciding_links",
            ),
        )
    )


def claim_review(claim: Claim, *, site_url: str | None = None) -> dict | None:
    """Return the ClaimReview JSON-LD for a claim, or None while it is pending.

    ``site_url`` makes the links absolute; it defaults to the configured
    ``CLAIMREVIEW["SITE_URL"]``, and a view should pass the request's own.
    """
    if claim.outcome == Outcome.PENDING:
        return None
    config = settings.CLAIMREVIEW
    base = (site_url if site_url is not None else config["SITE_URL"]).rstrip("/")
    article = claim.article
    appearance = _creative_work(article)
    authors = [
        {"@type": "Person", "name": attribution.descriptor}
        for attribution in claim.attributions.all()
    ]
    item_reviewed = {
        "@type": "Claim",
        "datePublished": article.published_on.isoformat(),
        "appearance": [appearance],
        "firstAppearance": appearance,
    }
    if authors:
        item_reviewed["author"] = authors[0] if len(authors) == 1 else authors
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": base + reverse(CLAIM_PAGE_URL_NAME, args=[claim.pk]),
        "claimReviewed": claim.text,
        "datePublished": _reviewed_on(claim).isoformat(),
        "author": {"@type": "Organization", "name": config["ORGANIZATION"], "url": base + "/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[claim.outcome],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": Outcome.LABELS[claim.outcome],
        },
        "itemReviewed": item_reviewed,
    }


def _creative_work(article) -> dict:
    work = {
        "@type": "CreativeWork",
        "headline": article.headline,
        "datePublished": article.published_on.isoformat(),
        "publisher": {"@type": "Organization", "name": article.outlet.name},
    }
    if article.outlet.homepage:
        work["publisher"]["url"] = article.outlet.homepage
    if article.url:
        work["url"] = article.url
    return work


def _reviewed_on(claim: Claim):
    """Return the day the outcome was settled: the newest verdict, else the newest deciding link.

    Uses the rows ``claim_review_queryset`` prefetched when they are there.
    """
    if claim.verdict:
        if _prefetched(claim, "verdicts"):
            newest = next(iter(claim.verdicts.all()), None)
        else:
            newest = claim.verdicts.order_by("-decided_at", "-id").first()
        if newest is not None:
            return newest.decided_at.date()
    links = getattr(claim, "deciding_links", None)
    if links is None:
        links = list(
            claim.links.counting()
            .exclude(relation=Relation.CONTEXT)
            .order_by("-recorded_at", "-id")[:1]
        )
    if links:
        return links[0].recorded_at.date()
    return claim.created_at.date()


def _prefetched(claim: Claim, name: str) -> bool:
    return name in getattr(claim, "_prefetched_objects_cache", {})
