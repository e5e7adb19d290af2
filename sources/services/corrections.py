"""Corrections to a filed claim that are not edits of its fields: assigning and retracting.

Assigning hands a claim to a fact-checker (or takes it back); retracting is
the verdict "retracted" (``verdict_decide``), refused for a claim already
retracted. Both are kept in the claim's history with who and why.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sources import permissions
from sources.domain.vocab import Outcome
from sources.models import Claim, Verdict
from sources.services.common import Actor, model_update
from sources.services.derived import claims_lock
from sources.services.errors import Conflict
from sources.services.verdicts import verdict_decide

NOT_A_FACT_CHECKER = "Only an active fact-checker can be assigned a claim."
ALREADY_RETRACTED = "This claim is retracted already."


@transaction.atomic
def claim_assign(*, claim: Claim, assignee: Actor, actor: Actor, reason: str = "") -> list[str]:
    """Assign ``claim`` to the fact-checker ``assignee`` (None takes the assignment back).

    Only fact-checkers check claims, so only they may be assigned one; an
    account that is switched off cannot be. The claim is locked while it
    changes, so two editors assigning at once end with one of their choices
    and both in the history. Return the fields that changed (none when the
    claim already had that assignee); the caller's ``claim`` is brought up
    to date.
    """
    if assignee is not None and not permissions.can_take_assignment(viewer=assignee):
        raise ValidationError({"assigned_to": NOT_A_FACT_CHECKER})
    found = claims_lock(claim_ids=[claim.pk])
    if claim.pk not in found:
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    fresh = found[claim.pk]
    changed = model_update(
        instance=fresh,
        fields=("assigned_to",),
        data={"assigned_to": assignee},
        actor=actor,
        reason=reason,
    )
    claim.assigned_to = fresh.assigned_to
    return changed


@transaction.atomic
def claim_retract(
    *, claim: Claim, reason: str, actor: Actor, expected_version: int | None = None
) -> Verdict:
    """Retract ``claim``: record the verdict "retracted" with ``reason``, refusing a second one.

    ``expected_version`` is the claim version the person saw; a verdict
    decided since raises ``VerdictConflict`` (409), as on the verdict form.
    """
    found = claims_lock(claim_ids=[claim.pk])
    if claim.pk not in found:
        raise Conflict("The claim was deleted meanwhile. Reload the page.")
    if found[claim.pk].verdict == Outcome.RETRACTED:
        raise ValidationError({"reason": ALREADY_RETRACTED})
    return verdict_decide(
        claim=claim,
        outcome=Outcome.RETRACTED,
        reason=reason,
        decided_by=actor,
        expected_version=expected_version,
    )
