"""The fact-checking queue: every claim still pending or disputed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sources import selectors
from sources.forms import QueueFilter
from sources.views.common import paginate


@login_required
def queue(request):
    viewer = request.user
    claims = (
        selectors.claims_for(viewer=viewer)
        .awaiting_check()
        .for_list()
        .select_related("article__reporter")
    )
    filters = QueueFilter(request.GET, queryset=claims, request=request)
    page, querystring = paginate(request, filters.qs)
    return render(
        request,
        "sources/queue.html",
        {"filter": filters, "page": page, "querystring": querystring},
    )
