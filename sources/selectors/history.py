"""The change history of a row, as the viewer may see it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model

from sources import permissions
from sources.models import (
    Attribution,
    Claim,
    EvidenceLink,
    Quantity,
    Verdict,
)

if TYPE_CHECKING:
    from django.db.models import Field, Model
    from django.db.models.options import Options

    from sources.permissions import Viewer

# Text fields that hold staff names (an article's byline), hidden like user fields.
STAFF_NAME_TEXT_FIELDS = frozenset({"byline"})
# Person fields shown, without the name, to those who see no staff names: a
# fact-checker learns that a claim was assigned, and whether to them.
NEUTRAL_PEOPLE_FIELDS = frozenset({"assigned_to"})
# Rows whose history says what they were ("created quantity “8 kg”"): ``described``.
DESCRIBED = (Attribution, Quantity, Verdict)


def history_for(*, viewer: Viewer, obj: Model, limit: int = 50, related: bool = False) -> list:
    """Return the newest history records of ``obj``, each with ``who``, ``subject``, ``changes``.

    For a claim with ``related=True``, the records of its attributions,
    figures, evidence links and verdicts are merged in, newest first, so the
    claim page shows who linked what, who changed which figure and who
    decided (four more queries; the evidence's own changes are on its page).
    ``changes``
    lists (field label, old value, new value) against the previous record of
    the same object; many-to-many fields are left out, so the cost is one query
    per kind of record, whatever the length.

    Viewers who may not see staff names (fact-checkers) see neither the
    fields naming people (handler, filed by, ...) nor who made each change,
    since the person who created a source or filed a claim is usually the
    handler. Rows loaded in bulk
    without history (generate_newsroom, COPY) simply have no records.
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return []
    hide_people = not permissions.can_see_staff_names(viewer=viewer)
    kinds = [(obj._meta, obj.history.all())]
    if related and isinstance(obj, Claim):
        kinds += [
            (Attribution._meta, Attribution.history.filter(claim_id=obj.pk)),
            (Quantity._meta, Quantity.history.filter(claim_id=obj.pk)),
            (EvidenceLink._meta, EvidenceLink.history.filter(claim_id=obj.pk)),
            (Verdict._meta, Verdict.history.filter(claim_id=obj.pk)),
        ]
    people: dict[int, str] = {}
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
                f.name
                for f in meta.fields
                if (
                    (f.is_relation and f.related_model is get_user_model())
                    or f.name in STAFF_NAME_TEXT_FIELDS
                )
                and f.name not in NEUTRAL_PEOPLE_FIELDS
            }
        shown = _PeopleShown(viewer=viewer, hide=hide_people, names=people)
        per_object: dict[int, list] = {}
        for row in rows:
            per_object.setdefault(row.id, []).append(row)
        for same in per_object.values():
            for newer, older in zip(same, [*same[1:], None], strict=True):
                newer.changes = _changes(meta, newer, older, excluded, shown)
        described = meta.model in DESCRIBED
        for row in rows:
            row.subject = str(meta.verbose_name)
            row.described = _described(row) if described else ""
            user = row.history_user
            name = user.get_username() if user is not None else None
            row.who = permissions.staff_name(viewer=viewer, name=name) or "system"
        records += rows
    records.sort(key=lambda row: (row.history_date, row.history_id), reverse=True)
    return records[:limit]


class _PeopleShown:
    """How a person field's value reads: a username, or for those who see no names, neutrally."""

    def __init__(self, *, viewer: Viewer, hide: bool, names: dict[int, str]) -> None:
        self.viewer, self.hide, self.names = viewer, hide, names

    def __call__(self, value: int | str | None) -> str:
        if value is None or value == "":
            return "—"
        if self.hide:
            return "you" if value == getattr(self.viewer, "pk", None) else "assigned"
        if value not in self.names:
            found = get_user_model().objects.filter(pk=value).first()
            self.names[value] = found.get_username() if found else f"user {value}"
        return self.names[value]


def _described(row: Model) -> str:
    try:
        return str(row.instance)
    except Exception:  # a row whose related rows are gone still has a history
        return str(row.id)


def _changes(
    meta: Options, newer: Model, older: Model | None, excluded: set[str], shown: _PeopleShown
) -> list[tuple[str, str, str]]:
    if older is None:
        return []
    changes = []
    user_model = get_user_model()
    for change in newer.diff_against(older, excluded_fields=excluded).changes:
        field = meta.get_field(change.field)
        if field.is_relation and field.related_model is user_model:
            old, new = shown(change.old), shown(change.new)
        else:
            old, new = _display(field, change.old), _display(field, change.new)
        changes.append((str(field.verbose_name), old, new))
    return changes


def _display(field: Field, value: object) -> str:
    if value is None or value == "":
        return "—"
    choices = dict(field.flatchoices) if field.choices else {}
    return str(choices.get(value, value))
