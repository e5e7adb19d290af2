"""Celery tasks: the one entry a worker runs for every kind of background job.

``run_job`` is acknowledged only once it returns (``acks_late``), and a pool
process that dies mid-task has its message handed back to the broker
(``reject_on_worker_lost``); the attempt number in the message makes a
second delivery of the same attempt, or of an earlier one, do nothing
(sources/services/jobs.py). A worker that starts sweeps the attempts whose
worker died, so their pages say so.
"""

from __future__ import annotations

import logging

from celery import shared_task
from celery.signals import worker_ready

from sources.jobs import runner

logger = logging.getLogger(__name__)


@shared_task(name="sources.run_job", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def run_job(job_id: int, attempt: int) -> str:
    """Run one attempt of a job (any registered kind); return the status it ended in."""
    return runner.run(job_id=job_id, attempt=attempt, worker=runner.worker_name("celery"))


@worker_ready.connect
def _sweep_on_start(**kwargs) -> None:
    try:
        failed = runner.sweep()
    except Exception:
        logger.exception("Could not sweep stale jobs at worker start")
        return
    if failed:
        logger.warning("Marked %d job(s) whose worker died as failed: %s", len(failed), failed)
