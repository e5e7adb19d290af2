"""Re-encrypt every source identity under the first key in SOURCE_IDENTITY_KEYS.

To rotate: put a new key first in SOURCE_IDENTITY_KEYS, keep the old ones
after it, run this command, then drop the old keys. Tokens are rotated as
they are (MultiFernet.rotate), never written back as plaintext. Every row is
rotated in memory first; only when all succeed are they written, in one
transaction, so a row no key can read stops the run before any write.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import models, transaction
from django.db.models.functions import Cast
from tqdm import tqdm

from sources.fields import IdentityKeyError, encrypted_by_first_key, rotate_token
from sources.models import SourceIdentity

FIELDS = [
    field.name
    for field in SourceIdentity._meta.get_fields()
    if field.__class__.__name__ == "EncryptedTextField"
]


def _raw(name: str):
    # A plain TextField output skips EncryptedTextField.from_db_value: we get the token.
    return Cast(name, output_field=models.TextField())


class Command(BaseCommand):
    help = "Re-encrypt every source identity under the first key of SOURCE_IDENTITY_KEYS."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only report how many rows are not yet under the first key; exit 1 if any.",
        )

    def handle(self, *args, check: bool = False, verbosity: int = 1, **options):
        rows = list(
            SourceIdentity.objects.order_by("pk").values_list(
                "pk", *[_raw(name) for name in FIELDS]
            )
        )
        stale = 0
        rotated: list[tuple[int, dict[str, str]]] = []
        progress = tqdm(rows, desc="Rotating", unit="row", disable=verbosity < 1 or check)
        for pk, *tokens in progress:
            values = {}
            for name, token in zip(FIELDS, tokens, strict=True):
                if not token:
                    continue
                try:
                    if not encrypted_by_first_key(token):
                        stale += 1
                    values[name] = rotate_token(token)
                except IdentityKeyError as error:
                    raise CommandError(
                        f"Source {pk}, field {name}: {error} Nothing was changed."
                    ) from None
            rotated.append((pk, values))
        if check:
            self.stdout.write(f"{stale} identity value(s) are not under the first key.")
            if stale:
                raise CommandError("Run rotate_identity_keys to re-encrypt them.")
            return
        with transaction.atomic():
            for pk, values in rotated:
                if values:
                    SourceIdentity.objects.filter(pk=pk).update(
                        **{
                            name: models.Value(token, output_field=models.TextField())
                            for name, token in values.items()
                        }
                    )
        self.stdout.write(
            self.style.SUCCESS(
                f"Re-encrypted {len(rotated)} identities "
                f"({stale} value(s) were under an older key)."
            )
        )
