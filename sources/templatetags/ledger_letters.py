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
    return explain(
        letter=record.suggested_letter,
        interval_low=record.interval_low,
        resolved=record.resolved,
        min_resolved=config["MIN_RESOLVED"],
        confidence=config["CONFIDENCE"],
        thresholds=config["THRESHOLDS"],
    )
