"""What every service shares: full validation before a save, and who made the change."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar

from django.core.exceptions import ValidationError
from django.db import models

from sources import cache_versions

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

# Who makes a change, for the history: a person, or None for an import or the system.
Actor: TypeAlias = "AbstractBaseUser | None"

M = TypeVar("M", bound=models.Model)

# django-simple-history keeps a change's reason in a 100-character column; PostgreSQL
# refuses a longer one (a verdict's reason is up to 5,000), so the history keeps its start.
CHANGE_REASON_LENGTH = 100


def stamp_actor(instance: M, actor: Actor, reason: str = "") -> M:
    """Tell django-simple-history who made this change, and why when the caller says."""
    if actor is not None:
        instance._history_user = actor
    reason = " ".join(reason.split())
    if reason:
        if len(reason) > CHANGE_REASON_LENGTH:
            reason = reason[: CHANGE_REASON_LENGTH - 1].rstrip() + "…"
        instance._change_reason = reason
    return instance


def save_clean(
    instance: M,
    actor: Actor,
    reason: str = "",
    **kwargs: Any,  # noqa: ANN401 - passed through to Model.save as given
) -> M:
    """Validate every field and constraint, then save: a service never writes an invalid row."""
    instance.full_clean()
    stamp_actor(instance, actor, reason).save(**kwargs)
    return instance


def model_update(
    *,
    instance: M,
    fields: Iterable[str],
    data: Mapping[str, Any],
    actor: Actor,
    reason: str = "",
) -> list[str]:
    """Set the allowed ``fields`` given in ``data``, validate the row, save what changed.

    Return the names of the fields that changed: the caller re-derives only
    what those move. A name in ``data`` outside ``fields`` is refused rather
    than ignored, so a caller cannot believe it changed something it did not.
    Many-to-many fields are set after the row is saved. Nothing is written
    when nothing changed.
    """
    fields = list(fields)
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ValidationError({name: "This field cannot be changed here." for name in unknown})
    many = {f.name for f in instance._meta.many_to_many}
    changed, relations = [], {}
    for name in fields:
        if name not in data:
            continue
        value = data[name]
        if name in many:
            wanted = {getattr(item, "pk", item) for item in value}
            current = set(getattr(instance, name).values_list("pk", flat=True))
            if wanted != current:
                relations[name] = wanted
                changed.append(name)
            continue
        field = instance._meta.get_field(name)
        if getattr(instance, field.attname) != (
            getattr(value, "pk", value) if field.is_relation else value
        ):
            setattr(instance, name, value)
            changed.append(name)
    if not changed:
        return []
    # An edited row may be shown by any cached card, list or suggestion.
    cache_versions.bump(cache_versions.CLAIMS, cache_versions.ROLLUPS, cache_versions.SUGGESTIONS)
    instance.full_clean()
    columns = [name for name in changed if name not in many]
    if columns:
        stamp_actor(instance, actor, reason).save(update_fields=columns)
    for name, wanted in relations.items():
        stamp_actor(instance, actor, reason)
        getattr(instance, name).set(list(wanted))
    return changed
