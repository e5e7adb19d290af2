"""Fill the database with a synthetic newsroom of a given size, for benchmarks.

    manage.py generate_newsroom --sources 20000 --claims 1000000 --seed 7

The same seed gives the same newsroom. Rows go in by COPY on PostgreSQL, in
one transaction; derived columns and rollups are set as the services would set
them. Synthetic rows carry no django-simple-history records.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.generator import Config, load_newsroom


class Command(BaseCommand):
    help = "Generate a deterministic synthetic newsroom (bulk insert, COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--sources", type=int, required=True, help="How many sources.")
        parser.add_argument("--claims", type=int, required=True, help="How many claims.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument("--no-progress", action="store_true", help="Hide the progress bar.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off (benchmarks): it bulk-loads rows into this database.",
        )

    def handle(self, *args, sources, claims, seed, no_progress, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "generate_newsroom bulk-loads synthetic rows and drops indexes while it runs, "
                "so it runs only with DEBUG on (DJANGO_DEBUG=1) or with --force."
            )
        try:
            config = Config(sources=sources, claims=claims, seed=seed)
        except ValueError as error:
            raise CommandError(str(error)) from error
        started = time.perf_counter()
        try:
            summary = load_newsroom(config, progress=not no_progress)
        except ValueError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        rate = summary.claims / elapsed if elapsed else 0
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {summary.sources} sources, {summary.articles} articles, "
                f"{summary.claims} claims, {summary.evidence} pieces of evidence, "
                f"{summary.links} links and {summary.verdicts} verdicts "
                f"in {elapsed:.1f} s ({rate:,.0f} claims/s)."
            )
        )
