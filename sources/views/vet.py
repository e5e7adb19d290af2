"""The page an editor opens before publishing: how has this source done before?"""

from __future__ import annotations

from django.shortcuts import render

from sources import permissions, search, selectors
from sources.forms import ForecastForm, VetForm
from sources.reports import forecasts_of, track_record
from sources.reports.risk import risk_panel
from sources.views.common import answers_refusals, newsroom_required
from sources.views.suggestions import suggestions

SIMILAR_LIMIT = 10


@newsroom_required
@answers_refusals(multiline_query=("text",))
def vet(request):
    """Show the track-record card for a source or descriptor, and similar past claims.

    The form is a GET form: vetting reads and never writes, and the result can
    be bookmarked or sent to a colleague.
    """
    viewer = request.user
    form = VetForm(request.GET or None, viewer=viewer)
    record = similar = risk = None
    forecast_claim = forecast_form = None
    earlier: list = []
    if form.is_valid():
        data = form.cleaned_data
        if data["source"] or data["descriptor"]:
            record = track_record(
                viewer=viewer,
                source=data["source"],
                descriptor=data["descriptor"] or None,
                region=data["region"],
                topic=data["topic"],
            )
            risk = risk_panel(record)
        if data["claim"] is not None and permissions.can_record_forecast(viewer=viewer):
            # The claim being vetted, once filed: the editor may record a forecast for it.
            forecast_claim = data["claim"]
            forecast_form = ForecastForm()
            earlier = forecasts_of(viewer=viewer, claim=forecast_claim)
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
            "risk": risk,
            "forecast_claim": forecast_claim,
            "forecast_form": forecast_form,
            "forecasts": earlier,
            "similar": similar,
            **suggestions(viewer),
        },
    )
