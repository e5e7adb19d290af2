"""Writes to a background job's row: create, start, report progress, finish, fail, retry.

Every write after ``job_create`` names the attempt it belongs to and changes
the row only while that attempt is the job's current one, so a message left
over from an earlier attempt (a worker that died, a broker that delivered
twice) cannot touch a later attempt's record. Progress writes are single
UPDATE statements in autocommit: the runner sends them from its own thread
and database connection, outside any transaction the job itself holds open
(sources/jobs/runner.py).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat
from django.utils import timezone

from sources.models import Job
from sources.services.common import Actor, save_clean
from sources.services.errors import Conflict

LIVE = (Job.Status.QUEUED, Job.Status.RUNNING)


def _who(actor: Actor) -> str:
    return actor.get_username() if actor is not None else "the system"


def _lines(lines: Iterable[str]) -> str:
    return "".join(f"{line}\n" for line in lines)


@transaction.atomic
def job_create(
    *,
    kind: str,
    actor: Actor,
    params: dict | None = None,
    input_name: str = "",
    input_data: bytes | None = None,
) -> Job:
    """Record a job of a registered kind and queue its first attempt once this commits."""
    from sources.jobs import registry, runner

    try:
        registry.get(kind)
    except LookupError as error:
        raise ValidationError({"kind": str(error)}) from None
    job = Job(
        kind=kind,
        params=params or {},
        input_name=input_name,
        input_data=input_data,
        created_by=actor,
        attempts=1,
        log=_lines([f"{timezone.now():%Y-%m-%d %H:%M:%S} Queued by {_who(actor)}."]),
    )
    save_clean(job, actor)
    transaction.on_commit(lambda: runner.dispatch(job_id=job.pk, attempt=1), robust=True)
    return job


def job_start(*, job_id: int, attempt: int, worker: str) -> Job | None:
    """Mark the job running for ``attempt``; return it, or None if that attempt is not queued."""
    now = timezone.now()
    started = Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.QUEUED).update(
        status=Job.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        worker=worker[:200],
        log=Concat(F("log"), Value(_lines([f"{now:%Y-%m-%d %H:%M:%S} Started on {worker}."]))),
    )
    if not started:
        return None
    return Job.objects.defer("input_data", "result_data").get(pk=job_id)


def job_progress(
    *, job_id: int, attempt: int, done: int, total: int | None, log: list[str] = ()
) -> bool:
    """Record the running attempt's progress and that it is alive; False if it is not current."""
    changes = {"done": done, "total": total, "heartbeat_at": timezone.now()}
    if log:
        changes["log"] = Concat(F("log"), Value(_lines(log)))
    return bool(
        Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.RUNNING).update(**changes)
    )


def job_finish(
    *,
    job_id: int,
    attempt: int,
    summary: str,
    done: int,
    total: int | None,
    result: dict | None = None,
    file_name: str = "",
    file_type: str = "",
    file_data: bytes | None = None,
    log: list[str] = (),
) -> bool:
    """Record the attempt's result and its file; False if the attempt is no longer current."""
    now = timezone.now()
    lines = [*log, f"{now:%Y-%m-%d %H:%M:%S} Finished: {summary}"]
    return bool(
        Job.objects.filter(pk=job_id, attempts=attempt, status=Job.Status.RUNNING).update(
            status=Job.Status.SUCCEEDED,
            summary=summary,
            result=result or {},
            result_name=file_name[:255],
            result_type=file_type[:100],
            result_data=file_data,
            done=done,
            total=total,
            finished_at=now,
            heartbeat_at=now,
            error="",
            log=Concat(F("log"), Value(_lines(lines))),
        )
    )


def job_fail(
    *,
    job_id: int,
    attempt: int,
    error: str,
    log: list[str] = (),
    done: int | None = None,
    total: int | None = None,
) -> bool:
    """Record why the attempt failed (queued or running); False if it is no longer current.

    ``done`` and ``total``, when the runner knows them, keep how far it got:
    a failed import's page says where it stopped, though nothing it wrote stayed.
    """
    now = timezone.now()
    lines = [*log, f"{now:%Y-%m-%d %H:%M:%S} Failed: {error}"]
    reached = {"done": done} if done is not None else {}
    if total is not None:
        reached["total"] = total
    return bool(
        Job.objects.filter(pk=job_id, attempts=attempt, status__in=LIVE).update(
            status=Job.Status.FAILED,
            error=error,
            finished_at=now,
            log=Concat(F("log"), Value(_lines(lines))),
            **reached,
        )
    )


@transaction.atomic
def job_retry(*, job: Job, actor: Actor) -> Job:
    """Queue a fresh attempt of a failed job, from the start, once this commits.

    Only a failed job is retried; its earlier attempt wrote nothing that
    stayed (an import is one transaction, the other kinds redo their work
    from the start), so the new attempt begins with the same input.
    """
    if job.status != Job.Status.FAILED:
        raise ValidationError({"job": "Only a failed job can be retried."})
    attempt = job.attempts + 1
    now = timezone.now()
    line = f"{now:%Y-%m-%d %H:%M:%S} Retry by {_who(actor)}: attempt {attempt}."
    retried = Job.objects.filter(pk=job.pk, attempts=job.attempts, status=Job.Status.FAILED).update(
        status=Job.Status.QUEUED,
        attempts=attempt,
        done=0,
        total=None,
        error="",
        summary="",
        result={},
        result_name="",
        result_type="",
        result_data=None,
        started_at=None,
        finished_at=None,
        heartbeat_at=None,
        worker="",
        log=Concat(F("log"), Value(_lines([line]))),
    )
    if not retried:
        raise Conflict("Someone retried this job meanwhile. Reload the page.")
    from sources.jobs import runner

    transaction.on_commit(lambda: runner.dispatch(job_id=job.pk, attempt=attempt), robust=True)
    job.refresh_from_db()
    return job
