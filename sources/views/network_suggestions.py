"""The page where an editor reviews source pairs suggested as possible networks."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from sources import permissions
from sources.domain.networks import MIN_NPMI, MIN_SUPPORT
from sources.reports.networks import network_suggestions
from sources.views.common import answers_refusals, newsroom_required, require


@require_GET
@newsroom_required
@answers_refusals()
def suggested_networks(request):
    """List source pairs that appear together or corroborate each other far more than chance."""
    viewer = request.user
    require(
        permissions.can_view_network_suggestions(viewer=viewer),
        "Suggested networks are for editors.",
    )
    return render(
        request,
        "sources/networks/suggested.html",
        {
            "pairs": network_suggestions(viewer=viewer),
            "min_npmi": MIN_NPMI,
            "min_support": MIN_SUPPORT,
            "can_see_networks": permissions.can_see_networks(viewer=viewer),
        },
    )
