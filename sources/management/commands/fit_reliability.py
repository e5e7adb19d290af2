"""Fit the pooled estimates' priors and re-pool every source's record.

    manage.py fit_reliability
    manage.py fit_reliability --reference-date 2017-12-31

The same work as the "Fit the pooled estimates" job (sources/jobs/pooling.py)
and the refit after every import. Run it after changing
``RELIABILITY_HALF_LIFE_MONTHS`` or ``LETTER_BASIS``, and from time to time
(nightly, say) so the priors follow the record. With a half-life, outcome
ages are counted to ``--reference-date`` (default today).
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from sources import services


class Command(BaseCommand):
    help = "Fit the priors of the pooled estimates and re-pool every rollup."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reference-date",
            help="the day outcome ages are counted to under a half-life (YYYY-MM-DD; today)",
        )

    def handle(self, *args, reference_date: str | None, **options):
        day = None
        if reference_date:
            try:
                day = datetime.date.fromisoformat(reference_date)
            except ValueError:
                raise CommandError(
                    f"--reference-date {reference_date!r} is not YYYY-MM-DD"
                ) from None
        summary = services.pooling_fit(reference_date=day, log=self.stdout.write)
        self.stdout.write(summary.sentence())
