"""Load the sample newsroom from ``devdata/fixtures/demo.json`` and print one login per role.

The fixture is an exchange document and goes through the importer, acting as
the demo editor (see ``devdata.demo``), so every domain write goes through
``sources.services``: link independence, outcomes and rollups are computed
exactly as in real use. Running it twice is harmless: the demo users are
brought back to their demo passwords and roles, and the import creates only
rows it does not hold yet. It all runs in one transaction, so a failure
leaves nothing half-written.

Because it resets the superuser ``admin`` to a password printed in the docs,
it refuses to run unless DEBUG is on (``make demo`` sets DJANGO_DEBUG=1) or
``--force`` is given.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devdata.demo import FIXTURE, LOGINS, demo_load
from sources.exchange.formats import ExchangeError


class Command(BaseCommand):
    help = "Load the sample newsroom (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even with DEBUG off, resetting the demo logins to their published passwords.",
        )

    def handle(self, *args, force: bool = False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "load_demo resets the 'admin' superuser to the published demo password, so it "
                "runs only with DEBUG on (DJANGO_DEBUG=1, as `make demo` sets) or with --force."
            )
        try:
            result = demo_load()
        except ExchangeError as error:
            raise CommandError(
                f"Nothing was loaded: {len(error.problems)} problem(s) in {FIXTURE.name}.\n"
                + error.summary()
            ) from None
        if not result.created:
            self.stdout.write("The sample newsroom is already loaded; nothing to add.")
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the sample newsroom: {result.created_in('articles')} articles, "
                    f"{result.created_in('claims')} claims, "
                    f"{result.created_in('evidence')} pieces of evidence, "
                    f"{result.created_in('sources')} sources "
                    f"({result.identities} with identity details)."
                )
            )
        self.stdout.write("\nDemo logins (for local use only):")
        for login in LOGINS:
            self.stdout.write(f"  {login.username:<10} {login.password:<24} {login.role}")
        self.stdout.write("The admin login also opens the Django admin at /admin/.")
