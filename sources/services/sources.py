"""Create and burn sources; every source gets its rollup row when it is created."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sources.models import (
    IdentityAccessLog,
    Region,
    Source,
    SourceIdentity,
    SourceRollup,
)
from sources.services.common import save_clean


@transaction.atomic
def source_create(
    *,
    codename: str,
    descriptor: str,
    is_confidential: bool = True,
    region: Region | None = None,
    affiliation: str = Source.Affiliation.OTHER,
    handler=None,
    desk=None,
    status: str = Source.Status.ACTIVE,
    first_contact_on: datetime.date | None = None,
    real_name: str = "",
    contact: str = "",
    meeting_notes: str = "",
    burned_at: datetime.datetime | None = None,
    actor=None,
) -> Source:
    """Create a source with its rollup and, if given, its identity.

    ``burned_at`` is for imports of a source burned elsewhere: the moment it
    was burned travels with it.
    """
    source = save_clean(
        Source(
            codename=codename,
            descriptor=descriptor,
            is_confidential=is_confidential,
            region=region,
            affiliation=affiliation,
            handler=handler,
            desk=desk,
            status=status,
            first_contact_on=first_contact_on,
            burned_at=burned_at,
        ),
        actor,
    )
    if real_name or contact or meeting_notes:
        SourceIdentity.objects.create(
            source=source, real_name=real_name, contact=contact, meeting_notes=meeting_notes
        )
    SourceRollup.objects.create(source=source)
    return source


@transaction.atomic
def source_burn(*, source: Source, actor, reason: str) -> Source:
    """Erase a source's identity for good, keeping its codename and track record."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the source is being burned."})
    if source.status == Source.Status.BURNED:
        # Burning twice would overwrite when it happened and log a second burn.
        raise ValidationError({"source": f"{source.codename} is already burned."})
    SourceIdentity.objects.filter(source=source).delete()
    source.status = Source.Status.BURNED
    source.burned_at = timezone.now()
    save_clean(source, actor)
    IdentityAccessLog.objects.create(
        user=actor, source=source, action=IdentityAccessLog.Action.BURN, reason=reason
    )
    return source
