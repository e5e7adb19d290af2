"""The fact-checking queue: every claim still pending or disputed."""

from __future__ import annotations

from django.shortcuts import render

from sources import reports, selectors
from sources.forms import QueueFilter
from sources.views.common import answers_refusals, newsroom_required, paginate


@newsroom_required
@answers_refusals()
def queue(request):
    viewer = request.user
    claims = (
        selectors.claims_for(viewer=viewer)
        .awaiting_check()
        .for_list()
        .select_related("article__reporter", "assigned_to")
    )
    filters = QueueFilter(request.GET, queryset=claims, request=request)
    page, querystring = paginate(request, filters.qs)
    return render(
        request,
        "sources/queue.html",
        {
            "filter": filters,
            "page": page,
            "querystring": querystring,
            "today": reports.report_today(),
        },
    )
