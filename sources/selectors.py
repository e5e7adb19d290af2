"""Every read that depends on who is looking goes through these functions.

They return querysets, so list pages, search, reports, the API and exports
filter alike, and the need-to-know rules live in this one place.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from sources import roles
from sources.models import Article, Claim, Evidence, EvidenceLink, Source


def sources_for(*, viewer) -> QuerySet[Source]:
    """Return the sources a viewer may know exist.

    Editors, fact-checkers and admins see every codename; a reporter sees the
    sources they handle and those of their desks.
    """
    held = roles.roles_of(viewer)
    if not held:
        return Source.objects.none()
    if held & {roles.EDITOR, roles.FACT_CHECKER, roles.ADMIN}:
        return Source.objects.all()
    return Source.objects.filter(Q(handler=viewer) | Q(desk__members=viewer)).distinct()


def claims_for(*, viewer) -> QuerySet[Claim]:
    """Return the claims a viewer may see: every claim, for any newsroom role."""
    if not roles.is_staff_member(viewer):
        return Claim.objects.none()
    return Claim.objects.all()


def articles_for(*, viewer) -> QuerySet[Article]:
    if not roles.is_staff_member(viewer):
        return Article.objects.none()
    return Article.objects.all()


def evidence_for(*, viewer) -> QuerySet[Evidence]:
    if not roles.is_staff_member(viewer):
        return Evidence.objects.none()
    return Evidence.objects.all()


def links_for(*, viewer) -> QuerySet[EvidenceLink]:
    if not roles.is_staff_member(viewer):
        return EvidenceLink.objects.none()
    return EvidenceLink.objects.all()


def can_see_handler(*, viewer) -> bool:
    """Return whether the viewer may learn which reporter handles a source."""
    held = roles.roles_of(viewer)
    return bool(held) and held != {roles.FACT_CHECKER}
