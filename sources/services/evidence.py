"""Record evidence and link it to claims; every link re-judges the claim."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.domain.vocab import Relation
from sources.models import (
    Article,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
)
from sources.services.common import save_clean, stamp_actor
from sources.services.derived import claims_recompute


@transaction.atomic
def evidence_record(
    *,
    kind: str,
    summary: str,
    observed_on: datetime.date,
    url: str = "",
    source: Source | None = None,
    article: Article | None = None,
    cites: Iterable[Article] = (),
    recorded_by=None,
    external_id: str | None = None,
) -> Evidence:
    evidence = save_clean(
        Evidence(
            kind=kind,
            summary=summary,
            observed_on=observed_on,
            url=url,
            source=source,
            article=article,
            recorded_by=recorded_by,
            external_id=external_id,
        ),
        recorded_by,
    )
    cites = list(cites)
    if cites:
        evidence.cites.add(*cites)
    return evidence


@transaction.atomic
def evidence_link(
    *, claim: Claim, evidence: Evidence, relation: str, note: str = "", recorded_by=None
) -> EvidenceLink:
    """Link evidence to a claim, judge its independence and update the outcome."""
    if relation not in Relation.ALL:
        raise ValidationError({"relation": f"Unknown relation {relation!r}."})
    if EvidenceLink.objects.filter(claim=claim, evidence=evidence).exists():
        raise ValidationError({"evidence": "This evidence is already linked to the claim."})
    link = save_clean(
        EvidenceLink(
            claim=claim, evidence=evidence, relation=relation, note=note, recorded_by=recorded_by
        ),
        recorded_by,
    )
    claims_recompute(claim_ids=[claim.pk], actor=recorded_by)
    link.refresh_from_db()
    return link


@transaction.atomic
def evidence_unlink(*, link: EvidenceLink, actor=None) -> None:
    claim_id = link.claim_id
    stamp_actor(link, actor).delete()
    claims_recompute(claim_ids=[claim_id], actor=actor)


@transaction.atomic
def evidence_record_and_link(
    *,
    claim: Claim,
    existing: Evidence | None = None,
    kind: str = "",
    summary: str = "",
    observed_on: datetime.date | None = None,
    url: str = "",
    source: Source | None = None,
    article: Article | None = None,
    cites: Iterable[Article] = (),
    relation: str,
    note: str = "",
    recorded_by,
) -> EvidenceLink:
    """Link ``existing`` evidence, or record new evidence and link it, all or nothing.

    A fact-checker who records evidence only to link it must not be left with
    an unlinked row when the link is refused (already linked, unknown relation).
    """
    evidence = existing or evidence_record(
        kind=kind,
        summary=summary,
        observed_on=observed_on,
        url=url,
        source=source,
        article=article,
        cites=cites,
        recorded_by=recorded_by,
    )
    return evidence_link(
        claim=claim, evidence=evidence, relation=relation, note=note, recorded_by=recorded_by
    )
