"""Reads of background jobs: which a viewer may follow, and how far one has got."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404

from sources import permissions
from sources.jobs import live, registry
from sources.models import Job

if TYPE_CHECKING:
    from sources.permissions import Viewer

# Lines of log a job's page and its status answer show.
LOG_LINES = 200


def jobs_for(*, viewer: Viewer) -> QuerySet[Job]:
    """Return the jobs the viewer may follow: their own, and every job of a kind they may run.

    The uploaded input and the result file stay in the database until asked for.
    """
    if not permissions.can_use_newsroom(viewer=viewer):
        return Job.objects.none()
    kinds = [kind.name for kind in registry.kinds() if kind.permitted(viewer=viewer)]
    return (
        Job.objects.filter(Q(created_by_id=viewer.pk) | Q(kind__in=kinds))
        .defer("input_data", "result_data")
        .select_related("created_by")
    )


def job_get(*, viewer: Viewer, pk: int | str) -> Job:
    """Return one job the viewer may follow, or raise Http404 as if it did not exist."""
    try:
        return jobs_for(viewer=viewer).get(pk=pk)
    except (Job.DoesNotExist, ValueError, TypeError):
        raise Http404("No such job.") from None


def job_result_data(*, job: Job) -> bytes | None:
    """Return the job's result file, read only now (it may be large)."""
    data = Job.objects.filter(pk=job.pk).values_list("result_data", flat=True).first()
    return None if data is None else bytes(data)


@dataclass(frozen=True)
class JobProgress:
    """What a job's page shows of it now: the row, brought up to date by the runner's last word."""

    status: str
    status_label: str
    done: int
    total: int | None
    log: str
    finished: bool

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "status_label": self.status_label,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "finished": self.finished,
            "log": self.log,
        }


def job_progress(*, job: Job) -> JobProgress:
    """Return the job's progress: its row, and while it runs what the runner published since.

    A job holding a long transaction on SQLite cannot update its row until it
    ends; its progress and log lines are then read from the shared cache.
    """
    done, total = job.done, job.total
    lines = job.log.splitlines()
    if job.status == Job.Status.RUNNING:
        state = live.read(job.pk)
        if state is not None and state.get("attempt") == job.attempts:
            if state.get("done", 0) >= done:
                done, total = state["done"], state.get("total", total)
            known = set(lines)
            lines += [line for line in state.get("tail", []) if line not in known]
    return JobProgress(
        status=job.status,
        status_label=job.get_status_display(),
        done=done,
        total=total,
        log="\n".join(lines[-LOG_LINES:]),
        finished=job.finished,
    )
