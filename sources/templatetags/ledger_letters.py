"""Template tag for the line on every card that says what the suggested letter rests on."""

from __future__ import annotations

from django import template

from sources.domain.letter_basis import letter_basis as explain
from sources.reports.figures import reliability_config

register = template.Library()


@register.simple_tag
def letter_basis(record) -> str:
    """Return why ``record`` (any report figures) has its suggested letter; auto-escaped."""
    config = reliability_config()
    # The bound LETTER_BASIS picks: the pooled interval's once priors are fitted (issue 14).
    low = getattr(record, "letter_low", record.interval_low)
    text = explain(
        letter=record.suggested_letter,
        interval_low=low,
        resolved=record.resolved,
        min_resolved=config["MIN_RESOLVED"],
        confidence=config["CONFIDENCE"],
        thresholds=config["THRESHOLDS"],
    )
    pooled = low is not None and low == getattr(record, "pooled_low", None)
    if pooled and record.suggested_letter != "F":
        text += " The interval is the pooled estimate's."
    return text
