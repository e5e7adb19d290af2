"""Identity-free figures for readers: descriptors and regions only."""

from __future__ import annotations

from sources import selectors
from sources.models import Attribution, Source
from sources.reports.figures import ReportRow
from sources.reports.leaderboards import group_rows
from sources.reports.track_records import TrackRecord, build_record


def public_rows(*, by: str, sort: str = "group") -> list[ReportRow]:
    """Return descriptor or region rows for readers: no codenames, reporters or handlers.

    Descriptors that are some source's codename (an on-record speaker's name
    used as both) are left out, so a codename never reaches a public page.
    """
    if by not in ("descriptor", "region"):
        raise ValueError("The public track record covers descriptors and regions only.")
    claims = selectors.public_claims()
    rows = [row for row in group_rows(claims, by=by, sort=sort) if row.group is not None]
    if by == "descriptor":
        codenames = set(
            Source.objects.filter(codename__in=[row.group for row in rows]).values_list(
                "codename", flat=True
            )
        )
        rows = [row for row in rows if row.group not in codenames]
    for row in rows:
        row.recorded_reason = ""
    return rows


def public_descriptor_allowed(descriptor: str) -> bool:
    """Return whether a descriptor may have a public page: published, and no codename."""
    return (
        Attribution.objects.filter(
            descriptor=descriptor, claim__in=selectors.public_claims().values("pk")
        ).exists()
        and not Source.objects.filter(codename=descriptor).exists()
    )


def public_track_record(*, descriptor: str | None = None, region=None) -> TrackRecord:
    """Return the identity-free record of one descriptor or one region."""
    return build_record(
        selectors.public_claims(),
        recent=0,
        with_reason=False,
        descriptor=descriptor,
        region=region,
    )
