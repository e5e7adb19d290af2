"""Bulk-insert helpers shared by the large-file import paths.

``bulk_create_with_history`` records history for the rows themselves, but not
for many-to-many fields; ``claim_topic_history`` adds what a ``save()`` and
``topics.add()`` would have recorded, so the history of a bulk-imported claim
looks like that of a claim filed through the page.
"""

from __future__ import annotations

from django.apps import apps

from sources.models import Claim

BATCH = 500


def claim_topic_history(claim_ids: list[int]) -> int:
    """Give the creation records of these claims their topics; return rows written."""
    TopicHistory = apps.get_model("sources", "HistoricalClaim_topics")
    topics: dict[int, list[tuple[int, int]]] = {}
    records: list[tuple[int, int]] = []
    for start in range(0, len(claim_ids), BATCH):
        chunk = claim_ids[start : start + BATCH]
        for row_id, claim_id, topic_id in Claim.topics.through.objects.filter(
            claim_id__in=chunk
        ).values_list("id", "claim_id", "topic_id"):
            topics.setdefault(claim_id, []).append((row_id, topic_id))
        records += list(
            Claim.history.filter(id__in=chunk, history_type="+").values_list("history_id", "id")
        )
    created = TopicHistory.objects.bulk_create(
        [
            TopicHistory(id=row_id, history_id=history_id, claim_id=claim_id, topic_id=topic_id)
            for history_id, claim_id in records
            for row_id, topic_id in topics.get(claim_id, [])
        ],
        batch_size=BATCH,
    )
    return len(created)
