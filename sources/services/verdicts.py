"""Decide verdicts, one at a time from a form or many at once from an import.

Verdicts are append-only: the newest one rules, and no service changes or
deletes one (the admin refuses to as well). Retracting a claim is deciding
the verdict "retracted".
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from sources.domain.rules import final_outcome
from sources.domain.vocab import Outcome
from sources.models import (
    Claim,
    Verdict,
)
from sources.services.common import Actor, save_clean, stamp_actor
from sources.services.derived import (
    ClaimState,
    claims_recompute,
    claims_snapshot,
    contribution_of,
    rollups_move,
)
from sources.services.errors import VerdictConflict
from sources.services.history import claim_history_topics


@transaction.atomic
def verdict_decide(
    *,
    claim: Claim,
    outcome: str,
    reason: str,
    decided_by: Actor,
    expected_version: int | None = None,
    original_label: str = "",
) -> Verdict:
    """Record an editor's final outcome for a claim.

    ``expected_version`` is the claim version the editor saw. The update is
    conditional on it, so of two simultaneous decisions one wins and the other
    raises ``VerdictConflict`` instead of silently overwriting.
    """
    if outcome not in Outcome.ALL:
        raise ValidationError({"outcome": f"Unknown outcome {outcome!r}."})
    if not reason.strip():
        raise ValidationError({"reason": "A verdict needs a reason."})
    version = claim.version if expected_version is None else expected_version
    updated = Claim.objects.filter(pk=claim.pk, version=version).update(
        version=F("version") + 1, verdict=outcome
    )
    if updated != 1:
        raise VerdictConflict(
            "Another editor decided a verdict on this claim while you were looking at it. "
            "Reload the claim to see their decision before deciding again."
        )
    verdict = save_clean(
        Verdict(
            claim=claim,
            outcome=outcome,
            reason=reason.strip(),
            decided_by=decided_by,
            original_label=original_label,
        ),
        decided_by,
    )
    claims_recompute(claim_ids=[claim.pk], actor=decided_by)
    claim.refresh_from_db()
    # The conditional update above bypasses history; record the decision there too.
    stamp_actor(claim, decided_by, reason).save(update_fields=["verdict", "version"])
    return verdict


@dataclass(frozen=True)
class VerdictSpec:
    """One imported decision, for ``verdicts_record_many``."""

    claim: Claim
    outcome: str
    reason: str
    original_label: str = ""
    decided_by: object = None  # who decided it, when not the call's decided_by
    decided_at: datetime.datetime | None = None  # when, if known (e.g. from an export)


@transaction.atomic
def verdicts_record_many(
    *, decisions: Sequence[VerdictSpec], decided_by: Actor = None
) -> list[Verdict]:
    """Record many verdicts at once, in order, for bulk imports such as LIAR.

    The effect is that of ``verdict_decide`` for each decision (the last one
    for a claim rules), in a fixed number of queries: verdicts and claims are
    written in bulk with their history, and the rollups of the claims'
    sources are refreshed once. There is no stale-form check: an import is
    not a form someone loaded.
    """
    from simple_history.utils import bulk_create_with_history

    for spec in decisions:
        if spec.outcome not in Outcome.ALL:
            raise ValidationError({"outcome": f"Unknown outcome {spec.outcome!r}."})
        if not spec.reason.strip():
            raise ValidationError({"reason": "A verdict needs a reason."})
    # Locked in key order with what each adds to its sources' records, before it changes.
    before = claims_snapshot(claim_ids=[spec.claim.pk for spec in decisions])
    claims = Claim.objects.select_related("article").in_bulk(list(before))
    new_verdicts = []
    for spec in decisions:
        who = spec.decided_by or decided_by
        verdict = Verdict(
            claim_id=spec.claim.pk,
            outcome=spec.outcome,
            reason=spec.reason.strip(),
            decided_by=who,
            original_label=spec.original_label,
        )
        new_verdicts.append(stamp_actor(verdict, who))
    verdicts = bulk_create_with_history(
        new_verdicts, Verdict, batch_size=500, default_user=decided_by
    )
    timed = []
    for verdict, spec in zip(verdicts, decisions, strict=True):
        if spec.decided_at is not None:
            verdict.decided_at = spec.decided_at
            timed.append(verdict)
    if timed:
        Verdict.objects.bulk_update(timed, ["decided_at"], batch_size=500)
    for spec in decisions:
        claim = claims[spec.claim.pk]
        claim.verdict = spec.outcome
        claim.version += 1
        claim.outcome = final_outcome(claim.derived_outcome, spec.outcome)
    # One UPDATE per distinct (verdict, version, outcome) rather than a CASE per row.
    groups: dict[tuple, list[int]] = {}
    for claim in claims.values():
        groups.setdefault((claim.verdict, claim.version, claim.outcome), []).append(claim.pk)
    for (verdict, version, outcome), pks in groups.items():
        for start in range(0, len(pks), 500):
            Claim.objects.filter(pk__in=pks[start : start + 500]).update(
                verdict=verdict, version=version, outcome=outcome
            )
    records = Claim.history.bulk_history_create(
        list(claims.values()), batch_size=500, update=True, default_user=decided_by
    )
    claim_history_topics(records=[(record.pk, record.id) for record in records])
    rollups_move(
        before=before,
        after={
            pk: ClaimState(before[pk].sources, contribution_of(claim))
            for pk, claim in claims.items()
        },
    )
    return verdicts
