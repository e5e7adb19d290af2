"""The only way to read who a source is: decide, log the look or the refusal, then read.

Identity details are never part of a queryset elsewhere. ``identity_for``
reads one source's (for a page or an API detail); ``identities_for_export``
many (for an export). Both raise ``PermissionDenied`` or leave the source out
when the viewer has no need to know.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied

from sources import permissions, services
from sources.fields import IdentityKeyError
from sources.models import (
    IdentityAccessLog,
    Source,
    SourceIdentity,
)

if TYPE_CHECKING:
    from sources.permissions import Viewer

IDENTITY_FIELDS = ("real_name", "contact", "meeting_notes")

# Why an attempt was refused, as the access log records it.
NO_REASON = "(no reason given)"
UNREADABLE = "Identity could not be decrypted"


def identity_payload(identity: SourceIdentity | None) -> dict[str, str]:
    """Return identity details as a plain dict, for API responses and exports."""
    if identity is None:
        return dict.fromkeys(IDENTITY_FIELDS, "")
    return {name: getattr(identity, name) for name in IDENTITY_FIELDS}


def identity_for(
    *, viewer: Viewer, source: Source, reason: str = "", ip_address: str | None = None
) -> SourceIdentity | None:
    """Return a source's identity for the viewer, logging the look; refuse otherwise.

    The handling reporter may read it; an editor only with a reason (the
    Reveal action). Anyone else, and an editor without a reason, gets
    ``PermissionDenied`` and a DENIED entry in the log saying why. A REVEAL is
    logged only once the identity was read: a value no key decrypts is logged
    as DENIED with the reason and ``IdentityKeyError`` propagates. Returns None
    when the source has no identity (or was burned). Call it outside
    ``transaction.atomic`` so the log entry of a refusal is kept.
    """
    reason = (reason or "").strip()
    user = viewer if viewer is not None and viewer.is_authenticated else None

    def record(action: str, why: str) -> None:
        services.identity_access_record(
            source=source, user=user, action=action, reason=why, ip_address=ip_address
        )

    if permissions.can_read_identity(viewer=viewer, obj=source):
        why = reason or "Handling reporter"
    elif permissions.can_reveal_identity(viewer=viewer, obj=source) and reason:
        why = reason
    else:
        record(IdentityAccessLog.Action.DENIED, reason or NO_REASON)
        raise PermissionDenied("You may not see who this source is.")
    try:
        identity = SourceIdentity.objects.filter(source=source).first()
    except IdentityKeyError:
        record(IdentityAccessLog.Action.DENIED, f"{UNREADABLE} ({why})")
        raise
    record(IdentityAccessLog.Action.REVEAL, why)
    return identity


def identities_for_export(
    *, viewer: Viewer, sources: Iterable[Source], reason: str = "", ip_address: str | None = None
) -> dict[int, dict[str, str]]:
    """Return identity details by source id, for the sources the viewer may export.

    Exports leave identities out unless the caller asks explicitly, by calling
    this. Each exported identity is logged as EXPORT, once it was read; each
    refused one as DENIED and left out of the result. When a value cannot be
    decrypted, every allowed source is logged DENIED with the reason and
    ``IdentityKeyError`` propagates: nothing was exported.
    """
    reason = (reason or "").strip()
    sources = list(sources)
    allowed = [
        s
        for s in sources
        if permissions.can_read_identity(viewer=viewer, obj=s)
        or (permissions.can_reveal_identity(viewer=viewer, obj=s) and reason)
    ]
    allowed_ids = {s.pk for s in allowed}
    user = viewer if viewer is not None and viewer.is_authenticated else None

    def log(read: bool) -> None:
        exported = reason or "Handling reporter"
        services.identity_access_record_many(
            entries=[
                IdentityAccessLog(
                    source=source,
                    user=user,
                    action=(
                        IdentityAccessLog.Action.EXPORT
                        if source.pk in allowed_ids and read
                        else IdentityAccessLog.Action.DENIED
                    ),
                    reason=(
                        (exported if read else f"{UNREADABLE} ({exported})")
                        if source.pk in allowed_ids
                        else reason or "(export)"
                    ),
                    ip_address=ip_address,
                )
                for source in sources
            ]
        )

    try:
        identities = SourceIdentity.objects.in_bulk(list(allowed_ids))
    except IdentityKeyError:
        log(read=False)
        raise
    log(read=True)
    return {pk: identity_payload(identities.get(pk)) for pk in allowed_ids}
