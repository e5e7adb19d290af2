"""The only way to read who a source is: decide, log the look or the refusal, then read.

Identity details are never part of a queryset elsewhere. ``identity_for``
reads one source's (for a page or an API detail); ``identities_for_export``
many (for an export). Both raise ``PermissionDenied`` or leave the source out
when the viewer has no need to know.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied

from sources import permissions, services
from sources.models import (
    IdentityAccessLog,
    Source,
    SourceIdentity,
)

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
    allowed = permissions.can_read_identity(viewer=viewer, source=source) or (
        permissions.can_reveal_identity(viewer=viewer, source=source) and bool(reason)
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
        if permissions.can_read_identity(viewer=viewer, source=s)
        or (permissions.can_reveal_identity(viewer=viewer, source=s) and reason)
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
