"""Import PolitiFact statements in the LIAR TSV format."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sources import roles
from sources.exchange.formats import ExchangeError
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
        path = Path(options["path"])
        try:
            data = path.read_bytes()
        except (FileNotFoundError, IsADirectoryError):
            raise CommandError(f"{path}: no such file.") from None
        actor = None
        if options["username"]:
            User = get_user_model()
            try:
                actor = User.objects.get(username=options["username"])
            except User.DoesNotExist:
                raise CommandError(f"--as: no user '{options['username']}'.") from None
            if not roles.has_role(actor, roles.EDITOR, roles.ADMIN):
                raise CommandError(f"--as: {actor.get_username()} is not an editor.")
        try:
            result = import_liar(
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
