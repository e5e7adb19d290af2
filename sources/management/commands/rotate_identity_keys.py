"""Re-encrypt every source identity under the first key in SOURCE_IDENTITY_KEYS.

To rotate: put a new key first in SOURCE_IDENTITY_KEYS, keep the old ones
after it, run this command, then drop the old keys. The work is done by
``services.identity_keys_rotate``: rows are locked, rotated and written back
in one transaction, so a row no key can read stops the run before any write
and an identity edited meanwhile is not lost.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from sources import services
from sources.fields import IdentityKeyError


class Command(BaseCommand):
    help = "Re-encrypt every source identity under the first key of SOURCE_IDENTITY_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report how many rows are not yet under the first key; exit 1 if any.",
        )

    def handle(self, *args, check: bool = False, verbosity: int = 1, **options):
        bar = tqdm(desc="Rotating", unit="row", disable=verbosity < 1 or check)
        try:
            with bar:
                result = services.identity_keys_rotate(write=not check, progress=bar.update)
        except IdentityKeyError as error:
            raise CommandError(f"{error} Nothing was changed.") from None
        if check:
            self.stdout.write(f"{result.stale} identity value(s) are not under the first key.")
            if result.stale:
                raise CommandError("Run rotate_identity_keys to re-encrypt them.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {result.rows} identities "
                f"({result.stale} value(s) were under an older key)."
            )
        )
