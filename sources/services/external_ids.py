"""Give exported rows permanent names, so an export can be imported again."""

from __future__ import annotations

from django.db import transaction

from sources.models import (
    Article,
    Claim,
    Evidence,
)
from sources.services.common import Actor

_EXTERNAL_ID_PREFIX = {
    Article: "ledger-article-",
    Claim: "ledger-claim-",
    Evidence: "ledger-evidence-",
}


@transaction.atomic
def external_ids_assign(*, actor: Actor = None) -> int:
    """Give every article, claim and evidence row without an external id a permanent one.

    An export names rows by external id; assigning missing ones once, and
    keeping them, is what lets the exported file be imported again into the
    same newsroom without duplicating anything. Return how many were assigned.
    """
    from simple_history.utils import bulk_update_with_history

    assigned = 0
    for model, prefix in _EXTERNAL_ID_PREFIX.items():
        rows = list(model.objects.filter(external_id__isnull=True).order_by("pk"))
        if not rows:
            continue
        # Another newsroom's export may already have used the name; never collide.
        taken = set(
            model.objects.filter(external_id__startswith=prefix).values_list(
                "external_id", flat=True
            )
        )
        for row in rows:
            candidate, n = f"{prefix}{row.pk}", 1
            while candidate in taken:
                n += 1
                candidate = f"{prefix}{row.pk}-{n}"
            taken.add(candidate)
            row.external_id = candidate
        bulk_update_with_history(rows, model, ["external_id"], batch_size=500, default_user=actor)
        assigned += len(rows)
    return assigned
