"""The fact-checking queue: every claim still pending or disputed."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sources import selectors
from sources.forms import QueueFilter
from sources.views.common import paginate
from sources.views.pages import claim_rows


@login_required
def queue(request):
    claims = claim_rows(
        selectors.claims_for(viewer=request.user)
        .awaiting_check()
        .select_related("article__reporter")
    )
    filters = QueueFilter(request.GET, queryset=claims, request=request)
    page, querystring = paginate(request, filters.qs)
    return render(
        request,
        "sources/queue.html",
        {"filter": filters, "page": page, "querystring": querystring},
    )
