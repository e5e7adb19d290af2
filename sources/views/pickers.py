"""The live search of the pickers (htmx): the matches for what was typed, as a list to tick.

Each answers the fragment the picker swaps in, built by the same widget the
form renders (``sources.forms.pickers``), so with and without script the
list reads the same. Rows come from the viewer's own querysets.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sources import selectors
from sources.domain.text import MAX_ID, whole_number
from sources.forms.pickers import PickerWidget
from sources.views.common import answers_refusals, newsroom_required, query_text

FIELD_NAME = re.compile(r"^[A-Za-z0-9_-]{1,100}$")
OPTIONS_TEMPLATE = "sources/widgets/_picker_options.html"


def _widget(request, *, kind: str) -> tuple[PickerWidget, str, list[str]]:
    name = query_text(request, "name")
    if not FIELD_NAME.match(name):
        raise ValidationError({"name": "Not a field of this form."})
    widget = PickerWidget(kind=kind, multiple=request.GET.get("multiple") == "1")
    widget.query = query_text(request, f"{name}_q")
    chosen = [value for value in request.GET.getlist(name) if value]
    return widget, name, chosen


def _answer(request, widget: PickerWidget, name: str, chosen: list[str]):
    context = widget.get_context(name, chosen, {"id": f"id_{name}"})
    return render(request, OPTIONS_TEMPLATE, {"widget": context["widget"]})


@require_GET
@newsroom_required
@answers_refusals()
def pick_articles(request):
    viewer = request.user
    widget, name, chosen = _widget(request, kind="article")
    widget.hits = selectors.article_search(viewer=viewer, query=widget.query)
    widget.lookup = lambda ids: (
        selectors.articles_for(viewer=viewer).select_related("outlet").in_bulk(ids)
    )
    return _answer(request, widget, name, chosen)


@require_GET
@newsroom_required
@answers_refusals()
def pick_evidence(request):
    viewer = request.user
    widget, name, chosen = _widget(request, kind="evidence")
    claim = None
    given = request.GET.get("claim", "")
    if given:
        number = whole_number(given, minimum=1, maximum=MAX_ID)
        claim = selectors.claims_for(viewer=viewer).filter(pk=number).first() if number else None
        if claim is None:
            raise Http404("No such claim.")
    widget.hits = selectors.evidence_search(viewer=viewer, query=widget.query, exclude_claim=claim)
    widget.lookup = lambda ids: (
        selectors.evidence_for(viewer=viewer).select_related("article").in_bulk(ids)
    )
    return _answer(request, widget, name, chosen)
