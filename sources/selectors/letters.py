"""Recorded letters, and the report groups a letter may be recorded for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from sources import permissions
from sources.domain.rules import descriptor_group
from sources.models import (
    Article,
    Attribution,
    LetterOverride,
    Outlet,
    Region,
    Source,
    Topic,
)
from sources.selectors.scope import sources_for

if TYPE_CHECKING:
    from sources.permissions import Viewer


def letter_overrides_for(*, viewer: Viewer) -> QuerySet[LetterOverride]:
    """Return recorded letters, leaving out those of groups the viewer may not see.

    A source's letter is keyed by its id, as in the reports, and shown only to
    those who may know the source; a reporter's letter only to those who may
    see the reporter grouping (``permissions.can_view_report``).
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return LetterOverride.objects.none()
    kind = LetterOverride.GroupKind
    visible = sources_for(viewer=viewer).annotate(key=Cast("pk", CharField())).values("key")
    letters = LetterOverride.objects.filter(~Q(group_kind=kind.SOURCE) | Q(group_key__in=visible))
    hidden = [k for k in kind.values if not permissions.can_view_report(viewer=viewer, obj=k)]
    return letters.exclude(group_kind__in=hidden) if hidden else letters


def group_exists(*, group_kind: str, group_key: str) -> bool:
    """Say whether a report group a letter may be recorded for exists.

    Reporters count only if they reported an article, so a key cannot be
    used to look up any user.
    """
    kind = LetterOverride.GroupKind
    if group_kind in (kind.SOURCE, kind.REPORTER):
        if not group_key.isdigit():
            return False
        if group_kind == kind.SOURCE:
            return Source.objects.filter(pk=int(group_key)).exists()
        return Article.objects.filter(reporter_id=int(group_key)).exists()
    if group_kind == kind.DESCRIPTOR:
        return Attribution.objects.filter(descriptor_key=descriptor_group(group_key)).exists()
    models = {kind.REGION: Region, kind.OUTLET: Outlet, kind.TOPIC: Topic}
    return group_kind in models and models[group_kind].objects.filter(slug=group_key).exists()
