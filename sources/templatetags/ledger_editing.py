"""Small lookups the correction pages' templates need."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Return ``mapping[key]``, or None: a dict keyed by id, read in a loop."""
    if not hasattr(mapping, "get"):
        return None
    return mapping.get(key)
