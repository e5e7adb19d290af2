"""Record, edit and delete evidence, and link it to claims; every link re-judges the claim.

Locks follow the engine's order (``services.derived``): the evidence row,
then the claims, then the rollups. Linking locks the evidence after the
link row is written, so that of two identical links sent at once the
database's unique constraint picks one, and the other gets a Conflict.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.domain.text import VERDICT_REASON_MAX
from sources.domain.vocab import Basis, Relation
from sources.models import (
    Article,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
    TextSignature,
)
from sources.services.common import Actor, model_update, save_clean, stamp_actor
from sources.services.copies import (
    copies_apply,
    copies_plan_links,
    evidence_text_check,
    signature_write,
    text_signature,
)
from sources.services.derived import claims_lock, claims_recompute
from sources.services.errors import Conflict

ALREADY_LINKED = "This evidence is already linked to the claim."
# What ``evidence_update`` may change, and which of those can change a claim's outcome.
EVIDENCE_FIELDS = (
    "kind",
    "summary",
    "url",
    "observed_on",
    "source",
    "article",
    "cites",
    "external_id",
    "basis",
)
EVIDENCE_JUDGED_BY = {"observed_on", "source", "article", "cites", "basis"}
LINK_FIELDS = ("relation", "note")


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
    recorded_by: Actor = None,
    external_id: str | None = None,
    basis: str = Basis.UNKNOWN,
) -> Evidence:
    """Record evidence, with how its originator knew (``basis``), and sign its text.

    The signature lets the copy check compare the text with a claim's
    article when the evidence is linked (``services.copies``).
    """
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
            basis=basis,
        ),
        recorded_by,
    )
    cites = list(cites)
    if cites:
        evidence.cites.add(*cites)
    signature_write(evidence=evidence.pk, signature=text_signature(summary))
    return evidence


def _evidence_lock(evidence_id: int, *, for_delete: bool = False) -> Evidence:
    found = Evidence.objects.select_for_update(no_key=not for_delete).filter(pk=evidence_id).first()
    if found is None:
        raise Conflict("The evidence was deleted meanwhile. Reload the page.")
    return found


@transaction.atomic
def evidence_update(
    *, evidence: Evidence, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change evidence; a new date, source, article, citation or basis re-judges its claims.

    A new summary is signed again and its links checked for copies anew.
    Return the fields that changed; the caller's ``evidence`` is brought up to date.
    """
    if "basis" in data and data["basis"] not in Basis.ALL:
        raise ValidationError({"basis": f"Unknown basis {data['basis']!r}."})
    fresh = Evidence.objects.select_for_update().filter(pk=evidence.pk).first()
    if fresh is None:
        raise Conflict("The evidence was deleted meanwhile. Reload the page.")
    claim_ids = list(fresh.links.values_list("claim_id", flat=True))
    changed = model_update(
        instance=fresh, fields=EVIDENCE_FIELDS, data=data, actor=actor, reason=reason
    )
    copies_moved = "summary" in changed and bool(evidence_text_check(evidence=fresh, actor=actor))
    if (copies_moved or EVIDENCE_JUDGED_BY & set(changed)) and claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)
    for name in changed:
        if name != "cites":
            setattr(evidence, name, getattr(fresh, name))
    return changed


@transaction.atomic
def evidence_delete(*, evidence: Evidence, actor: Actor, reason: str = "") -> None:
    """Delete evidence and its links; the claims it was on are re-judged without it."""
    fresh = _evidence_lock(evidence.pk, for_delete=True)
    claim_ids = list(fresh.links.values_list("claim_id", flat=True))
    # The claims first, then their links go with the evidence: the engine's lock order.
    claims_lock(claim_ids=claim_ids)
    stamp_actor(fresh, actor, reason).delete()
    if claim_ids:
        claims_recompute(claim_ids=claim_ids, actor=actor)


@transaction.atomic
def evidence_link(
    *, claim: Claim, evidence: Evidence, relation: str, note: str = "", recorded_by: Actor = None
) -> EvidenceLink:
    """Link evidence to a claim, judge its independence and update the outcome.

    A link that another request wrote a moment before raises ``Conflict``
    (HTTP 409); one already on file raises ValidationError.
    """
    if relation not in Relation.ALL:
        raise ValidationError({"relation": f"Unknown relation {relation!r}."})
    if EvidenceLink.objects.filter(claim_id=claim.pk, evidence_id=evidence.pk).exists():
        raise ValidationError({"evidence": ALREADY_LINKED})
    link = EvidenceLink(
        claim=claim, evidence=evidence, relation=relation, note=note, recorded_by=recorded_by
    )
    link.full_clean(validate_unique=False, validate_constraints=False)
    try:
        with transaction.atomic():
            stamp_actor(link, recorded_by).save()
    except IntegrityError as error:
        if EvidenceLink.objects.filter(claim_id=claim.pk, evidence_id=evidence.pk).exists():
            raise Conflict(
                "Someone linked this evidence to the claim a moment ago; "
                "reload the claim to see their link."
            ) from error
        raise Conflict("The claim or the evidence was deleted meanwhile.") from error
    _evidence_lock(evidence.pk)
    if not claims_lock(claim_ids=[claim.pk]):
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    signature = (
        TextSignature.objects.filter(evidence_id=evidence.pk)
        .values_list("signature", flat=True)
        .first()
    )
    plan = copies_plan_links(links=[link], signature=bytes(signature) if signature else None)
    copies_apply(plan=plan, actor=recorded_by)
    claims_recompute(claim_ids=[claim.pk], actor=recorded_by)
    link.refresh_from_db()
    return link


@transaction.atomic
def link_relay_confirm(
    *,
    link: EvidenceLink,
    reason: str,
    actor: Actor,
    confirmed: bool = True,
    confirmed_at: datetime.datetime | None = None,
) -> EvidenceLink:
    """Record that a fact-checker established a relay's upstream is independent of the claim.

    Relayed evidence whose upstream nobody knows does not count until then;
    the confirmation is kept with who gave it, when and why. ``confirmed``
    False withdraws it (with a reason too). ``confirmed_at`` is for imports.
    """
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say how the relay's upstream was established."})
    if len(reason) > VERDICT_REASON_MAX:
        raise ValidationError({"reason": f"At most {VERDICT_REASON_MAX} characters."})
    if not claims_lock(claim_ids=[link.claim_id]):
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    fresh = EvidenceLink.objects.select_for_update().filter(pk=link.pk).first()
    if fresh is None:
        raise Conflict("The link was removed meanwhile. Reload the page.")
    relayed = Evidence.objects.filter(
        pk=fresh.evidence_id, basis=Basis.RELAYED, cites__isnull=True
    ).exists()
    if confirmed and not relayed:
        raise ValidationError(
            {"link": "Only relayed evidence that cites no upstream article needs confirming."}
        )
    if confirmed:
        fresh.relay_confirmed_by, fresh.relay_confirmed_at = actor, confirmed_at or timezone.now()
    else:
        fresh.relay_confirmed_by, fresh.relay_confirmed_at = None, None
    fresh.relay_reason = reason
    stamp_actor(fresh, actor, reason).save(
        update_fields=["relay_confirmed_by", "relay_confirmed_at", "relay_reason"]
    )
    claims_recompute(claim_ids=[fresh.claim_id], actor=actor)
    fresh.refresh_from_db()
    for name in ("relay_confirmed_by", "relay_confirmed_at", "relay_reason", "is_independent"):
        setattr(link, name, getattr(fresh, name))
    return fresh


@transaction.atomic
def link_update(
    *, link: EvidenceLink, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change how evidence bears on a claim (its relation) or the note on the link."""
    if "relation" in data and data["relation"] not in Relation.ALL:
        raise ValidationError({"relation": f"Unknown relation {data['relation']!r}."})
    if not claims_lock(claim_ids=[link.claim_id]):
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    fresh = EvidenceLink.objects.select_for_update().filter(pk=link.pk).first()
    if fresh is None:
        raise Conflict("The link was removed meanwhile. Reload the page.")
    changed = model_update(
        instance=fresh, fields=LINK_FIELDS, data=data, actor=actor, reason=reason
    )
    if "relation" in changed:
        claims_recompute(claim_ids=[fresh.claim_id], actor=actor)
    for name in LINK_FIELDS:
        setattr(link, name, getattr(fresh, name))
    return changed


@transaction.atomic
def evidence_unlink(*, link: EvidenceLink, actor: Actor = None, reason: str = "") -> None:
    """Remove a link; the claim is re-judged without it. Removing it twice does nothing."""
    claim_id = link.claim_id
    claims_lock(claim_ids=[claim_id])
    fresh = EvidenceLink.objects.filter(pk=link.pk).first()
    if fresh is None:
        return
    stamp_actor(fresh, actor, reason).delete()
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
    basis: str = Basis.UNKNOWN,
    relation: str,
    note: str = "",
    recorded_by: Actor,
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
        basis=basis,
    )
    return evidence_link(
        claim=claim, evidence=evidence, relation=relation, note=note, recorded_by=recorded_by
    )
