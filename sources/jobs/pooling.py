"""The job that fits the pooled estimates' priors and re-pools every rollup.

``fit_reliability`` runs ``services.pooling_fit``: the same work as
``manage.py fit_reliability`` and the refit after an import. Run it after a
change of ``RELIABILITY_HALF_LIFE_MONTHS`` or ``LETTER_BASIS``, and from time
to time (nightly, say) so the priors follow the newsroom's record.
"""

from __future__ import annotations

from sources import permissions, services
from sources.jobs.registry import JobKind, register
from sources.jobs.runner import JobContext, JobResult


def run_fit(context: JobContext) -> JobResult:
    """Fit every prior, store them, then re-pool every rollup in batches."""
    summary = services.pooling_fit(log=context.log, progress=context.progress)
    return JobResult(
        summary=summary.sentence(),
        data={
            "sources": summary.sources,
            "groups": summary.groups,
            "outlets": summary.outlets,
            "rollups": summary.rollups,
            "fit_seconds": round(summary.fit_seconds, 3),
            "pool_seconds": round(summary.pool_seconds, 3),
        },
    )


FIT_RELIABILITY = register(
    JobKind(
        name="fit_reliability",
        label="Fit the pooled estimates",
        run=run_fit,
        permitted=permissions.can_exchange,
        startable=True,
        description="Fits the priors sources are pooled toward, then re-pools every record.",
    )
)
