"""Record an editor's forecast that a claim will be confirmed. Append-only.

There is no update and no delete: a forecast is a record of what an editor
believed at the time, scored once the claim settles, and an editor who changes
their mind records a new one (the latest is scored). The admin shows
forecasts read-only (``permissions.ADMIN_NEVER``) and the API only lists and
creates them.
"""

from __future__ import annotations

import datetime
import numbers

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from sources import cache_versions
from sources.domain.vocab import Outcome
from sources.models import Claim, Forecast
from sources.services.common import Actor, save_clean
from sources.services.derived import claims_lock


@transaction.atomic
def forecast_record(
    *, claim: Claim, author: Actor, percent: int, made_at: datetime.datetime | None = None
) -> Forecast:
    """Record ``author``'s probability (0–100%) that ``claim`` will be confirmed.

    A live forecast (no ``made_at``) needs a claim that has not settled yet:
    once evidence or a verdict has decided it, a figure would be hindsight,
    not a forecast. An import carries each forecast's own time and may
    record forecasts on claims that settled since; none may be dated in the
    future. The claim is locked first, so a forecast and the write that
    settles the claim are ordered one way or the other.
    """
    if isinstance(percent, bool) or not isinstance(percent, numbers.Integral):
        raise ValidationError({"percent": "Give the probability as a whole percentage, 0–100."})
    if not 0 <= percent <= 100:
        raise ValidationError({"percent": "A forecast lies between 0 and 100%."})
    now = timezone.now()
    if made_at is not None and made_at > now:
        raise ValidationError({"made_at": "A forecast cannot be dated in the future."})
    locked = claims_lock(claim_ids=[claim.pk]).get(claim.pk)
    if locked is None:
        raise ValidationError({"claim": "There is no such claim."})
    if made_at is None and locked.outcome != Outcome.PENDING:
        raise ValidationError(
            {
                "claim": f"This claim is already {Outcome.LABELS[locked.outcome].lower()}: "
                "a forecast now would be hindsight, so only open claims take one."
            }
        )
    forecast = Forecast(claim=locked, author=author, percent=int(percent), made_at=made_at or now)
    cache_versions.bump(cache_versions.CLAIMS)
    return save_clean(forecast, author)
