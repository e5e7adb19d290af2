"""The built-in kinds of background job.

- ``import``: an uploaded file, all of it or nothing, as on the exchange page;
- ``export``: the whole newsroom as JSON or a ZIP of CSVs, to download;
- ``verify_rollups``: the derived data against a full recomputation;
- ``recompute``: re-judge every claim and recount every rollup;
- ``extract_attributions``: the anonymous-source attributions in every article's text.

Each reads and writes only through the importer, the exporter, the services
and the selectors, as the page or command that does the same work would.
"""

from __future__ import annotations

import json
import random

from django.db import transaction
from django.utils import timezone

from sources import permissions, selectors, services
from sources.domain.extraction import extract_attributions
from sources.exchange.exporter import export_bytes
from sources.exchange.formats import ExchangeError
from sources.exchange.importer import import_file
from sources.jobs.registry import JobKind, register
from sources.jobs.runner import JobContext, JobRefused, JobResult
from sources.models import Claim, Source

EXPORT_FILES = {
    "json": ("application/json", "json"),
    "csv": ("application/zip", "zip"),
}
# Claims re-judged per transaction by a recompute or a verification.
CLAIM_BATCH = 2000
# Articles read per query by the extraction.
ARTICLE_BATCH = 500


def run_import(context: JobContext) -> JobResult:
    """Import the uploaded file in one transaction; the progress is the rows written so far."""
    name = context.job.input_name or "upload.json"
    dry_run = bool(context.params.get("dry_run"))
    context.log(
        f"Reading {name} ({len(context.input_data):,} bytes)" + (", dry run" if dry_run else "")
    )
    try:
        result = import_file(
            context.input_data,
            name=name,
            actor=context.actor,
            dry_run=dry_run,
            on_progress=context.progress,
        )
    except ExchangeError as error:
        raise JobRefused(
            f"Nothing was imported: {len(error.problems)} problem(s) in {name}.",
            details=[str(problem) for problem in error.problems],
        ) from None
    return JobResult(
        summary=result.summary(), data={"counts": result.counts, "dry_run": result.dry_run}
    )


def run_export(context: JobContext) -> JobResult:
    """Build the export file the exchange page would download, without identities."""
    fmt = context.params.get("format", "json")
    if fmt not in EXPORT_FILES:
        raise JobRefused(f"Unknown export format {fmt!r}: choose json or csv.")
    content_type, extension = EXPORT_FILES[fmt]
    context.progress(0, 1)
    context.log(f"Building the {fmt.upper()} export")
    data = export_bytes(fmt, actor=context.actor, viewer=context.actor)
    context.progress(1, 1)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    return JobResult(
        summary=f"Exported the newsroom as {fmt.upper()} ({len(data):,} bytes).",
        data={"bytes": len(data), "format": fmt},
        file_name=f"newsroom-{stamp}.{extension}",
        file_type=content_type,
        file_data=data,
    )


def run_verify(context: JobContext) -> JobResult:
    """Compare rollups and a sample of claims (or all) with a recomputation; write nothing."""
    from sources.management.commands.verify_rollups import claim_differences, rollup_differences

    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    sample = context.params.get("sample")
    if not context.params.get("all") and sample is not None and int(sample) < len(ids):
        ids = sorted(random.Random(context.params.get("seed")).sample(ids, int(sample)))
    context.progress(0, len(ids) + 1)
    context.log("Recounting every rollup")
    problems = rollup_differences()
    rollup_count = len(problems)
    context.progress(1)
    for start in range(0, len(ids), CLAIM_BATCH):
        problems += claim_differences(ids[start : start + CLAIM_BATCH])
        context.progress(1 + min(start + CLAIM_BATCH, len(ids)))
    claim_count = len(problems) - rollup_count
    sources = Source.objects.count()
    summary = (
        f"Checked {sources} rollups ({rollup_count} differences) and "
        f"{len(ids)} claims ({claim_count} differences)."
    )
    report = "\n".join([summary, *problems]) + "\n"
    return JobResult(
        summary=summary,
        data={"rollup_differences": rollup_count, "claim_differences": claim_count},
        file_name="verify-rollups.txt",
        file_type="text/plain; charset=utf-8",
        file_data=report.encode(),
    )


def run_recompute(context: JobContext) -> JobResult:
    """Re-judge every claim, a batch per transaction, then recount every rollup.

    Each batch is written whole or not at all, and its figures are the true
    ones whenever it ran, so an attempt cut short leaves correct rows and a
    retry simply starts again.
    """
    ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
    context.progress(0, len(ids) + 1)
    for start in range(0, len(ids), CLAIM_BATCH):
        with transaction.atomic():
            services.claims_recompute(
                claim_ids=ids[start : start + CLAIM_BATCH], actor=context.actor
            )
        context.progress(min(start + CLAIM_BATCH, len(ids)))
    context.log("Recounting every rollup")
    rollups = services.rollups_refresh(source_ids=None)
    context.progress(len(ids) + 1)
    return JobResult(
        summary=f"Re-judged {len(ids)} claims and recounted {rollups} rollups.",
        data={"claims": len(ids), "rollups": rollups},
    )


def run_extraction(context: JobContext) -> JobResult:
    """Find the attributions in every article the owner may see; a JSON file of what was found."""
    articles = selectors.articles_for(viewer=context.actor).exclude(body="").order_by("pk")
    total = articles.count()
    context.progress(0, total)
    found, with_any = [], 0
    rows = articles.only("pk", "headline", "body").iterator(chunk_size=ARTICLE_BATCH)
    for done, article in enumerate(rows, start=1):
        attributions = extract_attributions(article.body)
        if attributions:
            with_any += 1
            found.append(
                {"article": article.pk, "headline": article.headline, "attributions": attributions}
            )
        context.progress(done)
    count = sum(len(item["attributions"]) for item in found)
    return JobResult(
        summary=f"Found {count} attributions in {with_any} of {total} articles.",
        data={"articles": total, "articles_with_attributions": with_any, "attributions": count},
        file_name="attributions.json",
        file_type="application/json",
        file_data=json.dumps(found, ensure_ascii=False, indent=2).encode(),
    )


register(
    JobKind(
        name="import",
        label="Import a file",
        run=run_import,
        permitted=permissions.can_exchange,
        atomic=True,
        description="Checks the whole file, then writes all of it or nothing.",
    )
)
register(
    JobKind(
        name="export",
        label="Export the newsroom",
        run=run_export,
        permitted=permissions.can_exchange,
        description="The whole newsroom, without identities, as a file to download.",
    )
)
register(
    JobKind(
        name="verify_rollups",
        label="Verify the track records",
        run=run_verify,
        permitted=permissions.can_exchange,
        startable=True,
        default_params={"all": True},
        description="Recomputes every rollup and claim outcome and lists any difference.",
    )
)
register(
    JobKind(
        name="recompute",
        label="Recompute every claim and rollup",
        run=run_recompute,
        permitted=permissions.can_exchange,
        startable=True,
        description="Re-judges every link and outcome, then recounts every source's record.",
    )
)
register(
    JobKind(
        name="extract_attributions",
        label="Find attributions in the archive",
        run=run_extraction,
        permitted=permissions.can_exchange,
        startable=True,
        description="Reads every article's text for anonymous-source attributions.",
    )
)
