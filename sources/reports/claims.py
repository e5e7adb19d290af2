"""Per-claim rows, for the claims download."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sources import selectors
from sources.models import Claim

CLAIM_EXPORT_FIELDS = (
    "id",
    "text",
    "outlet",
    "headline",
    "published_on",
    "credibility",
    "outcome",
    "derived_outcome",
    "verdict",
    "corroborating_links",
    "contradicting_links",
    "dependent_links",
    "first_corroborated_on",
    "days_to_corroboration",
)


def claims_report(*, viewer) -> QuerySet[Claim]:
    """Return the claims with their per-claim figures, newest first, for one query per page."""
    return (
        selectors.claims_for(viewer=viewer)
        .select_related("article", "article__outlet")
        .order_by("-article__published_on", "-pk")
    )


def claim_as_dict(claim: Claim) -> dict[str, Any]:
    """Return one claim's figures as exported; dates as ISO strings, blanks as None."""
    return {
        "id": claim.pk,
        "text": claim.text,
        "outlet": claim.article.outlet.name,
        "headline": claim.article.headline,
        "published_on": claim.article.published_on.isoformat(),
        "credibility": claim.credibility,
        "outcome": claim.outcome,
        "derived_outcome": claim.derived_outcome,
        "verdict": claim.verdict or None,
        "corroborating_links": claim.corroborating_links,
        "contradicting_links": claim.contradicting_links,
        "dependent_links": claim.dependent_links,
        "first_corroborated_on": (
            claim.first_corroborated_on.isoformat() if claim.first_corroborated_on else None
        ),
        "days_to_corroboration": claim.days_to_corroboration,
    }
