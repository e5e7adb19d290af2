"""The exchange page: editors import a file (with a dry run) and download exports.

The views only parse the request and hand over to ``sources.exchange``;
identity details are never part of a download from here (the command line
exports them, for an authorized user, with ``--include-identities``).
An upload over ``JOBS["IMPORT_BYTES"]``, or an export of a newsroom over
``JOBS["EXPORT_CLAIMS"]`` claims, becomes a background job instead, and the
browser is sent to its page (sources/views/jobs.py).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from sources import permissions, services
from sources.exchange.exporter import export_bytes
from sources.exchange.formats import ExchangeError
from sources.exchange.forms import ExportForm, ImportForm
from sources.exchange.importer import import_file
from sources.models import Claim
from sources.views.common import answers_refusals, newsroom_required

CONTENT_TYPES = {"json": "application/json", "csv": "application/zip"}
EXTENSIONS = {"json": "json", "csv": "zip"}


def _require_editor(request) -> None:
    """Importing and exporting the whole newsroom is for editors and admins."""
    if not permissions.can_exchange(viewer=request.user):
        raise PermissionDenied("Only editors may import or export the newsroom.")


@newsroom_required
@require_http_methods(["GET", "POST"])
@answers_refusals()
def exchange(request):
    _require_editor(request)
    result = problems = None
    status = 200
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            dry_run = form.cleaned_data["dry_run"]
            if upload.size > settings.JOBS["IMPORT_BYTES"]:
                # Too long for one request: a background job, followed on its own page.
                job = services.job_create(
                    kind="import",
                    actor=request.user,
                    params={"dry_run": dry_run},
                    input_name=upload.name,
                    input_data=upload.read(),
                )
                return redirect("sources:job_detail", pk=job.pk)
            try:
                result = import_file(
                    upload.read(), name=upload.name, actor=request.user, dry_run=dry_run
                )
            except ExchangeError as error:
                problems = error.problems
                status = 400
            else:
                if not dry_run:
                    messages.success(request, f"Imported {upload.name}: {result.summary()}")
                    return redirect("sources:exchange")
        else:
            status = 400
    else:
        form = ImportForm()
    return render(
        request,
        "sources/exchange/exchange.html",
        {
            "form": form,
            "export_form": ExportForm(),
            "result": result,
            "problems": problems,
            "shown_problems": (problems or [])[:100],
        },
        status=status,
    )


@newsroom_required
@require_POST
@answers_refusals()
def export(request):
    """Download the whole newsroom, without identities. POST: it may assign external ids."""
    _require_editor(request)
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose json or csv.", status=400, content_type="text/plain")
    fmt = form.cleaned_data["format"]
    if Claim.objects.count() > settings.JOBS["EXPORT_CLAIMS"]:
        job = services.job_create(kind="export", actor=request.user, params={"format": fmt})
        return redirect("sources:job_detail", pk=job.pk)
    data = export_bytes(fmt, actor=request.user, viewer=request.user)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="newsroom-{stamp}.{EXTENSIONS[fmt]}"'
    response["Cache-Control"] = "no-store"
    return response
