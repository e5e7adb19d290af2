"""The page an editor opens before publishing: how has this source done before?"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.shortcuts import render

from sources import search, selectors
from sources.forms import VetForm
from sources.models import Attribution
from sources.reports import track_record

SIMILAR_LIMIT = 10
DESCRIPTOR_OPTIONS = 200
DESCRIPTOR_WINDOW = 5000
SOURCE_OPTIONS = 200


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
            "descriptors": published_descriptors(viewer),
            "codenames": busiest_codenames(viewer),
        },
    )


def published_descriptors(viewer):
    """Return the descriptors recent stories printed most, to suggest while typing.

    Only the latest ``DESCRIPTOR_WINDOW`` attributions are counted, so the
    query reads a bounded slice of the archive however large it grows.
    """
    recent = (
        Attribution.objects.filter(claim__in=selectors.claims_for(viewer=viewer))
        .order_by("-id")
        .values("pk")[:DESCRIPTOR_WINDOW]
    )
    return (
        Attribution.objects.filter(pk__in=recent)
        .values("descriptor")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "descriptor")
        .values_list("descriptor", flat=True)[:DESCRIPTOR_OPTIONS]
    )


def busiest_codenames(viewer):
    """Return the codenames of the viewer's most-cited sources, to suggest while typing."""
    return (
        selectors.sources_for(viewer=viewer)
        .order_by(F("rollup__claims").desc(nulls_last=True), "codename")
        .values_list("codename", flat=True)[:SOURCE_OPTIONS]
    )
