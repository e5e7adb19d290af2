"""Write who a source is, encrypted, and log every look at it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from sources.models import (
    IdentityAccessLog,
    Source,
    SourceIdentity,
)
from sources.services.common import Actor


@sensitive_variables("real_name", "contact", "meeting_notes", "identity")
@transaction.atomic
def identity_update(
    *,
    source: Source,
    actor: Actor,
    real_name: str,
    contact: str,
    meeting_notes: str,
    ip_address: str | None = None,
) -> SourceIdentity:
    """Record who a source is, encrypted, and log the edit (never the values).

    Who may do this is decided by ``permissions.can_edit_identity``; a burned
    source has no identity any more and cannot be given one back.
    """
    if source.status == Source.Status.BURNED:
        raise ValidationError({"source": f"{source.codename} is burned; its identity is gone."})
    identity = SourceIdentity.objects.filter(source=source).first() or SourceIdentity(source=source)
    identity.real_name = real_name.strip()
    identity.contact = contact.strip()
    identity.meeting_notes = meeting_notes.strip()
    identity.full_clean()
    identity.save()
    identity_access_record(
        source=source,
        user=actor,
        action=IdentityAccessLog.Action.EDIT,
        reason="Identity details updated",
        ip_address=ip_address,
    )
    return identity


@transaction.atomic
def identity_access_record(
    *, source: Source, user: Actor, action: str, reason: str = "", ip_address: str | None = None
) -> IdentityAccessLog:
    """Log one look at, or refused attempt to look at, a source's identity."""
    return IdentityAccessLog.objects.create(
        source=source, user=user, action=action, reason=reason.strip(), ip_address=ip_address
    )


@transaction.atomic
def identity_access_record_many(*, entries: Sequence[IdentityAccessLog]) -> int:
    """Log many looks at once (an export), in one insert."""
    return len(IdentityAccessLog.objects.bulk_create(list(entries)))


@dataclass(frozen=True)
class KeyRotation:
    """What ``identity_keys_rotate`` found: rows read, values under an older key."""

    rows: int
    stale: int


@transaction.atomic
def identity_keys_rotate(
    *, write: bool = True, batch_size: int = 500, progress: Callable[[int], object] | None = None
) -> KeyRotation:
    """Re-encrypt every identity under the first key of SOURCE_IDENTITY_KEYS.

    Rows are locked as they are read (select_for_update) and written back in
    the same transaction, so an identity edited meanwhile is neither lost nor
    overwritten with an older value. Tokens are rotated as they are, never
    written as plaintext. A value no key can read raises IdentityKeyError
    naming the source and field, and the transaction writes nothing.
    ``write=False`` only counts values not yet under the first key.
    ``progress``, if given, is called with the number of rows of each batch read.
    """
    from django.db import models
    from django.db.models.functions import Cast

    from sources.fields import IdentityKeyError, encrypted_by_first_key, rotate_token

    names = [
        field.name
        for field in SourceIdentity._meta.get_fields()
        if field.__class__.__name__ == "EncryptedTextField"
    ]
    # A plain TextField output skips EncryptedTextField.from_db_value: we get the token.
    raw = {f"raw_{name}": Cast(name, models.TextField()) for name in names}
    pks = list(SourceIdentity.objects.order_by("pk").values_list("pk", flat=True))
    rotated: list[SourceIdentity] = []
    stale = 0
    for start in range(0, len(pks), batch_size):
        batch = (
            SourceIdentity.objects.select_for_update()
            .filter(pk__in=pks[start : start + batch_size])
            .order_by("pk")
            .annotate(**raw)
            .values_list("pk", "source_id", *raw)
        )
        for pk, source_id, *tokens in batch:
            row = SourceIdentity(pk=pk, source_id=source_id)
            for name, token in zip(names, tokens, strict=True):
                if token:
                    try:
                        if not encrypted_by_first_key(token):
                            stale += 1
                        token = rotate_token(token)
                    except IdentityKeyError as error:
                        raise IdentityKeyError(
                            f"Source {source_id}, field {name}: {error}"
                        ) from None
                # A Value of the token itself, so the field does not encrypt it again.
                setattr(row, name, models.Value(token, output_field=models.TextField()))
            rotated.append(row)
        if progress is not None:
            progress(len(pks[start : start + batch_size]))
    if write and rotated:
        SourceIdentity.objects.bulk_update(rotated, names, batch_size=batch_size)
    return KeyRotation(rows=len(rotated), stale=stale)
