"""The page an editor opens before publishing: how has this source done before?"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sources import search, selectors
from sources.forms import VetForm
from sources.reports import track_record
from sources.views.suggestions import suggestions

SIMILAR_LIMIT = 10


@login_required
def vet(request):
    """Show the track-record card for a source or descriptor, and similar past claims.

    The form is a GET form: vetting reads and never writes, and the result can
    be bookmarked or sent to a colleague.
    """
    viewer = request.user
    form = VetForm(request.GET or None, viewer=viewer)
    record = similar = None
    if form.is_valid():
        data = form.cleaned_data
        record = track_record(
            viewer=viewer,
            source=data["source"],
            descriptor=data["descriptor"] or None,
            region=data["region"],
            topic=data["topic"],
        )
        if data["text"].strip():
            similar = list(
                search.similar_claims(
                    selectors.claims_for(viewer=viewer).for_list(),
                    data["text"],
                    limit=SIMILAR_LIMIT,
                )
            )
    return render(
        request,
        "sources/vet.html",
        {
            "form": form,
            "record": record,
            "similar": similar,
            **suggestions(viewer),
        },
    )
