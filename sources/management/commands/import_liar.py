"""Import PolitiFact statements in the LIAR TSV format."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from sources.exchange.commands import run_import
from sources.exchange.liar import import_liar


class Command(BaseCommand):
    help = (
        "Import a LIAR TSV file (e.g. ../shared/data/liar/test.tsv): statements become claims, "
        "speakers on-record sources, labels editors' verdicts. Idempotent by statement id."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The .tsv file.")
        parser.add_argument("--dry-run", action="store_true")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The editor the verdicts are recorded as (default: none, an import).",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        summary = run_import(
            import_liar,
            path=Path(options["path"]),
            username=options["username"],
            dry_run=options["dry_run"],
            progress=not options["no_progress"],
        )
        self.stdout.write(summary)
