"""Template filters for the newsroom's pages."""

from __future__ import annotations

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from sources import reports

register = template.Library()

# The same escapes as Django's json_script, so the data cannot close its <script> tag.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def jsonld(value) -> str:
    """Return ``value`` as JSON safe to place inside <script type="application/ld+json">."""
    return mark_safe(json.dumps(value, cls=DjangoJSONEncoder).translate(_JSON_ESCAPES))


@register.filter
def percent(value) -> str:
    """Return a rate between 0 and 1 as a whole percentage, or a dash when unknown."""
    return reports.percent(None if value is None or value == "" else float(value))
