"""Every read that depends on who is looking goes through these functions.

They return querysets, so list pages, search, reports, the API and exports
filter alike, and the need-to-know rules live in this one place. The rules
are written out as a matrix in docs/security.md.

Identity details are never part of a queryset here: the only way to read them
is ``identity_for`` (one source, for a page or an API detail) or
``identities_for_export`` (many sources, for an export). Both decide, log the
look or the refusal in ``IdentityAccessLog`` and raise ``PermissionDenied``
or leave the source out when the viewer has no need to know.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404

from sources import roles, services
from sources.models import (
    Article,
    Attribution,
    Claim,
    Desk,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    LetterOverride,
    Source,
    SourceIdentity,
    SourceRollup,
    Verdict,
)

# Who may do what ----------------------------------------------------------------------


def _is_fact_checker(viewer) -> bool:
    """Return whether the fact-checker rule applies: it wins over any other role held.

    Superusers hold every role but are not treated as fact-checkers.
    """
    return roles.FACT_CHECKER in roles.roles_of(viewer) and not viewer.is_superuser


def is_editor(viewer) -> bool:
    """Return whether the viewer holds the editor role (superusers do; admins alone do not)."""
    return roles.has_role(viewer, roles.EDITOR) and not _is_fact_checker(viewer)


def is_admin(viewer) -> bool:
    return roles.has_role(viewer, roles.ADMIN)


def is_handler(*, viewer, source: Source) -> bool:
    """Return whether the viewer is the reporter who handles ``source``."""
    return (
        viewer is not None
        and viewer.is_authenticated
        and source.handler_id is not None
        and source.handler_id == viewer.pk
        and roles.has_role(viewer, roles.REPORTER)
        and not _is_fact_checker(viewer)
    )


def can_see_handler(*, viewer, source: Source | None = None) -> bool:
    """Return whether the viewer may learn which reporter handles a source.

    Fact-checkers never may. Reporters, editors and admins may, for the
    sources ``sources_for`` lets them see; pass ``source`` to check that too.
    """
    if not roles.is_staff_member(viewer) or _is_fact_checker(viewer):
        return False
    if source is None:
        return True
    return sources_for(viewer=viewer).filter(pk=source.pk).exists()


def can_read_identity(*, viewer, source: Source) -> bool:
    """Return whether the viewer may read the identity without giving a reason."""
    return is_handler(viewer=viewer, source=source)


def can_reveal_identity(*, viewer, source: Source) -> bool:
    """Return whether the viewer may read the identity through Reveal, with a reason."""
    return is_handler(viewer=viewer, source=source) or is_editor(viewer)


def can_edit_identity(*, viewer, source: Source) -> bool:
    """Only the handling reporter records who a source is, and not once it is burned."""
    return is_handler(viewer=viewer, source=source) and source.status != Source.Status.BURNED


def can_burn_source(*, viewer) -> bool:
    return is_editor(viewer) or is_admin(viewer)


def can_view_access_log(*, viewer) -> bool:
    return is_admin(viewer)


# Reads --------------------------------------------------------------------------------


# The roles that know of every source; a reporter knows those of their desks.
_SEE_EVERY_SOURCE = frozenset({roles.EDITOR, roles.FACT_CHECKER, roles.ADMIN})


def sources_for(*, viewer) -> QuerySet[Source]:
    """Return the sources a viewer may know exist.

    Editors, fact-checkers and admins see every codename; a reporter sees the
    sources they handle and those of their desks. The desk test is a subquery,
    not a join, so the result has no duplicates and aggregates stay right.
    """
    held = roles.roles_of(viewer)
    if not held:
        return Source.objects.none()
    if held & _SEE_EVERY_SOURCE:
        return Source.objects.all()
    return Source.objects.filter(
        Q(handler=viewer) | Q(desk__in=Desk.objects.filter(members=viewer).values("pk"))
    )


def shared_scope(*, viewer) -> str | None:
    """Name what the viewer may see when it is the same for a whole group of people.

    Editors, fact-checkers and admins all see every source and every claim, so
    lists built for one of them may be shown to another ("every-source"). A
    reporter's sources depend on their own desks: None.
    """
    if roles.roles_of(viewer) & _SEE_EVERY_SOURCE:
        return "every-source"
    return None


def source_get(*, viewer, pk, related: Iterable[str] = ()) -> Source:
    """Return one source the viewer may see, or raise Http404 as if it did not exist.

    ``related`` names relations to load in the same query (``select_related``).
    """
    try:
        return sources_for(viewer=viewer).select_related(*related).get(pk=pk)
    except (Source.DoesNotExist, ValueError, TypeError):
        raise Http404("No such source.") from None


def claims_for(*, viewer) -> QuerySet[Claim]:
    """Return the claims a viewer may see: every claim, for any newsroom role."""
    if not roles.is_staff_member(viewer):
        return Claim.objects.none()
    return Claim.objects.all()


def source_rollup(*, viewer, source) -> SourceRollup | None:
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


def access_log_for(*, viewer) -> QuerySet[IdentityAccessLog]:
    """Return the identity access log, for admins only."""
    if not can_view_access_log(viewer=viewer):
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


def source_visible(*, viewer, field: str = "source_id") -> Exists:
    """Return an annotation saying whether the viewer may know the row's source.

    Rows such as attributions and evidence are readable by all staff, but which
    source they name is need-to-know: show it only where this is true.
    """
    return Exists(sources_for(viewer=viewer).filter(pk=OuterRef(field)))


def attributions_for(*, viewer) -> QuerySet[Attribution]:
    """Return the attributions of the viewer's claims, each annotated ``source_visible``.

    Any newsroom role sees every claim (``claims_for``), so every attribution.
    This says so directly rather than filtering on the claims: PostgreSQL
    answers ``claim_id IN (SELECT id FROM claim)`` by reading every claim
    (150–210 ms at 1M claims, for the vet page's descriptor list).
    """
    if not roles.is_staff_member(viewer):
        return Attribution.objects.none()
    return Attribution.objects.annotate(source_visible=source_visible(viewer=viewer))


def codename_suggestions(*, viewer, limit: int) -> QuerySet:
    """Return the codenames of the viewer's most-cited sources, busiest first."""
    return (
        SourceRollup.objects.filter(source__in=sources_for(viewer=viewer))
        .order_by("-claims", "source__codename")
        .values_list("source__codename", flat=True)[:limit]
    )


def descriptor_suggestions(*, viewer, limit: int, window: int) -> QuerySet:
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


def verdicts_for(*, viewer) -> QuerySet[Verdict]:
    """Return the verdicts on the claims the viewer may see."""
    return Verdict.objects.filter(claim__in=claims_for(viewer=viewer))


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


# Identity details ---------------------------------------------------------------------

IDENTITY_FIELDS = ("real_name", "contact", "meeting_notes")


def identity_payload(identity: SourceIdentity | None) -> dict[str, str]:
    """Return identity details as a plain dict, for API responses and exports."""
    if identity is None:
        return dict.fromkeys(IDENTITY_FIELDS, "")
    return {name: getattr(identity, name) for name in IDENTITY_FIELDS}


def identity_for(
    *, viewer, source: Source, reason: str = "", ip_address: str | None = None
) -> SourceIdentity | None:
    """Return a source's identity for the viewer, logging the look; refuse otherwise.

    The handling reporter may read it; an editor only with a reason (the
    Reveal action). Anyone else gets ``PermissionDenied`` and a DENIED entry in
    the log. Returns None when the source has no identity (or was burned).
    Call it outside ``transaction.atomic`` so a refusal's log entry is kept.
    """
    reason = (reason or "").strip()
    allowed = can_read_identity(viewer=viewer, source=source) or (
        can_reveal_identity(viewer=viewer, source=source) and bool(reason)
    )
    user = viewer if viewer is not None and viewer.is_authenticated else None
    if not allowed:
        services.identity_access_record(
            source=source,
            user=user,
            action=IdentityAccessLog.Action.DENIED,
            reason=reason or "(no reason given)",
            ip_address=ip_address,
        )
        raise PermissionDenied("You may not see who this source is.")
    services.identity_access_record(
        source=source,
        user=user,
        action=IdentityAccessLog.Action.REVEAL,
        reason=reason or "Handling reporter",
        ip_address=ip_address,
    )
    return SourceIdentity.objects.filter(source=source).first()


def identities_for_export(
    *, viewer, sources: Iterable[Source], reason: str = "", ip_address: str | None = None
) -> dict[int, dict[str, str]]:
    """Return identity details by source id, for the sources the viewer may export.

    Exports leave identities out unless the caller asks explicitly, by calling
    this. Each exported identity is logged as EXPORT; each refused one as
    DENIED and left out of the result.
    """
    reason = (reason or "").strip()
    sources = list(sources)
    allowed = [
        s
        for s in sources
        if can_read_identity(viewer=viewer, source=s)
        or (can_reveal_identity(viewer=viewer, source=s) and reason)
    ]
    allowed_ids = {s.pk for s in allowed}
    user = viewer if viewer is not None and viewer.is_authenticated else None
    services.identity_access_record_many(
        entries=[
            IdentityAccessLog(
                source=source,
                user=user,
                action=(
                    IdentityAccessLog.Action.EXPORT
                    if source.pk in allowed_ids
                    else IdentityAccessLog.Action.DENIED
                ),
                reason=reason or ("Handling reporter" if source.pk in allowed_ids else "(export)"),
                ip_address=ip_address,
            )
            for source in sources
        ]
    )
    identities = SourceIdentity.objects.in_bulk(list(allowed_ids))
    return {pk: identity_payload(identities.get(pk)) for pk in allowed_ids}


# History ------------------------------------------------------------------------------


def history_for(*, viewer, obj, limit: int = 50, related: bool = False) -> list:
    """Return the newest history records of ``obj``, each with ``who``, ``subject``, ``changes``.

    For a claim with ``related=True``, the records of its attributions,
    evidence links and verdicts are merged in, newest first, so the claim page
    shows who linked what and who decided (three more queries). ``changes``
    lists (field label, old value, new value) against the previous record of
    the same object; many-to-many fields are left out, so the cost is one query
    per kind of record, whatever the length.

    Viewers who may not see staff names (fact-checkers) see neither the
    fields naming people (handler, filed by, ...) nor who made each change,
    since the person who created a source or filed a claim is usually the
    handler. Rows loaded in bulk
    without history (generate_newsroom, COPY) simply have no records.
    """
    if not roles.is_staff_member(viewer):
        return []
    hide_people = not can_see_staff_names(viewer=viewer)
    kinds = [(obj._meta, obj.history.all())]
    if related and isinstance(obj, Claim):
        kinds += [
            (Attribution._meta, Attribution.history.filter(claim_id=obj.pk)),
            (EvidenceLink._meta, EvidenceLink.history.filter(claim_id=obj.pk)),
            (Verdict._meta, Verdict.history.filter(claim_id=obj.pk)),
        ]
    records = []
    for meta, history in kinds:
        rows = list(
            history.select_related("history_user").order_by("-history_date", "-history_id")[
                : limit + 1
            ]
        )
        if not rows:
            continue
        excluded = {field.name for field in rows[0]._history_m2m_fields}
        if hide_people:
            excluded |= {
                f.name for f in meta.fields if f.is_relation and f.related_model is get_user_model()
            }
        per_object: dict[int, list] = {}
        for row in rows:
            per_object.setdefault(row.id, []).append(row)
        for same in per_object.values():
            for newer, older in zip(same, [*same[1:], None], strict=True):
                newer.changes = _changes(meta, newer, older, excluded)
        for row in rows:
            row.subject = str(meta.verbose_name)
            if hide_people:
                row.who = "newsroom staff"
            else:
                user = row.history_user
                row.who = user.get_username() if user is not None else "system"
        records += rows
    records.sort(key=lambda row: (row.history_date, row.history_id), reverse=True)
    return records[:limit]


def _changes(meta, newer, older, excluded) -> list[tuple[str, str, str]]:
    if older is None:
        return []
    changes = []
    for change in newer.diff_against(older, excluded_fields=excluded).changes:
        field = meta.get_field(change.field)
        changes.append(
            (str(field.verbose_name), _display(field, change.old), _display(field, change.new))
        )
    return changes


def _display(field, value) -> str:
    if value is None or value == "":
        return "—"
    choices = dict(field.flatchoices) if field.choices else {}
    return str(choices.get(value, value))


# Who may do what, by job ---------------------------------------------------------------
# The rows "File claims" .. "Import and export" of the permission matrix in docs/security.md.
# Pages, the API and templates all ask these, so the web and the API cannot disagree.


def _decides(viewer) -> bool:
    """Return whether the viewer has an editor's or admin's say; the fact-checker rule wins."""
    return roles.has_role(viewer, roles.EDITOR, roles.ADMIN) and not _is_fact_checker(viewer)


def can_file_claims(*, viewer) -> bool:
    """Reporters, editors and admins file claims."""
    return roles.has_role(viewer, roles.REPORTER, roles.EDITOR, roles.ADMIN)


def can_link_evidence(*, viewer) -> bool:
    """Fact-checkers, editors and admins record evidence and link it to claims."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)


def can_decide_verdict(*, viewer) -> bool:
    """Editors and admins decide verdicts; a fact-checker never does, whatever else they hold."""
    return _decides(viewer)


def can_record_letter(*, viewer) -> bool:
    """Editors and admins record a letter over the suggested one."""
    return _decides(viewer)


def can_exchange(*, viewer) -> bool:
    """Editors and admins import and export the whole newsroom."""
    return _decides(viewer)


def can_see_staff_names(*, viewer) -> bool:
    """Return whether the viewer may see who filed, reported or assessed a claim.

    Fact-checkers never see the name of a handling reporter, and the person
    who filed a claim or wrote its article usually handles its source, so they
    see no staff names on claims, articles, the queue or in the API.
    """
    return roles.is_staff_member(viewer) and not _is_fact_checker(viewer)


def codenames_of(*, viewer, pks: Iterable[int]) -> dict[int, str]:
    """Return {source id: codename} for those of the sources the viewer may know of."""
    return dict(sources_for(viewer=viewer).filter(pk__in=set(pks)).values_list("pk", "codename"))


def sources_by_descriptor(*, viewer, descriptors: Iterable[str]) -> dict[str, int]:
    """Return the source id each printed descriptor names, keyed by lower-cased descriptor.

    A descriptor names a source when it is that source's default descriptor
    as printed and no other source visible to the viewer shares it; ambiguous
    or unknown descriptors are left out.
    """
    descriptors = {d for d in descriptors if d}
    if not descriptors:
        return {}
    matches: dict[str, list[int]] = {}
    rows = sources_for(viewer=viewer).filter(descriptor__in=descriptors)
    for pk, descriptor in rows.values_list("pk", "descriptor"):
        matches.setdefault(descriptor.lower(), []).append(pk)
    return {key: pks[0] for key, pks in matches.items() if len(pks) == 1}
