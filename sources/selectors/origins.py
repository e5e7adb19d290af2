"""Reads for independent origins: networks, copy flags, and the claims a network touches."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet

from sources import permissions
from sources.models import CopyFlag, EvidenceLink, Network

if TYPE_CHECKING:
    from sources.permissions import Viewer


def networks_for(*, viewer: Viewer) -> QuerySet[Network]:
    """Return the networks the viewer may know of, each with ``members``, its source count."""
    if not permissions.can_see_networks(viewer=viewer):
        return Network.objects.none()
    return Network.objects.annotate(members=Count("sources"))


def copy_flags_for(*, viewer: Viewer) -> QuerySet[CopyFlag]:
    """Return the copy flags the viewer may read: every one, for any newsroom role.

    A flag names two articles and a link, all of which every role reads.
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return CopyFlag.objects.none()
    return CopyFlag.objects.all()


def copy_flags_of_links(*, links: Sequence[EvidenceLink]) -> dict[int, list[CopyFlag]]:
    """Return link id -> the flags that speak for it: its own, and its evidence's article's.

    One query whatever the number of links. The claim page shows them, and
    the derived engine judges the link by them (``services.derived``).
    """
    if not links:
        return {}
    articles = {link.evidence.article_id for link in links if link.evidence.article_id}
    rows = (
        CopyFlag.objects.filter(
            Q(link_id__in=[link.pk for link in links]) | Q(article_id__in=articles)
        )
        .select_related("ruled_by")
        .order_by("-score", "pk")
    )
    found: dict[int, list[CopyFlag]] = {link.pk: [] for link in links}
    by_article: dict[int, list[CopyFlag]] = {}
    for flag in rows:
        if flag.link_id is not None:
            found.setdefault(flag.link_id, []).append(flag)
        else:
            by_article.setdefault(flag.article_id, []).append(flag)
    for link in links:
        found[link.pk] += by_article.get(link.evidence.article_id, [])
    return found
