"""Record that an editor vetted a source or a descriptor, so its card can show what they saw."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sources.domain.rules import descriptor_group
from sources.models import Source, Vetting
from sources.services.common import Actor, save_clean


@transaction.atomic
def vetting_record(
    *,
    editor: Actor,
    source: Source | None = None,
    descriptor: str = "",
    at: datetime.datetime | None = None,
) -> Vetting:
    """Record that ``editor`` vetted a source or a descriptor, now or at ``at`` (a load's own time).

    A source's card then shows the record as it stood on each day it was
    vetted, beside the record now (``reports.vetting_records``). A
    descriptor is kept under its group key, so every spelling of it shares
    its vettings. A vetting cannot be dated in the future.
    """
    descriptor = descriptor.strip()
    if source is None and not descriptor:
        raise ValidationError({"source": "Say which source or descriptor was vetted."})
    now = timezone.now()
    if at is not None and at > now:
        raise ValidationError({"at": "A vetting cannot be dated in the future."})
    return save_clean(
        Vetting(
            editor=editor,
            source=source,
            descriptor=descriptor,
            descriptor_key=descriptor_group(descriptor) if descriptor else "",
            at=at or now,
        ),
        editor,
    )
