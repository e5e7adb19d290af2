"""Bulk-insert helpers shared by the large-file import paths.

``bulk_create_with_history`` records history for the rows themselves, but not
for many-to-many fields; ``claim_topic_history`` adds what a ``save()`` and
``topics.add()`` would have recorded, so the history of a bulk-imported claim
looks like that of a claim filed through the page.
"""

from __future__ import annotations

from sources import services
from sources.models import Claim

BATCH = 500


def claim_topic_history(claim_ids: list[int]) -> int:
    """Give the creation records of these claims their topics; return rows written."""
    records: list[tuple[int, int]] = []
    for start in range(0, len(claim_ids), BATCH):
        records += Claim.history.filter(
            id__in=claim_ids[start : start + BATCH], history_type="+"
        ).values_list("history_id", "id")
    return services.claim_history_topics(records=records)
