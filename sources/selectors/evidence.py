"""Evidence worth offering a fact-checker for a claim, bounded however large the archive."""

from __future__ import annotations

from django.db.models import QuerySet

from sources.models import Claim, Evidence

EVIDENCE_OPTIONS = 50


def likely_evidence(
    *, on_file: QuerySet[Evidence], claim: Claim, limit: int = EVIDENCE_OPTIONS
) -> list[Evidence]:
    """Return the evidence worth offering for ``claim``: at most ``2 × limit`` rows.

    Evidence on other claims of the same article comes first, then the latest
    recorded. Two index-backed queries, whatever the size of the archive.
    """
    same_article = list(
        on_file.filter(links__claim__article_id=claim.article_id)
        .select_related("article")
        .distinct()
        .order_by("-observed_on", "-id")[:limit]
    )
    seen = {evidence.pk for evidence in same_article}
    latest = [
        e for e in on_file.select_related("article").order_by("-id")[:limit] if e.pk not in seen
    ]
    return same_article + latest
