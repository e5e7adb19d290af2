"""Editors' forecasts, as each viewer may read them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet

from sources.models import Forecast
from sources.selectors.scope import claims_for

if TYPE_CHECKING:
    from sources.permissions import Viewer


def forecasts_for(*, viewer: Viewer) -> QuerySet[Forecast]:
    """Return the forecasts on the claims the viewer may see, newest first.

    Every newsroom role reads them; whose they are is a staff name, shown as
    ``permissions.staff_name`` allows (fact-checkers read "newsroom staff").
    """
    return Forecast.objects.filter(claim__in=claims_for(viewer=viewer)).order_by("-made_at", "-pk")
