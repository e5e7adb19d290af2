"""Record the letter an editor gives a group, beside the suggested one."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from sources.domain.vocab import Letter
from sources.models import (
    Article,
    Attribution,
    LetterOverride,
    Outlet,
    Region,
    Source,
    Topic,
)
from sources.services.common import save_clean


@transaction.atomic
def letter_override_record(
    *,
    group_kind: str,
    group_key: str,
    letter: str,
    reason: str,
    recorded_by,
    require_group: bool = True,
) -> LetterOverride:
    """Record the letter an editor gives a group, beside the suggested one.

    ``require_group`` is off only for imports, whose letters may name groups
    kept under another newsroom's keys.
    """
    if group_kind not in LetterOverride.GroupKind.values:
        raise ValidationError({"group_kind": f"Unknown group kind {group_kind!r}."})
    group_key = group_key.strip()
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
    return save_clean(override, recorded_by)


def group_exists(*, group_kind: str, group_key: str) -> bool:
    """Say whether a report group a letter may be recorded for exists.

    Reporters count only if they reported an article, so a key cannot be
    used to look up any user.
    """
    kind = LetterOverride.GroupKind
    if group_kind in (kind.SOURCE, kind.REPORTER):
        if not group_key.isdigit():
            return False
        if group_kind == kind.SOURCE:
            return Source.objects.filter(pk=int(group_key)).exists()
        return Article.objects.filter(reporter_id=int(group_key)).exists()
    if group_kind == kind.DESCRIPTOR:
        return Attribution.objects.filter(descriptor=group_key).exists()
    models = {kind.REGION: Region, kind.OUTLET: Outlet, kind.TOPIC: Topic}
    return group_kind in models and models[group_kind].objects.filter(slug=group_key).exists()
