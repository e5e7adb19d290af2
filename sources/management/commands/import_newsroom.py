"""Import a newsroom file: a JSON document, a claims CSV, or a ZIP of CSV files."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sources.exchange.formats import ExchangeError
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
            help="Import as this user: recorded in history; needed to import identity details.",
        )
        parser.add_argument("--no-progress", action="store_true", help="Never show a progress bar.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{path}: is a directory.") from None
        actor = None
        if options["username"]:
            User = get_user_model()
            try:
                actor = User.objects.get(username=options["username"])
            except User.DoesNotExist:
                raise CommandError(f"--as: no user '{options['username']}'.") from None
        try:
            result = import_file(
                data,
                name=path.name,
                actor=actor,
                dry_run=options["dry_run"],
                progress=not options["no_progress"],
            )
        except ExchangeError as error:
            raise CommandError(
                f"Nothing was imported: {len(error.problems)} problem(s) in {path.name}.\n"
                + error.summary()
            ) from None
        self.stdout.write(result.summary())
