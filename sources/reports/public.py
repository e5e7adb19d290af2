"""Identity-free figures for readers: descriptors and regions only."""

from __future__ import annotations

import datetime

from django.db.models.functions import Lower

from sources import selectors
from sources.domain.rules import descriptor_group
from sources.models import Attribution, Source
from sources.reports.as_of import rows_as_of
from sources.reports.figures import ReportRow
from sources.reports.leaderboards import group_rows, normalise_sort, sort_rows
from sources.reports.track_records import TrackRecord, build_record


def public_rows(
    *, by: str, sort: str = "group", as_of: datetime.date | None = None
) -> list[ReportRow]:
    """Return descriptor or region rows for readers: no codenames, reporters or handlers.

    Descriptors grouped with some source's codename, however spelt (an
    on-record speaker's name used as both), are left out, so a codename never
    reaches a public page. With ``as_of``, counted as of that day.
    """
    if by not in ("descriptor", "region"):
        raise ValueError("The public track record covers descriptors and regions only.")
    claims = selectors.public_claims()
    if as_of is None:
        found = group_rows(claims, by=by, sort=sort)
    else:
        found = sort_rows(
            rows_as_of(viewer=None, by=by, as_of=as_of, claims=claims), normalise_sort(sort)
        )
    rows = [row for row in found if row.group is not None]
    if by == "descriptor":
        taken = _codename_keys(
            Attribution.objects.filter(claim__in=claims.values("pk")).values_list(
                "descriptor", flat=True
            )
        )
        rows = [row for row in rows if row.key not in taken]
    for row in rows:
        row.recorded_reason = ""
    return rows


def _codename_keys(printed) -> set[str]:
    """Return the descriptor keys, among these printed forms, that some codename has."""
    printed = list(printed)
    lowered = {text.lower() for text in printed} | {descriptor_group(text) for text in printed}
    codenames = (
        Source.objects.annotate(lowered=Lower("codename"))
        .filter(lowered__in=lowered)
        .values_list("codename", flat=True)
    )
    return {descriptor_group(codename) for codename in codenames}


def public_descriptor_allowed(descriptor: str) -> bool:
    """Return whether a descriptor may have a public page: published, and no codename."""
    key = descriptor_group(descriptor)
    printed = Attribution.objects.filter(
        descriptor_key=key, claim__in=selectors.public_claims().values("pk")
    ).values_list("descriptor", flat=True)
    forms = set(printed.distinct())
    return bool(forms) and key not in _codename_keys(forms | {descriptor})


def public_track_record(
    *, descriptor: str | None = None, region=None, as_of: datetime.date | None = None
) -> TrackRecord:
    """Return the identity-free record of one descriptor or one region (as of a day, if given)."""
    return build_record(
        selectors.public_claims(),
        recent=0,
        with_reason=False,
        descriptor=descriptor,
        region=region,
        as_of=as_of,
    )
