"""Typing suggestions for the vet page and the story form, bounded however large the archive."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from sources.models import (
    SourceRollup,
)
from sources.selectors.scope import attributions_for, sources_for

if TYPE_CHECKING:
    from sources.permissions import Viewer


def codename_suggestions(*, viewer: Viewer, limit: int) -> QuerySet:
    """Return the codenames of the viewer's most-cited sources, busiest first."""
    return (
        SourceRollup.objects.filter(source__in=sources_for(viewer=viewer))
        .order_by("-claims", "source__codename")
        .values_list("source__codename", flat=True)[:limit]
    )


def descriptor_suggestions(*, viewer: Viewer, limit: int, window: int) -> QuerySet:
    """Return the descriptors printed most among the latest ``window`` attributions.

    Only a bounded slice of the archive is counted, however large it grows.
    """
    recent = attributions_for(viewer=viewer).order_by("-pk")
    threshold = next(iter(recent.values_list("pk", flat=True)[window - 1 : window]), None)
    if threshold is not None:
        recent = recent.filter(pk__gte=threshold)
    return (
        recent.values("descriptor")
        .annotate(uses=Count("pk"))
        .order_by("-uses", "descriptor")
        .values_list("descriptor", flat=True)[:limit]
    )
