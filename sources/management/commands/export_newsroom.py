"""Export the whole newsroom as a JSON document or a ZIP of CSV files."""

from __future__ import annotations

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from sources.exchange.exporter import export_bytes


class Command(BaseCommand):
    help = (
        "Export the whole newsroom (--format json, or csv for a ZIP of CSV files) to "
        "--output or standard output. Identity details are left out unless "
        "--include-identities --as USERNAME names a user who may see them; each exported "
        "identity is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        parser.add_argument("--output", "-o", help="Write here instead of standard output.")
        parser.add_argument(
            "--include-identities",
            action="store_true",
            help="Include the identity details USERNAME may see (needs --as).",
        )
        parser.add_argument("--as", dest="username", metavar="USERNAME")
        parser.add_argument(
            "--reason",
            default="",
            help="Why identities are exported; editors may export them only with a reason.",
        )

    def handle(self, *args, **options):
        viewer = None
        if options["username"]:
            User = get_user_model()
            try:
                viewer = User.objects.get(username=options["username"])
            except User.DoesNotExist:
                raise CommandError(f"--as: no user '{options['username']}'.") from None
        if options["include_identities"] and viewer is None:
            raise CommandError("--include-identities needs --as USERNAME: whose access applies?")
        if options["format"] == "csv" and not options["output"] and sys.stdout.isatty():
            raise CommandError("--format csv writes a ZIP archive; give --output FILE.zip.")
        data = export_bytes(
            options["format"],
            identities_for=viewer if options["include_identities"] else None,
            reason=options["reason"],
            actor=viewer,
        )
        if options["output"]:
            Path(options["output"]).write_bytes(data)
            self.stderr.write(f"Wrote {len(data)} bytes to {options['output']}.")
        else:
            stream = getattr(self.stdout, "_out", sys.stdout)
            if hasattr(stream, "buffer"):
                stream.flush()
                stream.buffer.write(data)
                stream.buffer.flush()
            elif options["format"] == "json":
                stream.write(data.decode("utf-8"))
            else:
                raise CommandError("--format csv writes a ZIP archive; give --output FILE.zip.")
