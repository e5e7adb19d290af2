"""Per-claim rows, for the claims download."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from sources import selectors
from sources.domain.as_of import is_expired_outcome
from sources.models import Claim
from sources.reports.figures import report_today
from sources.selectors.as_of import claims_as_of

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
    # Issue 13, track records: the deadline, and the claim's place in its sources' records.
    "check_by",
    "expired",
    "already_public",
    # Issue 13, origins: independent origins of the support, and links awaiting a person.
    "independent_origins",
    "not_established",
    "likely_copies",
)


def claims_report(*, viewer, as_of: datetime.date | None = None) -> QuerySet[Claim]:
    """Return the claims with their per-claim figures, newest first, for one query per page.

    With ``as_of``, only the claims published by then; pass the rows read to
    ``claims_figures_as_of`` for their figures as of that day.
    """
    claims = selectors.claims_for(viewer=viewer)
    if as_of is not None:
        claims = claims.filter(article__published_on__lte=as_of)
    return claims.select_related("article", "article__outlet").order_by(
        "-article__published_on", "-pk"
    )


def claims_figures_as_of(claims: Iterable[Claim], *, as_of: datetime.date | None) -> None:
    """Give loaded claims their figures as of ``as_of`` (none: as stored). Never saved.

    Three to five queries for the claims given, whatever their number.
    """
    claims = list(claims)
    if as_of is None or not claims:
        return
    found = claims_as_of(
        claims=Claim.objects.filter(pk__in=[claim.pk for claim in claims]), as_of=as_of
    )
    for claim in claims:
        then = found[claim.pk]
        claim.outcome = then.outcome
        claim.derived_outcome = then.derived_outcome
        claim.corroborating_links = then.corroborating_links
        claim.contradicting_links = then.contradicting_links
        claim.dependent_links = then.dependent_links
        claim.days_to_corroboration = then.days_to_corroboration
        claim.first_corroborated_on = then.first_corroborated_on
        claim.settled_before_publication = then.already_public
        claim.as_of_expired = then.expired
        # Origins as of the day, where the as-of rule counts them (issue 13, origins half).
        for name in ("independent_origins", "not_established", "likely_copies"):
            if hasattr(then, name):
                setattr(claim, name, getattr(then, name))


def claim_expired(claim: Claim) -> bool:
    """Say whether a claim is expired now, or as of the day its figures were read for."""
    if hasattr(claim, "as_of_expired"):
        return claim.as_of_expired
    return is_expired_outcome(
        outcome=claim.outcome,
        already_public=claim.settled_before_publication,
        check_by=claim.check_by,
        as_of=report_today(),
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
        "check_by": claim.check_by.isoformat() if claim.check_by else None,
        "expired": claim_expired(claim),
        "already_public": claim.settled_before_publication,
        "independent_origins": claim.independent_origins,
        "not_established": claim.not_established,
        "likely_copies": claim.likely_copies,
    }
