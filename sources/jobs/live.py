"""A running attempt's latest progress and heartbeat, in the shared cache.

The runner publishes them every half second; the job page reads them so
that it shows progress even while the job holds a transaction open on a
database that lets no other writer in (SQLite). The row remains the record:
this is only what the row has not been told yet.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def key(job_id: int) -> str:
    return f"sources:job:{job_id}:live"


def publish(*, job_id: int, attempt: int, done: int, total: int | None, tail: list[str]) -> None:
    cache.set(
        key(job_id),
        {"attempt": attempt, "done": done, "total": total, "tail": tail, "beat": time.time()},
        timeout=settings.JOBS["STALE_SECONDS"] * 4,
    )


def read(job_id: int) -> dict | None:
    """Return the latest published state of the job's current attempt, or None."""
    return cache.get(key(job_id))


def heard_within(state: dict | None, *, attempt: int, seconds: float) -> bool:
    """Return whether ``state`` is from ``attempt`` and was published less than ``seconds`` ago."""
    return (
        state is not None
        and state.get("attempt") == attempt
        and time.time() - state.get("beat", 0) < seconds
    )
