"""What each viewer may see: the querysets every list, report, export and the API start from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from sources import permissions
from sources.domain.rules import descriptor_group
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    Source,
    SourceRollup,
    Verdict,
)

if TYPE_CHECKING:
    from sources.permissions import Viewer


def sources_for(*, viewer: Viewer) -> QuerySet[Source]:
    """Return the sources a viewer may know exist.

    Editors, fact-checkers and admins see every codename; a reporter sees the
    sources they handle and those of their desks. The rule is
    ``permissions.source_scope``, the same condition ``can_see_source`` tests
    one source against, so a list and a single check cannot disagree.
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return Source.objects.none()
    scope = permissions.source_scope(viewer=viewer)
    return Source.objects.all() if scope is None else Source.objects.filter(scope)


def shared_scope(*, viewer: Viewer) -> str | None:
    """Name what the viewer may see when it is the same for a whole group of people.

    Editors, fact-checkers and admins all see every source and every claim, so
    lists built for one of them may be shown to another ("every-source"). A
    reporter's sources depend on their own desks: None.
    """
    if permissions.sees_every_source(viewer=viewer):
        return "every-source"
    return None


def source_get(*, viewer: Viewer, pk: int | str, related: Iterable[str] = ()) -> Source:
    """Return one source the viewer may see, or raise Http404 as if it did not exist.

    ``related`` names relations to load in the same query (``select_related``).
    """
    try:
        return sources_for(viewer=viewer).select_related(*related).get(pk=pk)
    except (Source.DoesNotExist, ValueError, TypeError):
        raise Http404("No such source.") from None


def claims_for(*, viewer: Viewer) -> QuerySet[Claim]:
    """Return the claims a viewer may see: every claim, for any newsroom role."""
    if not permissions.can_use_newsroom(viewer=viewer):
        return Claim.objects.none()
    return Claim.objects.all()


def source_rollup(*, viewer: Viewer, source: Source | int) -> SourceRollup | None:
    """Return the source's rollup, if its figures are the viewer's own count of its claims.

    A rollup counts every claim of the source. Anyone who may know of a source
    holds a newsroom role, and every newsroom role sees every claim
    (``claims_for``), so they may read the stored figures instead of counting.
    Return None when no rollup is stored. Raise PermissionDenied for a source
    the viewer may not know of.
    """
    pk = getattr(source, "pk", source)
    found = sources_for(viewer=viewer).filter(pk=pk).select_related("rollup").first()
    if found is None:
        raise PermissionDenied("You may not see this source's record.")
    try:
        return found.rollup
    except SourceRollup.DoesNotExist:
        return None


def articles_for(*, viewer: Viewer) -> QuerySet[Article]:
    if not permissions.can_use_newsroom(viewer=viewer):
        return Article.objects.none()
    return Article.objects.all()


def evidence_for(*, viewer: Viewer) -> QuerySet[Evidence]:
    if not permissions.can_use_newsroom(viewer=viewer):
        return Evidence.objects.none()
    return Evidence.objects.all()


def links_for(*, viewer: Viewer) -> QuerySet[EvidenceLink]:
    """Return the links the viewer may read, each saying whether its evidence predates the claim."""
    if not permissions.can_use_newsroom(viewer=viewer):
        return EvidenceLink.objects.none()
    return EvidenceLink.objects.annotate(
        **{EvidenceLink.PREDATES_ANNOTATION: EvidenceLink.predates_expression()}
    )


def access_log_for(*, viewer: Viewer) -> QuerySet[IdentityAccessLog]:
    """Return the identity access log, for admins only."""
    if not permissions.can_view_access_log(viewer=viewer):
        return IdentityAccessLog.objects.none()
    return IdentityAccessLog.objects.select_related("user", "source")


def public_claims() -> QuerySet[Claim]:
    """Return the claims the public track record counts: all of them, or none when it is off.

    Readers get figures only; the report module never shows them claims, codenames,
    reporters or handlers.
    """
    from django.conf import settings

    if not settings.PUBLIC_TRACK_RECORD:
        return Claim.objects.none()
    return Claim.objects.all()


def source_visible(*, viewer: Viewer, field: str = "source_id") -> Exists:
    """Return an annotation saying whether the viewer may know the row's source.

    Rows such as attributions and evidence are readable by all staff, but which
    source they name is need-to-know: show it only where this is true.
    """
    return Exists(sources_for(viewer=viewer).filter(pk=OuterRef(field)))


def attributions_for(*, viewer: Viewer) -> QuerySet[Attribution]:
    """Return the attributions of the viewer's claims, each annotated ``source_visible``.

    Any newsroom role sees every claim (``claims_for``), so every attribution.
    This says so directly rather than filtering on the claims: PostgreSQL
    answers ``claim_id IN (SELECT id FROM claim)`` by reading every claim
    (150–210 ms at 1M claims, for the vet page's descriptor list).
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return Attribution.objects.none()
    return Attribution.objects.annotate(source_visible=source_visible(viewer=viewer))


def verdicts_for(*, viewer: Viewer) -> QuerySet[Verdict]:
    """Return the verdicts on the claims the viewer may see."""
    return Verdict.objects.filter(claim__in=claims_for(viewer=viewer))


def codenames_of(*, viewer: Viewer, pks: Iterable[int]) -> dict[int, str]:
    """Return {source id: codename} for those of the sources the viewer may know of."""
    return dict(sources_for(viewer=viewer).filter(pk__in=set(pks)).values_list("pk", "codename"))


def sources_by_descriptor(*, viewer: Viewer, descriptors: Iterable[str]) -> dict[str, int]:
    """Return the source id each printed descriptor names, keyed by its descriptor key.

    A descriptor names a source when it has the same key
    (``rules.descriptor_group``: case, spacing and quotes folded) as that
    source's default descriptor and no other source visible to the viewer
    shares that key, so "An additional source in Hyesan" names the source
    filed as "an additional source in Hyesan". Ambiguous or unknown
    descriptors are left out. One query, whatever the number of sources.
    """
    keys = {descriptor_group(d): d for d in descriptors if d and d.strip()}
    if not keys:
        return {}
    # Candidates by a case-insensitive match of a few spellings, confirmed by the key.
    spellings = set()
    for printed in keys.values():
        plain = " ".join(printed.split())
        spellings |= {printed.strip(), plain, plain.replace("\u2019", "'").replace("\u2018", "'")}
    condition = Q()
    for spelling in spellings:
        condition |= Q(descriptor__iexact=spelling)
    matches: dict[str, list[int]] = {}
    for pk, descriptor in (
        sources_for(viewer=viewer).filter(condition).values_list("pk", "descriptor")
    ):
        key = descriptor_group(descriptor)
        if key in keys:
            matches.setdefault(key, []).append(pk)
    return {key: pks[0] for key, pks in matches.items() if len(pks) == 1}


def reporters_for(*, viewer: Viewer) -> QuerySet:
    """Return the staff who reported an article, for those who may see staff names; else none."""
    if not permissions.can_see_staff_names(viewer=viewer):
        return get_user_model().objects.none()
    return get_user_model().objects.filter(articles__isnull=False).distinct().order_by("username")
