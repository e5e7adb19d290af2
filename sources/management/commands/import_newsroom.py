"""Import a newsroom file: a JSON document, a claims CSV, or a ZIP of CSV files."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from sources.exchange.commands import run_import
from sources.exchange.importer import import_file


class Command(BaseCommand):
    help = (
        "Import FILE (.json document, .csv claims with attributions, or .zip of CSVs; see "
        "docs/import-export.md). Everything is validated first and written in one "
        "transaction; rows already present (by external id) are left unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The file to import.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and report what would be created, then roll back.",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="Import as this editor or admin: recorded in history; needed to import "
            "identity details.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, **options):
        summary = run_import(
            import_file,
            path=Path(options["file"]),
            username=options["username"],
            dry_run=options["dry_run"],
            progress=not options["no_progress"],
        )
        self.stdout.write(summary)
