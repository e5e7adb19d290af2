"""One-time form tokens: the first submit carrying a token lands, a repeat finds what it filed.

A page that writes (the story form, new evidence on the claim page) puts a
fresh random token in the form. The view calls ``submission_claim`` first,
inside the transaction that does the work: the token's row is the first
thing written, so of two submits of the same form the database's unique
index lets one through and holds the other until the first commits. The
second then reads what the first filed and shows it, instead of filing it
again. A submit that is refused (a validation error) rolls its token back
with everything else, so the corrected form can be sent with the same token.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from sources.domain.text import refusal
from sources.models import SubmitToken

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser

TOKEN_MAX = 64
TOKEN_MIN = 16
# A token older than this is forgotten: nobody resubmits a form a month later.
TOKEN_DAYS = 30


def _check_token(token: str) -> str:
    token = (token or "").strip()
    problem = refusal(token)
    if problem or not TOKEN_MIN <= len(token) <= TOKEN_MAX:
        raise ValidationError({"submit_token": "This form is out of date: reload the page."})
    return token


@transaction.atomic
def submission_claim(*, token: str, user: AbstractBaseUser, kind: str) -> SubmitToken | None:
    """Claim ``token`` for this submit: None when it is the first, else the earlier submit's row.

    Call it inside the transaction that does the work, before anything else
    is written (on SQLite the first write takes the database lock, so a
    second submit waits here rather than failing). A token used by another
    person, or for another form, is refused.
    """
    token = _check_token(token)
    try:
        with transaction.atomic():
            SubmitToken.objects.create(token=token, user=user, kind=kind)
            SubmitToken.objects.filter(
                user=user, created_at__lt=timezone.now() - datetime.timedelta(days=TOKEN_DAYS)
            ).delete()
    except IntegrityError:
        earlier = SubmitToken.objects.filter(token=token).first()
        if earlier is None or earlier.user_id != user.pk or earlier.kind != kind:
            raise ValidationError(
                {"submit_token": "This form is out of date: reload the page."}
            ) from None
        return earlier
    return None


@transaction.atomic
def submission_land(*, token: str, object_id: int) -> None:
    """Record what the submit carrying ``token`` filed, for a repeat of it to find."""
    SubmitToken.objects.filter(token=_check_token(token)).update(object_id=object_id)


@transaction.atomic
def submitted_once(
    *, token: str, user: AbstractBaseUser, kind: str, run: Callable[[], int]
) -> tuple[int | None, bool]:
    """Run ``run`` (which files something and returns its id) once for ``token``.

    Return (id, True) when this submit filed it, or (the earlier submit's id,
    False) for a repeat. Without a token (an old page, a script) ``run``
    simply runs.
    """
    if not (token or "").strip():
        return run(), True
    earlier = submission_claim(token=token, user=user, kind=kind)
    if earlier is not None:
        return earlier.object_id, False
    object_id = run()
    submission_land(token=token, object_id=object_id)
    return object_id, True
