"""Background jobs: the list, a job's page with its progress, its status, its download, a retry.

The page works without JavaScript (a plain link reloads it); with it, a small
script from our own static files asks ``job_status`` every second and moves
the progress bar, then reloads the page once the job has finished.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sources import permissions, selectors, services
from sources.jobs import registry, runner
from sources.models import Job
from sources.views.common import answers_refusals, newsroom_required, paginate, require


def _kind(job: Job) -> registry.JobKind | None:
    try:
        return registry.get(job.kind)
    except LookupError:
        return None


@newsroom_required
@require_http_methods(["GET", "POST"])
@answers_refusals()
def job_list(request):
    """List the jobs the viewer may follow, and start the kinds that need no upload."""
    viewer = request.user
    startable = [
        kind
        for kind in registry.kinds()
        if kind.startable and permissions.can_start_job(viewer=viewer, obj=kind.name)
    ]
    if request.method == "POST":
        name = request.POST.get("kind", "")
        require(
            any(kind.name == name for kind in startable),
            "You may not start that kind of job here.",
        )
        kind = registry.get(name)
        job = services.job_create(kind=name, actor=viewer, params=dict(kind.default_params or {}))
        return redirect("sources:job_detail", pk=job.pk)
    runner.sweep()
    page, query = paginate(request, selectors.jobs_for(viewer=viewer))
    rows = [
        {
            "job": job,
            "kind": _kind(job),
            "owner": permissions.staff_name(viewer=viewer, name=job.created_by),
        }
        for job in page
    ]
    return render(
        request,
        "sources/jobs/job_list.html",
        {"page": page, "query": query, "rows": rows, "startable": startable},
    )


@newsroom_required
@require_GET
@answers_refusals()
def job_detail(request, pk: int):
    viewer = request.user
    runner.sweep()
    job = selectors.job_get(viewer=viewer, pk=pk)
    kind = _kind(job)
    progress = selectors.job_progress(job=job)
    counts = job.result.get("counts") if isinstance(job.result, dict) else None
    return render(
        request,
        "sources/jobs/job_detail.html",
        {
            "job": job,
            "kind": kind,
            "progress": progress,
            "owner": permissions.staff_name(viewer=viewer, name=job.created_by),
            "counts": counts,
            "can_retry": job.status == Job.Status.FAILED
            and permissions.can_start_job(viewer=viewer, obj=job.kind),
            "has_file": bool(job.result_name) and job.status == Job.Status.SUCCEEDED,
        },
    )


@newsroom_required
@require_GET
@answers_refusals()
def job_status(request, pk: int):
    """Answer the job's progress as JSON, for the page's script (and anyone's curl)."""
    runner.sweep()
    job = selectors.job_get(viewer=request.user, pk=pk)
    response = JsonResponse(selectors.job_progress(job=job).as_dict())
    response["Cache-Control"] = "no-store"
    return response


@newsroom_required
@require_GET
@answers_refusals()
def job_download(request, pk: int):
    """Send the finished job's file, to those who may follow the job."""
    job = selectors.job_get(viewer=request.user, pk=pk)
    require(permissions.can_see_job(viewer=request.user, obj=job))
    data = selectors.job_result_data(job=job) if job.status == Job.Status.SUCCEEDED else None
    if data is None or not job.result_name:
        return HttpResponse(
            "This job has no file to download.", status=404, content_type="text/plain"
        )
    response = HttpResponse(data, content_type=job.result_type or "application/octet-stream")
    response["Content-Disposition"] = f'attachment; filename="{job.result_name}"'
    response["Cache-Control"] = "no-store"
    return response


@newsroom_required
@require_POST
@answers_refusals()
def job_retry(request, pk: int):
    """Queue a fresh attempt of a failed job."""
    job = selectors.job_get(viewer=request.user, pk=pk)
    require(
        permissions.can_start_job(viewer=request.user, obj=job.kind),
        "You may not run this kind of job.",
    )
    services.job_retry(job=job, actor=request.user)
    return redirect("sources:job_detail", pk=job.pk)
