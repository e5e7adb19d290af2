"""Give rows written in bulk the history a save() would have written."""

from __future__ import annotations

from collections.abc import Iterable

from sources.models import (
    Claim,
)


def claim_history_topics(*, records: Iterable[tuple[int, int]]) -> int:
    """Give bulk-created claim history records their topics, as a save() would.

    ``records`` are (history_id, claim_id) pairs; bulk history skips
    many-to-many fields, so without this a claim's history shows no topics.
    Return the number of topic history rows written.
    """
    from django.apps import apps

    TopicHistory = apps.get_model("sources", "HistoricalClaim_topics")
    records = list(records)
    topics: dict[int, list[tuple[int, int]]] = {}
    claim_ids = list({claim_id for _, claim_id in records})
    for start in range(0, len(claim_ids), 500):
        for row_id, claim_id, topic_id in Claim.topics.through.objects.filter(
            claim_id__in=claim_ids[start : start + 500]
        ).values_list("id", "claim_id", "topic_id"):
            topics.setdefault(claim_id, []).append((row_id, topic_id))
    created = TopicHistory.objects.bulk_create(
        [
            TopicHistory(id=row_id, history_id=history_id, claim_id=claim_id, topic_id=topic_id)
            for history_id, claim_id in records
            for row_id, topic_id in topics.get(claim_id, [])
        ],
        batch_size=500,
    )
    return len(created)
