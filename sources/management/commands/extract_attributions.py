"""Print the anonymous-source attributions found in a text file, as JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sources.domain.extraction import extract_attributions


class Command(BaseCommand):
    help = (
        "Find anonymous-source attributions in FILE (UTF-8 text; '-' reads stdin) and print "
        "them as a JSON array of {descriptor, sentence, start, end}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="A UTF-8 text file, or - for standard input.")

    def handle(self, *args, **options):
        name = options["file"]
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
            text = raw.decode("utf-8")
        except FileNotFoundError:
            raise CommandError(f"{name}: no such file.") from None
        except IsADirectoryError:
            raise CommandError(f"{name}: is a directory, not a text file.") from None
        except UnicodeDecodeError as error:
            raise CommandError(
                f"{name}: not UTF-8 text (byte {error.start} cannot be decoded)."
            ) from None
        self.stdout.write(json.dumps(extract_attributions(text), ensure_ascii=False, indent=2))
