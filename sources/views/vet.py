"""The page an editor opens before publishing: how has this source done before?"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sources import cache_versions, permissions, search, selectors, services
from sources.forms import ForecastForm, VetForm
from sources.reports import forecasts_of, report_today, track_record
from sources.reports.risk import risk_panel
from sources.validators import check_number, check_text
from sources.views.common import answers_refusals, newsroom_required, require
from sources.views.fragments import cached_fragment
from sources.views.suggestions import suggestions

SIMILAR_LIMIT = 10


@newsroom_required
@answers_refusals(multiline_query=("text",))
def vet(request):
    """Show the track-record card for a source or descriptor, and similar past claims.

    The form is a GET form: vetting reads and never writes, and the result can
    be bookmarked or sent to a colleague. What it shows follows from the query,
    the viewer and what is on file, so it is cached under all three until a
    write changes anything (``views.fragments``).
    """
    viewer = request.user
    body = cached_fragment(
        viewer=viewer,
        name="vet",
        versions=cache_versions.NAMES,
        # What was asked: the whole query, which the page also sends back as "next".
        parts=(request.get_full_path(), report_today()),
        personal=True,
        template="sources/_vet_body.html",
        build=lambda holes: _vet_context(request),
        request=request,
    )
    return render(request, "sources/vet.html", {"body": body["html"]})


def _vet_context(request) -> dict:
    """Return what the vet page shows for the query asked."""
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
    return {
        "form": form,
        "record": record,
        "risk": risk,
        "forecast_claim": forecast_claim,
        "forecast_form": forecast_form,
        "forecasts": earlier,
        "similar": similar,
        "today": report_today(),
        "can_record_vetting": permissions.can_record_vetting(viewer=viewer),
        **suggestions(viewer),
    }


@require_POST
@newsroom_required
@answers_refusals()
def vet_record(request):
    """Record that the editor vetted this source or descriptor: its card keeps what they saw.

    The record is not stored: the card counts it again as of the day of the
    vetting from the dated rows, so it shows what the editor had then.
    """
    viewer = request.user
    require(permissions.can_record_vetting(viewer=viewer), "Only editors record vettings.")
    source = None
    given = request.POST.get("source", "").strip()
    if given:
        source = selectors.source_get(viewer=viewer, pk=check_number(given, field="source"))
    descriptor = check_text(request.POST.get("descriptor", ""), field="descriptor", max_length=300)
    vetting = services.vetting_record(
        editor=viewer, source=source, descriptor="" if source else descriptor
    )
    named = source.codename if source else f"“{vetting.descriptor}”"
    messages.success(request, f"Recorded your vetting of {named}; its card shows what you saw.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("sources:vet")
    return HttpResponseRedirect(target)
