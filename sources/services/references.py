"""Reference lists the claims point at: regions, topics and desks.

They carry no derived data, but they are domain rows, so they are written
here like every other row: the importer, the LIAR loader and the generator
all call these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction

from sources.models import Desk, Region, Topic
from sources.services.common import Actor

ReferenceModel = type[Region] | type[Topic]


@transaction.atomic
def references_create_many(
    *, model: ReferenceModel, rows: Sequence[Mapping[str, str]]
) -> list[Region | Topic]:
    """Create regions or topics from validated ``slug`` and ``name`` values, in one query."""
    return model.objects.bulk_create([model(slug=row["slug"], name=row["name"]) for row in rows])


@transaction.atomic
def reference_get_or_create(*, model: ReferenceModel, slug: str, name: str) -> Region | Topic:
    """Return the region or topic with ``slug``, creating it under ``name`` if missing."""
    found, _ = model.objects.get_or_create(slug=slug, defaults={"name": name})
    return found


@transaction.atomic
def desk_get_or_create(*, slug: str, name: str, members: Iterable[Actor] = ()) -> Desk:
    """Return the desk with ``slug`` (creating it under ``name``), with ``members`` on it."""
    desk, _ = Desk.objects.get_or_create(slug=slug, defaults={"name": name})
    members = [member for member in members if member is not None]
    if members:
        desk.members.add(*members)
    return desk
