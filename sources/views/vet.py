"""The page an editor opens before publishing: how has this source done before?"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sources import search, selectors
from sources.forms import VetForm
from sources.models import Attribution
from sources.views.common import optional_function
from sources.views.pages import claim_rows

SIMILAR_LIMIT = 10
DESCRIPTOR_OPTIONS = 200


@login_required
def vet(request):
    """Show the track-record card for a source or descriptor, and similar past claims.

    The form is a GET form: vetting reads and never writes, and the result can
    be bookmarked or sent to a colleague.
    """
    viewer = request.user
    form = VetForm(request.GET or None, viewer=viewer)
    record = similar = None
    track_record = optional_function("sources.reports", "track_record")
    if form.is_valid():
        data = form.cleaned_data
        if track_record is not None:
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
                    claim_rows(selectors.claims_for(viewer=viewer)),
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
            "reports_ready": track_record is not None,
            "descriptors": published_descriptors(viewer),
        },
    )


def published_descriptors(viewer):
    """Return the descriptors stories have printed, to suggest while typing."""
    return (
        Attribution.objects.filter(claim__in=selectors.claims_for(viewer=viewer))
        .order_by("descriptor")
        .values_list("descriptor", flat=True)
        .distinct()[:DESCRIPTOR_OPTIONS]
    )
