"""Create, edit, burn and delete sources; every source gets its rollup row when it is created.

A source's status moves between active and dormant (retired) with
``source_update``; burning erases its identity for good and only
``source_burn`` does it. A burned source stays burned.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from sources import cache_versions
from sources.models import (
    Desk,
    IdentityAccessLog,
    Region,
    Source,
    SourceIdentity,
    SourceRollup,
)
from sources.services.common import Actor, model_update, save_clean, stamp_actor
from sources.services.derived import rollups_refresh
from sources.services.errors import Conflict

# What ``source_update`` may change. Status only between active and dormant.
SOURCE_FIELDS = (
    "codename",
    "is_confidential",
    "descriptor",
    "region",
    "affiliation",
    "handler",
    "desk",
    "status",
    "first_contact_on",
)


@transaction.atomic
def source_create(
    *,
    codename: str,
    descriptor: str,
    is_confidential: bool = True,
    region: Region | None = None,
    affiliation: str = Source.Affiliation.OTHER,
    handler: Actor = None,
    desk: Desk | None = None,
    status: str = Source.Status.ACTIVE,
    first_contact_on: datetime.date | None = None,
    real_name: str = "",
    contact: str = "",
    meeting_notes: str = "",
    burned_at: datetime.datetime | None = None,
    actor: Actor = None,
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
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.SUGGESTIONS)
    return source


@dataclass(frozen=True)
class NewSource:
    """One source for ``sources_create_many``; the fields are ``source_create``'s."""

    codename: str
    descriptor: str
    is_confidential: bool = True
    region: Region | None = None
    affiliation: str = Source.Affiliation.OTHER
    handler: object = None
    desk: object = None
    status: str = Source.Status.ACTIVE
    first_contact_on: datetime.date | None = None
    burned_at: datetime.datetime | None = None
    real_name: str = ""
    contact: str = ""
    meeting_notes: str = ""


@transaction.atomic
def sources_create_many(
    *, sources: Sequence[NewSource], actor: Actor = None, batch_size: int = 500
) -> list[Source]:
    """Create many sources with their history, identities and empty rollups, for imports."""
    created = bulk_create_with_history(
        [
            Source(
                codename=spec.codename,
                descriptor=spec.descriptor,
                is_confidential=spec.is_confidential,
                region=spec.region,
                affiliation=spec.affiliation,
                handler=spec.handler,
                desk=spec.desk,
                status=spec.status,
                first_contact_on=spec.first_contact_on,
                burned_at=spec.burned_at,
            )
            for spec in sources
        ],
        Source,
        batch_size=batch_size,
        default_user=actor,
    )
    SourceIdentity.objects.bulk_create(
        [
            SourceIdentity(
                source=source,
                real_name=spec.real_name,
                contact=spec.contact,
                meeting_notes=spec.meeting_notes,
            )
            for source, spec in zip(created, sources, strict=True)
            if spec.real_name or spec.contact or spec.meeting_notes
        ],
        batch_size=batch_size,
    )
    SourceRollup.objects.bulk_create(
        [SourceRollup(source=source) for source in created], batch_size=batch_size
    )
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.SUGGESTIONS)
    return created


def _source_lock(source_id: int) -> Source:
    found = Source.objects.select_for_update().filter(pk=source_id).first()
    if found is None:
        raise Conflict("The source was deleted meanwhile. Reload the page.")
    return found


@transaction.atomic
def source_update(
    *, source: Source, data: Mapping[str, Any], actor: Actor, reason: str = ""
) -> list[str]:
    """Change a source's codename, descriptor, region, desk, handler or status.

    Status moves between active and dormant only: burning goes through
    ``source_burn`` (it erases the identity and is logged), and a burned
    source stays burned. The default descriptor is what new attributions
    print; attributions already filed keep the descriptor as published.
    """
    fresh = _source_lock(source.pk)
    status = data.get("status", fresh.status)
    if status != fresh.status:
        if fresh.status == Source.Status.BURNED:
            raise ValidationError({"status": f"{fresh.codename} is burned; it stays burned."})
        if status == Source.Status.BURNED:
            raise ValidationError(
                {"status": "Burn a source with the burn form: it erases the identity."}
            )
    changed = model_update(
        instance=fresh, fields=SOURCE_FIELDS, data=data, actor=actor, reason=reason
    )
    if "region" in changed:
        # A source no claim rests on pools toward its region: its estimate may move.
        rollups_refresh(source_ids=[fresh.pk])
    for name in changed:
        setattr(source, name, getattr(fresh, name))
    return changed


@transaction.atomic
def source_delete(*, source: Source, actor: Actor, reason: str = "") -> None:
    """Delete a source nothing rests on: no claim, no evidence, no look at its identity.

    A source with claims has a record; one with identity access entries has
    an audit trail that must outlive it. Burn it instead.
    """
    fresh = _source_lock(source.pk)
    if fresh.attributions.exists():
        raise ValidationError({"source": f"Claims rest on {fresh.codename}; it cannot be deleted."})
    if fresh.evidence.exists():
        raise ValidationError(
            {"source": f"Evidence came from {fresh.codename}; it cannot be deleted."}
        )
    if fresh.access_log.exists():
        raise ValidationError(
            {"source": f"The identity access log names {fresh.codename}; burn it instead."}
        )
    stamp_actor(fresh, actor, reason).delete()
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.SUGGESTIONS)


@transaction.atomic
def source_burn(*, source: Source, actor: Actor, reason: str) -> Source:
    """Erase a source's identity for good, keeping its codename and track record."""
    if not reason.strip():
        raise ValidationError({"reason": "Say why the source is being burned."})
    # Locked, so two burns at once cannot both pass the check below.
    fresh = _source_lock(source.pk)
    if fresh.status == Source.Status.BURNED:
        # Burning twice would overwrite when it happened and log a second burn.
        raise ValidationError({"source": f"{fresh.codename} is already burned."})
    SourceIdentity.objects.filter(source=fresh).delete()
    fresh.status = Source.Status.BURNED
    fresh.burned_at = timezone.now()
    save_clean(fresh, actor, reason)
    source.status, source.burned_at = fresh.status, fresh.burned_at
    IdentityAccessLog.objects.create(
        user=actor, source=source, action=IdentityAccessLog.Action.BURN, reason=reason
    )
    cache_versions.bump(cache_versions.ROLLUPS, cache_versions.SUGGESTIONS)
    return source
