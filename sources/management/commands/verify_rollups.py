"""Check the derived data against a full recomputation, and say where it differs.

    manage.py verify_rollups               # every rollup, a sample of 2,000 claims
    manage.py verify_rollups --all         # every rollup and every claim
    manage.py verify_rollups --sample 500 --seed 3

Every derived column is checked. Rollups (counts, figures, link totals, years,
the days histogram, the claims settled before publication, the check-by dates
of pending claims and the origins histogram) are recounted
from the claims with ``selectors.rollup_counts`` and
``services.rollup_from_counts``, and pooled toward the stored priors with
``services.rollups_pool`` (the pooled figures and the letter). Claims and
their links' independence are re-judged with the real
``services.claims_recompute`` inside a transaction that is rolled back, so the
check uses exactly the code that writes and changes nothing. Every
attribution's descriptor key is compared with ``rules.descriptor_group`` of
its descriptor. Exits non-zero when anything differs; ``--fix`` rewrites the
rollups afterwards.
"""

from __future__ import annotations

import math
import random

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources import selectors, services
from sources.domain.rules import descriptor_group
from sources.models import Attribution, Claim, EvidenceLink, Source, SourceRollup

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
    recomputed = [
        services.rollup_from_counts(source_id=source_id, counts=counts.get(source_id, {}))
        for source_id in Source.objects.order_by("pk").values_list("pk", flat=True)
    ]
    # The pooled figures, from the stored priors, as the rollup engine computes them.
    services.rollups_pool(rollups=recomputed)
    for expected in recomputed:
        source_id = expected.source_id
        actual = stored.get(source_id)
        if actual is None:
            problems.append(f"source {source_id}: no rollup row")
            continue
        for name in services.ROLLUP_FIELDS:
            want, have = getattr(expected, name), getattr(actual, name)
            if not _same(want, have):
                problems.append(f"source {source_id}: {name} is {have!r}, should be {want!r}")
    return problems


def _snapshot(ids) -> tuple[dict[int, tuple], dict[int, tuple]]:
    claims = {
        row[0]: row[1:]
        for row in Claim.objects.filter(pk__in=ids).values_list(
            "pk", *services.CLAIM_DERIVED_FIELDS
        )
    }
    links = {
        row[0]: row[1:]
        for row in EvidenceLink.objects.filter(claim_id__in=ids).values_list(
            "pk", *services.LINK_DERIVED_FIELDS
        )
    }
    return claims, links


def claim_differences(claim_ids: list[int]) -> list[str]:
    """Return one line per claim or link column that ``claims_recompute`` would change."""
    problems = []
    for start in range(0, len(claim_ids), BATCH):
        batch = claim_ids[start : start + BATCH]
        before, links_before = _snapshot(batch)
        try:
            with transaction.atomic():
                services.claims_recompute(claim_ids=batch)
                after, links_after = _snapshot(batch)
                raise _Rollback
        except _Rollback:
            pass
        for pk in batch:
            for name, have, want in zip(
                services.CLAIM_DERIVED_FIELDS, before[pk], after[pk], strict=True
            ):
                if have != want:
                    problems.append(f"claim {pk}: {name} is {have!r}, should be {want!r}")
        for pk, have_row in links_before.items():
            for name, have, want in zip(
                services.LINK_DERIVED_FIELDS, have_row, links_after[pk], strict=True
            ):
                if have != want:
                    problems.append(f"link {pk}: {name} is {have!r}, should be {want!r}")
    return problems


def descriptor_differences() -> list[str]:
    """Return one line per printed descriptor stored under a key other than its own."""
    problems = []
    pairs = Attribution.objects.order_by().values_list("descriptor", "descriptor_key").distinct()
    for descriptor, key in pairs:
        want = descriptor_group(descriptor)
        if key != want:
            problems.append(f"descriptor {descriptor!r}: key is {key!r}, should be {want!r}")
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
        claim_problems = claim_differences(ids) + descriptor_differences()
        total_sources = Source.objects.count()
        for line in (rollup_problems + claim_problems)[:SHOW]:
            self.stdout.write(line)
        hidden = len(rollup_problems) + len(claim_problems) - SHOW
        if hidden > 0:
            self.stdout.write(f"… and {hidden} more.")
        self.stdout.write(
            f"Checked {total_sources} rollups ({len(rollup_problems)} differences) and "
            f"{len(ids)} claims ({len(claim_problems)} differences), "
            "with their links and descriptor keys."
        )
        if fix and rollup_problems:
            services.rollups_refresh(source_ids=None)
            self.stdout.write("Rewrote every rollup from the claims.")
        if rollup_problems or claim_problems:
            raise CommandError("Derived data differs from a full recomputation.")
        self.stdout.write(self.style.SUCCESS("Derived data matches a full recomputation."))
