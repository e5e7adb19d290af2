"""Rollups and claim outcomes equal a full recomputation after any sequence of writes.

Each test runs a random, seeded sequence of service calls (linking,
unlinking, verdicts, citations, attributions, burning, deleting claims) and
then recomputes everything from scratch in Python, straight from the rules,
without the services' incremental paths.
"""

import datetime
import random
import statistics
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from sources import selectors, services
from sources.domain import reliability
from sources.domain.rules import derive_outcome, final_outcome, find_dependence
from sources.domain.vocab import Outcome, Relation
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
    SourceRollup,
)
from tests.factories import OutletFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

DAY0 = datetime.date(2015, 1, 1)


def expected_claims() -> dict[int, tuple]:
    """Recompute every claim's derived columns from the raw rows and the rules."""
    citations: dict[int, list[int]] = {}
    for source, target in Article.cites.through.objects.values_list(
        "from_article_id", "to_article_id"
    ):
        citations.setdefault(source, []).append(target)
    evidence_cites: dict[int, list[int]] = {}
    for evidence, article in Evidence.cites.through.objects.values_list(
        "evidence_id", "article_id"
    ):
        evidence_cites.setdefault(evidence, []).append(article)
    claim_sources: dict[int, set[int]] = {}
    for claim, source in Attribution.objects.values_list("claim_id", "source_id"):
        claim_sources.setdefault(claim, set()).add(source)
    evidence = {e.pk: e for e in Evidence.objects.all()}
    links: dict[int, list[EvidenceLink]] = {}
    for link in EvidenceLink.objects.all():
        links.setdefault(link.claim_id, []).append(link)
    result = {}
    for claim in Claim.objects.select_related("article"):
        counting, dependent = [], 0
        for link in links.get(claim.pk, []):
            item = evidence[link.evidence_id]
            dependence = find_dependence(
                claim_article=claim.article_id,
                claim_sources=claim_sources.get(claim.pk, set()),
                evidence_source=item.source_id,
                evidence_article=item.article_id,
                evidence_cites=evidence_cites.get(item.pk, []),
                citations=citations,
            )
            if dependence is None:
                counting.append((link.relation, item.observed_on))
            else:
                dependent += 1
        supporting = [
            day
            for relation, day in counting
            if relation in (Relation.CORROBORATES, Relation.PARTLY_CORROBORATES)
        ]
        derived = derive_outcome(relation for relation, _ in counting)
        first = min(supporting, default=None)
        settled = min(
            (day for relation, day in counting if relation != Relation.CONTEXT), default=None
        )
        published = claim.article.published_on
        result[claim.pk] = (
            derived,
            final_outcome(derived, claim.verdict or None),
            len(supporting),
            sum(1 for relation, _ in counting if relation == Relation.CONTRADICTS),
            dependent,
            first,
            # Evidence that predates the claim counts 0 days, never fewer.
            max(0, (first - published).days) if first else None,
            settled,
            settled is not None and settled < published,
        )
    return result


def stored_claims() -> dict[int, tuple]:
    return {
        row[0]: row[1:]
        for row in Claim.objects.values_list(
            "pk",
            "derived_outcome",
            "outcome",
            "corroborating_links",
            "contradicting_links",
            "dependent_links",
            "first_corroborated_on",
            "days_to_corroboration",
            "first_settled_on",
            "settled_before_publication",
        )
    }


LINK_TOTALS = ("corroborating_links", "contradicting_links", "dependent_links")


def expected_rollups() -> dict[int, tuple]:
    """Recompute every source's rollup by counting attributions in Python."""
    claims = {claim.pk: claim for claim in Claim.objects.select_related("article")}
    counts: dict[int, Counter] = {
        pk: Counter() for pk in Source.objects.values_list("pk", flat=True)
    }
    days: dict[int, list[int]] = {pk: [] for pk in counts}
    by_year: dict[int, dict] = {pk: {} for pk in counts}
    deadlines: dict[int, Counter] = {pk: Counter() for pk in counts}
    for claim_id, source in Attribution.objects.values_list("claim_id", "source_id"):
        claim = claims[claim_id]
        counts[source]["claims"] += 1
        for name in LINK_TOTALS:
            counts[source][name] += getattr(claim, name)
        if claim.settled_before_publication:
            # Already public: in the claim count, in no outcome and not in the rate.
            continue
        counts[source][claim.outcome] += 1
        year = by_year[source].setdefault(str(claim.article.published_on.year), Counter())
        year[claim.outcome] += 1
        if claim.days_to_corroboration is not None:
            days[source].append(claim.days_to_corroboration)
        if claim.outcome == Outcome.PENDING and claim.check_by is not None:
            deadlines[source][claim.check_by.isoformat()] += 1
    config = settings.RELIABILITY
    result = {}
    for pk, count in counts.items():
        figures = reliability.group_figures(
            claims=count["claims"],
            pending=count[Outcome.PENDING],
            corroborated=count[Outcome.CORROBORATED],
            partly=count[Outcome.PARTLY_CORROBORATED],
            contradicted=count[Outcome.CONTRADICTED],
            min_resolved=config["MIN_RESOLVED"],
            thresholds=config["THRESHOLDS"],
            confidence=config["CONFIDENCE"],
        )
        result[pk] = (
            count["claims"],
            *(count[outcome] for outcome in selectors.ROLLUP_COUNTS),
            figures.resolved,
            figures.letter,
            None if figures.interval_low is None else round(figures.interval_low, 9),
            statistics.median(days[pk]) if days[pk] else None,
            *(count[name] for name in LINK_TOTALS),
            {year: dict(outcomes) for year, outcomes in by_year[pk].items()},
            dict(deadlines[pk]),
        )
    return result


def stored_rollups() -> dict[int, tuple]:
    return {
        r.source_id: (
            r.claims,
            *(getattr(r, outcome) for outcome in selectors.ROLLUP_COUNTS),
            r.resolved,
            r.letter,
            None if r.interval_low is None else round(r.interval_low, 9),
            r.median_days,
            *(getattr(r, name) for name in LINK_TOTALS),
            r.by_year,
            r.pending_deadlines,
        )
        for r in SourceRollup.objects.all()
    }


class Newsroom:
    """A small world and a random walk of writes over it, all through the services."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.editor = UserFactory(username="walk-editor")
        self.checker = UserFactory(username="walk-checker")
        outlet = OutletFactory()
        region = RegionFactory()
        self.sources = [
            services.source_create(
                codename=f"WALK-{n}",
                descriptor=f"walk source {n}",
                region=region,
                real_name=f"Person {n}",
            )
            for n in range(6)
        ]
        self.articles = [
            services.article_create(
                outlet=outlet, headline=f"Story {n}", published_on=DAY0 + datetime.timedelta(n * 30)
            )
            for n in range(8)
        ]
        self.claims = []
        for _ in range(14):
            self.file_claim()
        self.evidence = [self.record_evidence() for _ in range(14)]

    def file_claim(self):
        sources = self.rng.sample(self.sources, self.rng.choice((1, 1, 2)))
        claim = services.claim_file(
            article=self.rng.choice(self.articles),
            text="A claim on the walk.",
            attributions=[services.AttributionSpec(source=s) for s in sources],
        )
        self.claims.append(claim)

    def record_evidence(self):
        draw = self.rng.random()
        return services.evidence_record(
            kind=Evidence.Kind.REPORTING,
            summary="Evidence on the walk.",
            observed_on=DAY0 + datetime.timedelta(days=self.rng.randrange(30, 600)),
            source=self.rng.choice(self.sources) if draw < 0.25 else None,
            article=self.rng.choice(self.articles) if 0.25 <= draw < 0.6 else None,
            cites=[self.rng.choice(self.articles)] if draw > 0.8 else [],
            recorded_by=self.checker,
        )

    # The moves -------------------------------------------------------------------

    def link(self):
        claim, evidence = self.rng.choice(self.claims), self.rng.choice(self.evidence)
        if EvidenceLink.objects.filter(claim=claim, evidence=evidence).exists():
            return
        relation = self.rng.choice(Relation.ALL)
        services.evidence_link(
            claim=claim, evidence=evidence, relation=relation, recorded_by=self.checker
        )

    def unlink(self):
        links = list(EvidenceLink.objects.order_by("pk"))
        if links:
            services.evidence_unlink(link=self.rng.choice(links), actor=self.checker)

    def verdict(self):
        claim = Claim.objects.get(pk=self.rng.choice(self.claims).pk)
        services.verdict_decide(
            claim=claim,
            outcome=self.rng.choice(Outcome.ALL),
            reason="Decided on the walk.",
            decided_by=self.editor,
        )

    def cite(self):
        article, cited = self.rng.sample(self.articles, 2)
        services.article_cite(article=article, cited=[cited])

    def attribute(self):
        claim = self.rng.choice(self.claims)
        taken = set(claim.attributions.values_list("source_id", flat=True))
        free = [s for s in self.sources if s.pk not in taken]
        if free:
            services.attribution_add(claim=claim, source=self.rng.choice(free))

    def unattribute(self):
        claim = self.rng.choice(self.claims)
        attributions = list(claim.attributions.all())
        if len(attributions) > 1:
            services.attribution_remove(attribution=self.rng.choice(attributions))

    def burn(self):
        source = Source.objects.get(pk=self.rng.choice(self.sources).pk)
        if source.status != Source.Status.BURNED:
            services.source_burn(source=source, actor=self.editor, reason="Walk burn.")

    def delete(self):
        if len(self.claims) > 4:
            claim = self.claims.pop(self.rng.randrange(len(self.claims)))
            services.claim_delete(claim=claim, actor=self.editor)

    def file(self):
        self.file_claim()

    MOVES = {
        "link": 8,
        "unlink": 3,
        "verdict": 2,
        "cite": 1,
        "attribute": 1,
        "unattribute": 1,
        "burn": 1,
        "delete": 1,
        "file": 1,
    }

    def walk(self, steps: int) -> list[str]:
        names = list(self.MOVES)
        done = []
        for _ in range(steps):
            name = self.rng.choices(names, weights=[self.MOVES[n] for n in names])[0]
            getattr(self, name)()
            done.append(name)
        return done


def assert_consistent():
    assert stored_claims() == expected_claims()
    assert stored_rollups() == expected_rollups()
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_writes_keep_rollups_and_outcomes_exact(seed):
    newsroom = Newsroom(random.Random(seed))
    done = []
    for _ in range(4):
        done += newsroom.walk(15)
        assert_consistent()
    # The walk did real work: every kind of write happened and outcomes moved.
    assert {"link", "unlink", "verdict", "delete", "burn"} <= set(done)
    outcomes = set(Claim.objects.values_list("outcome", flat=True))
    assert len(outcomes) >= 3
    assert SourceRollup.objects.filter(claims__gt=0).exists()
    assert SourceRollup.objects.filter(median_days__isnull=False).exists()
    assert SourceRollup.objects.filter(corroborating_links__gt=0).exists()


def test_verify_rollups_reports_a_tampered_rollup_and_claim():
    newsroom = Newsroom(random.Random(9))
    newsroom.walk(20)
    call_command("verify_rollups", "--all", stdout=StringIO())  # clean: no error

    source = newsroom.sources[0]
    SourceRollup.objects.filter(source=source).update(claims=999, median_days=4321.0)
    claim = Claim.objects.first()
    Claim.objects.filter(pk=claim.pk).update(corroborating_links=77)
    out = StringIO()
    with pytest.raises(CommandError, match="differs"):
        call_command("verify_rollups", "--all", stdout=out)
    text = out.getvalue()
    assert f"source {source.pk}: claims is 999" in text
    assert f"source {source.pk}: median_days is 4321.0" in text
    assert f"claim {claim.pk}: corroborating_links is 77" in text
    # Verifying changed nothing; --fix mends the rollup but not the claim.
    assert Claim.objects.get(pk=claim.pk).corroborating_links == 77
    with pytest.raises(CommandError):
        call_command("verify_rollups", "--all", "--fix", stdout=StringIO())
    assert stored_rollups() == expected_rollups()


def test_missing_rollup_row_is_reported():
    newsroom = Newsroom(random.Random(5))
    SourceRollup.objects.filter(source=newsroom.sources[1]).delete()
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("verify_rollups", "--sample", "3", "--seed", "1", stdout=out)
    assert f"source {newsroom.sources[1].pk}: no rollup row" in out.getvalue()
    assert "and 3 claims" in out.getvalue()


def test_moving_an_article_date_moves_its_sources_records():
    """The admin edits dates outside the services; ``article_refresh`` re-derives them."""
    newsroom = Newsroom(random.Random(11))
    newsroom.walk(30)
    assert_consistent()
    article = max(newsroom.articles, key=lambda a: a.claims.count())
    assert article.claims.exists()
    Article.objects.filter(pk=article.pk).update(
        published_on=article.published_on - datetime.timedelta(days=3 * 365)
    )
    article.refresh_from_db()
    # Before the refresh the years on file are three years out...
    assert stored_rollups() != expected_rollups()
    services.article_refresh(article=article)
    # ...after it, everything equals a recomputation again.
    assert_consistent()
