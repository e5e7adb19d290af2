"""Check the derived data against a full recomputation, and say where it differs.

    manage.py verify_rollups               # every rollup, a sample of 2,000 claims
    manage.py verify_rollups --all         # every rollup and every claim
    manage.py verify_rollups --sample 500 --seed 3

Rollups are recomputed from the claims with ``selectors.rollup_counts`` and
``services.rollup_from_counts``. Claims are re-judged with the real
``services.claims_recompute`` inside a transaction that is rolled back, so the
check uses exactly the code that writes and changes nothing. Exits non-zero
when anything differs; ``--fix`` rewrites the rollups afterwards.
"""

from __future__ import annotations

import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources import selectors, services
from sources.models import Claim, Source, SourceRollup

BATCH = 2000
SHOW = 20


class _Rollback(Exception):
    pass


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12)
    return a == b


def rollup_differences() -> list[str]:
    """Return one line per rollup field that differs from a recomputation."""
    counts = selectors.rollup_counts(source_ids=None)
    stored = {rollup.source_id: rollup for rollup in SourceRollup.objects.all()}
    problems = []
    for source_id in Source.objects.order_by("pk").values_list("pk", flat=True):
        expected = services.rollup_from_counts(
            source_id=source_id, counts=counts.get(source_id, {})
        )
        actual = stored.get(source_id)
        if actual is None:
            problems.append(f"source {source_id}: no rollup row")
            continue
        for name in services.ROLLUP_FIELDS:
            want, have = getattr(expected, name), getattr(actual, name)
            if not _same(want, have):
                problems.append(f"source {source_id}: {name} is {have!r}, should be {want!r}")
    return problems


def _snapshot(ids) -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in Claim.objects.filter(pk__in=ids).values_list(
            "pk", *services.CLAIM_DERIVED_FIELDS
        )
    }


def claim_differences(claim_ids: list[int]) -> list[str]:
    """Return one line per claim column that ``claims_recompute`` would change."""
    problems = []
    for start in range(0, len(claim_ids), BATCH):
        batch = claim_ids[start : start + BATCH]
        before = _snapshot(batch)
        try:
            with transaction.atomic():
                services.claims_recompute(claim_ids=batch)
                after = _snapshot(batch)
                raise _Rollback
        except _Rollback:
            pass
        for pk in batch:
            for name, have, want in zip(
                services.CLAIM_DERIVED_FIELDS, before[pk], after[pk], strict=True
            ):
                if have != want:
                    problems.append(f"claim {pk}: {name} is {have!r}, should be {want!r}")
    return problems


class Command(BaseCommand):
    help = "Recompute rollups and claim outcomes, report differences, exit 1 if any."

    def add_arguments(self, parser):
        parser.add_argument(
            "--sample", type=int, default=2000, help="How many claims to re-judge (default 2000)."
        )
        parser.add_argument(
            "--all", dest="every", action="store_true", help="Re-judge every claim."
        )
        parser.add_argument("--seed", type=int, default=None, help="Seed for the claim sample.")
        parser.add_argument(
            "--fix", action="store_true", help="Rewrite every rollup after reporting."
        )

    def handle(self, *args, sample, every, seed, fix, **options):
        if sample < 0:
            raise CommandError("--sample must not be negative.")
        ids = list(Claim.objects.order_by("pk").values_list("pk", flat=True))
        if not every and sample < len(ids):
            ids = sorted(random.Random(seed).sample(ids, sample))
        rollup_problems = rollup_differences()
        claim_problems = claim_differences(ids)
        total_sources = Source.objects.count()
        for line in (rollup_problems + claim_problems)[:SHOW]:
            self.stdout.write(line)
        hidden = len(rollup_problems) + len(claim_problems) - SHOW
        if hidden > 0:
            self.stdout.write(f"… and {hidden} more.")
        self.stdout.write(
            f"Checked {total_sources} rollups ({len(rollup_problems)} differences) and "
            f"{len(ids)} claims ({len(claim_problems)} differences)."
        )
        if fix and rollup_problems:
            services.rollups_refresh(source_ids=None)
            self.stdout.write("Rewrote every rollup from the claims.")
        if rollup_problems or claim_problems:
            raise CommandError("Derived data differs from a full recomputation.")
        self.stdout.write(self.style.SUCCESS("Derived data matches a full recomputation."))
