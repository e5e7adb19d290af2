"""Run one attempt of a job, and hand attempts to whatever runs them.

``dispatch`` sends an attempt to a Celery worker through Redis
(``LEDGER_JOBS=celery``), to a thread of this process (``thread``: the
embedded default, so a web request does not wait for a whole import) or runs
it at once (``inline``, for tests). ``run`` is the same in all three.

While an attempt runs, a reporter thread carries its progress and log to the
Job row every half second, through that thread's own database connection in
autocommit. A job that holds one long transaction (an import) therefore
shows its progress to every server without its own transaction committing
anything early. SQLite admits one writer at a time, so there the row hears
of an atomic job's progress only when it ends, and the page reads the
progress that the reporter also publishes in the cache (``sources.jobs.live``).

A worker that dies leaves the row "running" with a heartbeat that stops
moving; ``sweep`` marks such attempts failed, and a retry queues a fresh
attempt. Each attempt's transaction dies with its connection, so nothing
half-written stays.
"""

from __future__ import annotations

import datetime
import logging
import os
import queue
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import DatabaseError, connection, connections
from django.utils import timezone

from sources import services
from sources.jobs import live, registry
from sources.models import Job

logger = logging.getLogger(__name__)

FLUSH_SECONDS = 0.5
LOG_TAIL = 100
MAX_DETAILS = 200
# How long to wait before each new try at starting a job the database was too busy to start.
START_RETRY_SECONDS = (0.1, 0.2, 0.5, 1.0, 2.0)


@dataclass
class JobResult:
    """What a finished job leaves: a sentence, figures for its page, and maybe a file."""

    summary: str
    data: dict = field(default_factory=dict)
    file_name: str = ""
    file_type: str = ""
    file_data: bytes | None = None


class JobRefused(Exception):
    """The job cannot do what it was asked (a file with problems): say why, without a traceback."""

    def __init__(self, message: str, *, details: list[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)


def _stamp(line: str) -> str:
    return f"{timezone.now():%Y-%m-%d %H:%M:%S} {line}"


class _Reporter:
    """Carry an attempt's progress and log to its row and the cache, from a thread of its own."""

    def __init__(self, *, job_id: int, attempt: int, to_database: bool, threaded: bool = True):
        self.job_id, self.attempt, self.to_database = job_id, attempt, to_database
        self.done, self.total = 0, None
        self.pending: list[str] = []
        self.tail: deque[str] = deque(maxlen=LOG_TAIL)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = (
            threading.Thread(target=self._loop, name=f"job-{job_id}-reporter", daemon=True)
            if threaded
            else None
        )

    def set(self, done: int, total: int | None) -> None:
        with self._lock:
            self.done = done
            if total is not None:
                self.total = total

    def log(self, line: str) -> None:
        stamped = _stamp(line)
        with self._lock:
            self.pending.append(stamped)
            self.tail.append(stamped)

    def start(self) -> None:
        if self._thread is not None:
            self._thread.start()

    def _loop(self) -> None:
        try:
            while not self._stop.wait(FLUSH_SECONDS):
                self._flush()
        finally:
            connections.close_all()

    def _flush(self) -> None:
        with self._lock:
            done, total, tail = self.done, self.total, list(self.tail)
            lines = self.pending if self.to_database else []
            if lines:
                self.pending = []
        live.publish(job_id=self.job_id, attempt=self.attempt, done=done, total=total, tail=tail)
        if not self.to_database:
            return
        try:
            services.job_progress(
                job_id=self.job_id, attempt=self.attempt, done=done, total=total, log=lines
            )
        except DatabaseError as error:
            logger.warning("Job %s: progress not recorded yet: %s", self.job_id, error)
            with self._lock:
                self.pending = lines + self.pending

    def stop(self) -> tuple[list[str], int, int | None]:
        """Stop reporting; return the log lines the row has not had, and the last progress."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        with self._lock:
            lines, self.pending = self.pending, []
            return lines, self.done, self.total


class JobContext:
    """What a job's function gets: its row, its input, and ways to report how it is going."""

    def __init__(self, job: Job, *, attempt: int, reporter: _Reporter):
        self.job = job
        self.attempt = attempt
        self._reporter = reporter

    @property
    def params(self) -> dict:
        return self.job.params

    @cached_property
    def actor(self):
        return self.job.created_by

    @cached_property
    def input_data(self) -> bytes:
        data = Job.objects.filter(pk=self.job.pk).values_list("input_data", flat=True).get()
        return bytes(data or b"")

    def progress(self, done: int, total: int | None = None) -> None:
        """Say how many of ``total`` steps are done (``total`` may be told once, up front)."""
        self._reporter.set(done, total)

    def log(self, line: str) -> None:
        """Add a line to the job's log, shown on its page."""
        self._reporter.log(line)


def worker_name(mode: str) -> str:
    return f"{mode}@{socket.gethostname()}:{os.getpid()}"


def _failure(kind: registry.JobKind, error: Exception) -> str:
    text = str(error).strip().splitlines()
    message = f"{type(error).__name__}: {text[0][:300]}" if text else type(error).__name__
    if kind.atomic:
        return f"{message}. Nothing it wrote was kept; retry to run it again."
    return f"{message}. Retry to run it again from the start."


def _start(*, job_id: int, attempt: int, worker: str) -> Job | None:
    """Mark the attempt running, trying again while the database is briefly busy.

    Starting is one conditional update (queued to running), so trying it again
    is safe. Without this a job whose start met a lock (SQLite with a reader
    holding the table, PostgreSQL restarting) was never run, and stayed queued.
    """
    for wait in START_RETRY_SECONDS:
        try:
            return services.job_start(job_id=job_id, attempt=attempt, worker=worker)
        except DatabaseError as error:
            if connection.in_atomic_block:
                raise  # inline, inside the caller's transaction: nothing to try again in
            logger.warning("Job %s: could not start yet (%s); again in %.1f s", job_id, error, wait)
            connection.close_if_unusable_or_obsolete()
            time.sleep(wait)
    return services.job_start(job_id=job_id, attempt=attempt, worker=worker)


def run(*, job_id: int, attempt: int, worker: str, report_live: bool = True) -> str:
    """Run ``attempt`` of a job if it is still queued; return the status it ended in.

    ``report_live`` False (inline, in tests) tells the row of its progress once,
    at the end, since nobody could look before.
    """
    job = _start(job_id=job_id, attempt=attempt, worker=worker)
    if job is None:
        logger.warning("Job %s attempt %s is not queued; nothing to run.", job_id, attempt)
        return "skipped"
    try:
        kind = registry.get(job.kind)
    except LookupError as error:
        services.job_fail(job_id=job_id, attempt=attempt, error=str(error))
        return Job.Status.FAILED
    reporter = _Reporter(
        job_id=job_id,
        attempt=attempt,
        to_database=report_live and not (kind.atomic and connection.vendor == "sqlite"),
        threaded=report_live,
    )
    reporter.start()
    context = JobContext(job, attempt=attempt, reporter=reporter)
    try:
        result = kind.run(context)
    except JobRefused as refused:
        for detail in refused.details[:MAX_DETAILS]:
            reporter.log(detail)
        if len(refused.details) > MAX_DETAILS:
            reporter.log(f"… and {len(refused.details) - MAX_DETAILS} more.")
        lines, _, _ = reporter.stop()
        services.job_fail(job_id=job_id, attempt=attempt, error=refused.message, log=lines)
        return Job.Status.FAILED
    except Exception as error:
        logger.exception("Job %s (%s) attempt %s failed", job_id, job.kind, attempt)
        lines, done, total = reporter.stop()
        services.job_fail(
            job_id=job_id,
            attempt=attempt,
            error=_failure(kind, error),
            log=lines,
            done=done,
            total=total,
        )
        return Job.Status.FAILED
    lines, done, total = reporter.stop()
    services.job_finish(
        job_id=job_id,
        attempt=attempt,
        summary=result.summary,
        done=done,
        total=total,
        result=result.data,
        file_name=result.file_name,
        file_type=result.file_type,
        file_data=result.file_data,
        log=lines,
    )
    return Job.Status.SUCCEEDED


_queue: queue.SimpleQueue | None = None
_queue_pid: int | None = None
_queue_lock = threading.Lock()


def _serve(jobs: queue.SimpleQueue) -> None:
    while True:
        job_id, attempt = jobs.get()
        try:
            run(job_id=job_id, attempt=attempt, worker=worker_name("thread"))
        except Exception:
            logger.exception("Job %s attempt %s could not be run", job_id, attempt)
        finally:
            connections.close_all()


def _thread_queue() -> queue.SimpleQueue:
    """Return this process's job queue, starting the thread that serves it (again after a fork)."""
    global _queue, _queue_pid
    with _queue_lock:
        if _queue is None or _queue_pid != os.getpid():
            _queue, _queue_pid = queue.SimpleQueue(), os.getpid()
            threading.Thread(target=_serve, args=(_queue,), name="ledger-jobs", daemon=True).start()
        return _queue


def dispatch(*, job_id: int, attempt: int) -> None:
    """Hand ``attempt`` of a job to whatever runs jobs here (``settings.LEDGER_JOBS``)."""
    mode = settings.LEDGER_JOBS
    if mode == "inline":
        run(job_id=job_id, attempt=attempt, worker=worker_name("inline"), report_live=False)
        return
    if mode == "thread":
        _thread_queue().put((job_id, attempt))
        return
    from sources.tasks import run_job

    try:
        run_job.apply_async(
            args=[job_id, attempt],
            retry=True,
            retry_policy={"max_retries": 2, "interval_start": 0, "interval_step": 0.5},
        )
    except Exception as error:
        logger.warning("Job %s could not be queued: %s", job_id, error)
        services.job_fail(
            job_id=job_id,
            attempt=attempt,
            error=f"The job queue could not be reached ({error}). Retry once it is back.",
        )


def sweep() -> list[int]:
    """Mark failed the running attempts whose worker has not been heard from; return their ids."""
    seconds = settings.JOBS["STALE_SECONDS"]
    cutoff = timezone.now() - datetime.timedelta(seconds=seconds)
    failed = []
    for job in Job.objects.filter(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff).only(
        "pk", "kind", "attempts", "heartbeat_at", "worker"
    ):
        if live.heard_within(live.read(job.pk), attempt=job.attempts, seconds=seconds):
            continue
        try:
            atomic = registry.get(job.kind).atomic
        except LookupError:
            atomic = False
        kept = "Nothing it wrote was kept" if atomic else "Whatever it finished was written whole"
        error = (
            f"The worker running attempt {job.attempts} ({job.worker or 'unknown'}) stopped "
            f"answering at {job.heartbeat_at:%Y-%m-%d %H:%M:%S} UTC. {kept}; retry to run it again."
        )
        if services.job_fail(job_id=job.pk, attempt=job.attempts, error=error):
            failed.append(job.pk)
    return failed
