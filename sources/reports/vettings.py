"""A source's or descriptor's record at each past vetting: what the editor saw then."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.utils import timezone

from sources import permissions, selectors
from sources.domain.rules import descriptor_group
from sources.models import Vetting
from sources.reports.as_of import Tally
from sources.reports.figures import Figures
from sources.reports.track_records import _filter_claims
from sources.selectors.as_of import dated_rows

# How many past vettings a card shows, newest first.
VETTINGS_SHOWN = 5


@dataclass
class VettingRecord:
    """One past vetting and the record as of its day."""

    vetting: Vetting
    on: datetime.date
    editor: str | None
    figures: Figures


def vetting_records(
    *, viewer, source=None, descriptor: str | None = None, limit: int = VETTINGS_SHOWN
) -> list[VettingRecord]:
    """Return the latest vettings of a source or descriptor, each with its record as of that day.

    The claims' rows are read once, up to the latest vetting's day, and each
    record is counted from them (``selectors.as_of.DatedRows``): four to six
    queries whatever the number of vettings. Editors' names follow
    ``permissions.staff_name``.
    """
    # Editors' names are read on their own (users are never read from a replica).
    vettings = Vetting.objects.all()
    if source is not None:
        vettings = vettings.filter(source_id=getattr(source, "pk", source))
    elif descriptor:
        vettings = vettings.filter(descriptor_key=descriptor_group(descriptor), source=None)
    else:
        return []
    found = list(vettings.order_by("-at", "-pk")[:limit])
    if not found:
        return []
    days = {vetting.pk: timezone.localdate(vetting.at) for vetting in found}
    user_model = get_user_model()
    usernames = dict(
        user_model.objects.filter(pk__in={v.editor_id for v in found if v.editor_id}).values_list(
            "pk", user_model.USERNAME_FIELD
        )
    )
    claims = _filter_claims(
        selectors.claims_for(viewer=viewer), source=source, descriptor=descriptor or None
    )
    rows = dated_rows(claims=claims, through=max(days.values()))
    figures_by_day: dict[datetime.date, Figures] = {}
    for day in set(days.values()):
        tally = Tally()
        for claim in rows.evaluate(day).values():
            tally.add(claim, year=claim.published_on.year)
        figures_by_day[day] = tally.figures()
        figures_by_day[day].as_of = day
    return [
        VettingRecord(
            vetting=vetting,
            on=days[vetting.pk],
            editor=permissions.staff_name(viewer=viewer, name=usernames.get(vetting.editor_id)),
            figures=figures_by_day[days[vetting.pk]],
        )
        for vetting in found
    ]
