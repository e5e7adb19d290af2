"""Recorded letters, and the report groups a letter may be recorded for."""

from __future__ import annotations

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast

from sources import roles
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


def letter_overrides_for(*, viewer) -> QuerySet[LetterOverride]:
    """Return recorded letters, leaving out those of sources the viewer may not know.

    A source's letter is keyed by its id, as in the reports.
    """
    if not roles.is_staff_member(viewer):
        return LetterOverride.objects.none()
    visible = sources_for(viewer=viewer).annotate(key=Cast("pk", CharField())).values("key")
    return LetterOverride.objects.filter(
        ~Q(group_kind=LetterOverride.GroupKind.SOURCE) | Q(group_key__in=visible)
    )


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
        return Attribution.objects.filter(descriptor=group_key).exists()
    models = {kind.REGION: Region, kind.OUTLET: Outlet, kind.TOPIC: Topic}
    return group_kind in models and models[group_kind].objects.filter(slug=group_key).exists()
