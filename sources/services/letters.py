"""Record the letter an editor gives a group, beside the suggested one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sources import cache_versions
from sources.domain.rules import descriptor_group
from sources.domain.vocab import Letter
from sources.models import (
    LetterOverride,
)
from sources.selectors.letters import group_exists
from sources.services.common import Actor, save_clean, stamp_actor


@transaction.atomic
def letter_override_record(
    *,
    group_kind: str,
    group_key: str,
    letter: str,
    reason: str,
    recorded_by: Actor,
    require_group: bool = True,
) -> LetterOverride:
    """Record the letter an editor gives a group, beside the suggested one.

    ``require_group`` is off only for imports, whose letters may name groups
    kept under another newsroom's keys. A descriptor's letter is kept under
    its group key, so it holds for every spelling of the descriptor.
    """
    if group_kind not in LetterOverride.GroupKind.values:
        raise ValidationError({"group_kind": f"Unknown group kind {group_kind!r}."})
    group_key = group_key.strip()
    if group_kind == LetterOverride.GroupKind.DESCRIPTOR:
        group_key = descriptor_group(group_key)
    if not group_key:
        raise ValidationError({"group_key": "Say which group the letter is for."})
    if letter not in Letter.ALL:
        raise ValidationError({"letter": f"The letter must be one of {', '.join(Letter.ALL)}."})
    if not reason.strip():
        raise ValidationError({"reason": "Say why the letter differs from the suggestion."})
    if require_group and not group_exists(group_kind=group_kind, group_key=group_key):
        raise ValidationError({"group_key": f"There is no {group_kind} {group_key!r}."})
    override = LetterOverride.objects.filter(group_kind=group_kind, group_key=group_key).first()
    override = override or LetterOverride(group_kind=group_kind, group_key=group_key)
    override.letter = letter
    override.reason = reason.strip()
    override.recorded_by = recorded_by
    cache_versions.bump(cache_versions.ROLLUPS)
    return save_clean(override, recorded_by)


@transaction.atomic
def letter_override_delete(*, override: LetterOverride, actor: Actor, reason: str = "") -> None:
    """Remove a recorded letter: the group goes back to its suggested one."""
    stamp_actor(override, actor, reason).delete()
    cache_versions.bump(cache_versions.ROLLUPS)
