"""Property tests on random newsrooms, built through the services on the real database.

* the database aggregation of every grouping equals a naive Python recount;
* outcome counts sum to the total and every rate lies inside its interval;
* a dependent link never changes an outcome;
* an independent contradiction never raises a source's rate.

Each example runs inside a savepoint that is rolled back, so examples do not
see each other's rows. Run the file with DATABASE_URL set to check PostgreSQL.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from statistics import median

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from sources import reports, roles, services
from sources.domain import reliability
from sources.domain.rules import latest_today
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim, Outlet, Region, SourceRollup, Topic
from tests.factories import ArticleFactory, EvidenceFactory, UserFactory

pytestmark = pytest.mark.django_db

DB_EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
SOURCES = ("ASH", "ELM", "FIR", "YEW")
DESCRIPTORS = ("a source in Hyesan", "a trader in Sinuiju", "a border guard")
REGIONS = ("ryanggang", "north-hamgyong")
TOPICS = ("drugs", "border", "prices")
ARTICLES = 4  # each with its own outlet mix, reporter and year
RELATIONS = (
    Relation.CORROBORATES,
    Relation.PARTLY_CORROBORATES,
    Relation.CONTRADICTS,
    Relation.CONTEXT,
)
VERDICTS = (None, None, None, *Outcome.ALL)

link_strategy = st.tuples(
    st.sampled_from(RELATIONS),
    st.integers(min_value=-5, max_value=400),  # days after publication it was observed
    st.booleans(),  # independent? dependent ones come from one of the claim's sources
)
claim_strategy = st.fixed_dictionaries(
    {
        "article": st.integers(min_value=0, max_value=ARTICLES - 1),
        "sources": st.lists(
            st.tuples(st.sampled_from(SOURCES), st.sampled_from(("", *DESCRIPTORS))),
            min_size=1,
            max_size=3,
            unique_by=lambda pair: pair[0],
        ),
        "region": st.sampled_from((None, *REGIONS)),
        "topics": st.lists(st.sampled_from(TOPICS), unique=True, max_size=2),
        "links": st.lists(link_strategy, max_size=3),
        "verdict": st.sampled_from(VERDICTS),
        "credibility": st.integers(min_value=1, max_value=6),
    }
)
newsroom_strategy = st.lists(claim_strategy, min_size=1, max_size=8)


class Rollback(Exception):
    pass


def in_savepoint(test):
    """Run a body inside a savepoint and undo it, so each example starts clean."""
    try:
        with transaction.atomic():
            test()
            raise Rollback
    except Rollback:
        pass


def build(spec) -> dict:
    editor = UserFactory(username="prop-editor", roles=[roles.EDITOR])
    reporters = [
        UserFactory(username=f"prop-reporter-{i}", roles=[roles.REPORTER]) for i in range(2)
    ]
    outlets = [Outlet.objects.create(name=f"Outlet {i}", slug=f"outlet-{i}") for i in range(2)]
    regions = {slug: Region.objects.create(name=slug.title(), slug=slug) for slug in REGIONS}
    topics = {slug: Topic.objects.create(name=slug.title(), slug=slug) for slug in TOPICS}
    sources = {
        name: services.source_create(codename=name, descriptor=f"default for {name}")
        for name in SOURCES
    }
    articles = [
        ArticleFactory(
            outlet=outlets[i % 2],
            reporter=reporters[i % 2] if i < 3 else None,
            published_on=datetime.date(2015 + i // 2, 1 + i, 10),
        )
        for i in range(ARTICLES)
    ]
    for index, item in enumerate(spec):
        article = articles[item["article"]]
        claim = services.claim_file(
            article=article,
            text=f"Claim {index}",
            attributions=[
                services.AttributionSpec(source=sources[name], descriptor=descriptor)
                for name, descriptor in item["sources"]
            ],
            region=regions.get(item["region"]) if item["region"] else None,
            topics=[topics[t] for t in item["topics"]],
            credibility=item["credibility"],
            assessed_by=editor,
        )
        for relation, offset, independent in item["links"]:
            own = sources[item["sources"][0][0]]
            evidence = EvidenceFactory(
                observed_on=article.published_on + datetime.timedelta(days=offset),
                source=None if independent else own,
            )
            services.evidence_link(claim=claim, evidence=evidence, relation=relation)
        if item["verdict"]:
            services.verdict_decide(
                claim=claim, outcome=item["verdict"], reason="Decided.", decided_by=editor
            )
    return {"editor": editor, "sources": sources}


def naive_groups(by: str) -> dict:
    """Recount a grouping claim by claim in Python: {group label: [claims]}."""
    groups: dict = defaultdict(list)
    claims = Claim.objects.select_related(
        "article", "article__outlet", "article__reporter", "region"
    ).prefetch_related("attributions__source", "topics")
    for claim in claims:
        if by == "source":
            keys = {a.source.codename for a in claim.attributions.all()}
        elif by == "descriptor":
            keys = {a.descriptor for a in claim.attributions.all()}
        elif by == "region":
            keys = {claim.region.name if claim.region else None}
        elif by == "reporter":
            reporter = claim.article.reporter
            keys = {reporter.username if reporter else None}
        elif by == "outlet":
            keys = {claim.article.outlet.name}
        elif by == "topic":
            keys = {t.name for t in claim.topics.all()} or {None}
        else:
            keys = {claim.article.published_on.year}
        for key in keys:
            groups[key].append(claim)
    return groups


def check_against_naive(viewer, min_resolved: int) -> None:
    for by in reports.GROUPINGS:
        rows = {row.group: row for row in reports.report_rows(viewer=viewer, by=by)}
        groups = naive_groups(by)
        assert set(rows) == set(groups), by
        for key, claims in groups.items():
            row = rows[key]
            # Each claim in one bucket: already public, expired (pending past its
            # check-by date), or its outcome; already-public claims count nowhere else.
            today = latest_today(timezone.now())
            counted = [c for c in claims if not c.settled_before_publication]
            tally = Counter(
                "expired"
                if c.outcome == Outcome.PENDING and c.check_by and c.check_by < today
                else c.outcome
                for c in counted
            )
            corroborated = tally[Outcome.CORROBORATED]
            partly = tally[Outcome.PARTLY_CORROBORATED]
            contradicted = tally[Outcome.CONTRADICTED]
            resolved = corroborated + partly + contradicted
            days = [c.days_to_corroboration for c in counted if c.days_to_corroboration is not None]
            assert row.claims == len(claims), (by, key)
            assert row.counts == {o: tally[o] for o in Outcome.ALL}, (by, key)
            assert (row.expired, row.already_public) == (
                tally["expired"],
                len(claims) - len(counted),
            )
            assert sum(row.counts.values()) + row.expired + row.already_public == row.claims
            assert row.resolved == resolved
            if resolved:
                rate = (corroborated + partly / 2) / resolved
                assert row.confirmation_rate == pytest.approx(rate)
                low, high = reliability.wilson_interval(corroborated + partly / 2, resolved)
                assert (row.interval_low, row.interval_high) == pytest.approx((low, high))
                assert row.interval_low <= row.confirmation_rate <= row.interval_high
            else:
                assert row.confirmation_rate is None and row.interval_low is None
            assert row.median_days_to_corroboration == (median(days) if days else None)
            assert row.suggested_letter == reliability.suggested_letter(
                row.interval_low, resolved, min_resolved=min_resolved
            )
        # Single-valued groupings partition the claims.
        if by in ("region", "reporter", "outlet", "year"):
            assert sum(row.claims for row in rows.values()) == Claim.objects.count()


@DB_EXAMPLES
@given(spec=newsroom_strategy)
def test_database_aggregation_equals_naive_recount(spec, settings):
    settings.RELIABILITY = {**settings.RELIABILITY, "MIN_RESOLVED": 2}

    def body():
        built = build(spec)
        check_against_naive(built["editor"], min_resolved=2)
        # The rollups the source leaderboard reads agree with a fresh recount too.
        for source in built["sources"].values():
            rollup = SourceRollup.objects.get(source=source)
            claims = Claim.objects.resting_on(source)
            assert rollup.claims == claims.count()
            # Already-public claims are in the claim count, never among the resolved.
            assert (
                rollup.resolved
                == claims.resolved().filter(settled_before_publication=False).count()
            )

    in_savepoint(body)


@DB_EXAMPLES
@given(
    links=st.lists(st.tuples(st.sampled_from(RELATIONS), st.integers(0, 300)), max_size=4),
    dependent=st.sampled_from(RELATIONS),
    how=st.sampled_from(("same_source", "same_article", "cites_article")),
    verdict=st.sampled_from(VERDICTS),
)
def test_a_dependent_link_never_changes_an_outcome(links, dependent, how, verdict):
    def body():
        editor = UserFactory(username="dep-editor", roles=[roles.EDITOR])
        source = services.source_create(codename="WILLOW", descriptor="a source in Musan")
        article = ArticleFactory(published_on=datetime.date(2017, 1, 1))
        claim = services.claim_file(
            article=article, text="Rice cost 5,000 won a kilo.",
            attributions=[services.AttributionSpec(source=source)],
        )  # fmt: skip
        for relation, offset in links:
            services.evidence_link(
                claim=claim,
                evidence=EvidenceFactory(
                    observed_on=article.published_on + datetime.timedelta(days=offset)
                ),
                relation=relation,
            )
        if verdict:
            services.verdict_decide(
                claim=claim, outcome=verdict, reason="Decided.", decided_by=editor
            )
        claim.refresh_from_db()
        before = (
            claim.outcome, claim.derived_outcome, claim.corroborating_links,
            claim.contradicting_links, claim.first_corroborated_on,
        )  # fmt: skip
        rollup_before = SourceRollup.objects.values().get(source=source)
        if how == "same_source":
            evidence = EvidenceFactory(source=source)
        elif how == "same_article":
            evidence = EvidenceFactory(article=article)
        else:
            echo = ArticleFactory(headline="An echo of the story")
            services.article_cite(article=echo, cited=[article])
            evidence = EvidenceFactory(article=ArticleFactory(headline="Echo of the echo"))
            evidence.cites.add(echo)
        link = services.evidence_link(claim=claim, evidence=evidence, relation=dependent)
        assert not link.is_independent
        claim.refresh_from_db()
        after = (
            claim.outcome, claim.derived_outcome, claim.corroborating_links,
            claim.contradicting_links, claim.first_corroborated_on,
        )  # fmt: skip
        assert after == before
        assert claim.dependent_links == 1
        # Every figure stays; only the count of dependent links, kept for the card, moves.
        rollup_after = SourceRollup.objects.values().get(source=source)
        assert rollup_after.pop("dependent_links") == rollup_before.pop("dependent_links") + 1
        assert rollup_after == rollup_before

    in_savepoint(body)


def _rate_or_zero(source) -> float:
    rate = SourceRollup.objects.get(source=source).confirmation_rate
    return 0.0 if rate is None else rate


source_claims = st.lists(
    st.tuples(
        st.lists(st.sampled_from(RELATIONS), max_size=3),  # independent links
        st.sampled_from(VERDICTS),
    ),
    min_size=1,
    max_size=6,
)


def _source_with_claims(spec):
    editor = UserFactory(username="contra-editor", roles=[roles.EDITOR])
    source = services.source_create(codename="LARCH", descriptor="a source in Hoeryong")
    claims = []
    for index, (relations, verdict) in enumerate(spec):
        # Published before the factory's evidence (observed 2017-03-01), so every link
        # is later evidence and every claim is in the rate; already public is tested below.
        article = ArticleFactory(published_on=datetime.date(2016, 6, 1))
        claim = services.claim_file(
            article=article, text=f"Claim {index}",
            attributions=[services.AttributionSpec(source=source)],
        )  # fmt: skip
        for relation in relations:
            services.evidence_link(claim=claim, evidence=EvidenceFactory(), relation=relation)
        if verdict:
            services.verdict_decide(
                claim=claim, outcome=verdict, reason="Decided.", decided_by=editor
            )
        claims.append(claim)
    return source, claims


@DB_EXAMPLES
@given(spec=source_claims, pick=st.integers(min_value=0, max_value=5))
@example(spec=[([Relation.CORROBORATES], None), ([Relation.PARTLY_CORROBORATES], None)], pick=1)
def test_an_independent_contradiction_never_raises_a_sources_rate(spec, pick):
    def body():
        source, claims = _source_with_claims(spec)
        before = _rate_or_zero(source)
        target = claims[pick % len(claims)]
        services.evidence_link(claim=target, evidence=EvidenceFactory(), relation="contradicts")
        assert _rate_or_zero(source) <= before + 1e-12

    in_savepoint(body)


def test_a_contradiction_public_before_the_claim_takes_it_out_of_the_rate():
    """The issue's rule: the first settling evidence predates publication, so already public.

    Hand tally: two claims, one confirmed and one contradicted by a verdict,
    rate 1/2. Evidence observed in 2017 that contradicts the contradicted
    claim (published 2018) makes it already public: 1 claim in the rate, 1/1.
    """
    editor = UserFactory(username="contra-editor", roles=[roles.EDITOR])
    source = services.source_create(codename="LARCH", descriptor="a source in Hoeryong")
    claims = []
    for index, outcome in enumerate(("corroborated", "contradicted")):
        claim = services.claim_file(
            article=ArticleFactory(published_on=datetime.date(2018, 1, 1)),
            text=f"Claim {index}",
            attributions=[services.AttributionSpec(source=source)],
        )
        services.verdict_decide(claim=claim, outcome=outcome, reason="Decided.", decided_by=editor)
        claims.append(claim)
    rollup = SourceRollup.objects.get(source=source)
    assert (rollup.resolved, rollup.settled_before_publication) == (2, 0)
    assert rollup.confirmation_rate == pytest.approx(0.5)
    services.evidence_link(claim=claims[1], evidence=EvidenceFactory(), relation="contradicts")
    rollup = SourceRollup.objects.get(source=source)
    assert (rollup.claims, rollup.settled_before_publication) == (2, 1)
    assert rollup.confirmation_rate == pytest.approx(1.0)
