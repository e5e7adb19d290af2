"""Writes that land at the same moment, in real threads on PostgreSQL, leave no drift.

Each thread has its own connection and transaction; a barrier releases them
together. These are the races that once left a claim "contradicted" under a
"retracted" verdict and a busy source's rollup short of links, and that
answered a double link with a 500. After each, ``verify_rollups`` finds
nothing to correct.
"""

import datetime
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from rest_framework.test import APIClient

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim, Evidence, EvidenceLink, Source, SourceRollup
from tests.factories import ArticleFactory, UserFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

PUBLISHED = datetime.date(2016, 8, 25)


def together(*calls):
    """Run each call in its own thread, released at once; return results or exceptions."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def work(index, call):
        try:
            connection.ensure_connection()  # connect first, so the calls start together
            barrier.wait(timeout=20)
            results[index] = call()
        except Exception as error:  # every outcome is asserted on below
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def verify_clean():
    out = StringIO()
    call_command("verify_rollups", "--all", stdout=out)
    assert "(0 differences) and" in out.getvalue()
    assert "claims (0 differences)" in out.getvalue()


def new_evidence(day=datetime.date(2017, 1, 10)):
    return services.evidence_record(
        kind=Evidence.Kind.COURT, summary="Court papers list the seizure.", observed_on=day
    )


def test_verdict_and_link_on_one_claim_twenty_rounds():
    editor = UserFactory(username="race-editor", roles=[roles.EDITOR])
    checker = UserFactory(username="race-checker", roles=[roles.FACT_CHECKER])
    source = services.source_create(codename="PINE", descriptor="a source in Ryanggang")
    article = ArticleFactory(published_on=PUBLISHED)
    for _ in range(20):
        claim = services.claim_file(
            article=article,
            text="Cadres sold meth in China at 14,000 RMB/kg.",
            attributions=[services.AttributionSpec(source=source)],
        )
        evidence = new_evidence()
        seen = Claim.objects.get(pk=claim.pk)
        results = together(
            lambda seen=seen: services.verdict_decide(
                claim=seen, outcome=Outcome.RETRACTED, reason="Recanted.", decided_by=editor
            ),
            lambda claim=claim, evidence=evidence: services.evidence_link(
                claim=claim,
                evidence=evidence,
                relation=Relation.CONTRADICTS,
                recorded_by=checker,
            ),
        )
        assert not any(isinstance(result, Exception) for result in results), results
        stored = Claim.objects.get(pk=claim.pk)
        assert (stored.derived_outcome, stored.verdict, stored.outcome) == (
            Outcome.CONTRADICTED,
            Outcome.RETRACTED,
            Outcome.RETRACTED,
        )
    rollup = SourceRollup.objects.get(source=source)
    assert (rollup.claims, rollup.retracted, rollup.contradicting_links) == (20, 20, 20)
    verify_clean()


def test_eight_links_on_one_source_at_once():
    source = services.source_create(codename="CEDAR", descriptor="a trader in Hyesan")
    article = ArticleFactory(published_on=PUBLISHED)
    claims = [
        services.claim_file(
            article=article,
            text=f"Claim {n} from the busy source.",
            attributions=[services.AttributionSpec(source=source)],
        )
        for n in range(8)
    ]
    days = [datetime.date(2016, 9, 1) + datetime.timedelta(days=n) for n in range(8)]
    pieces = [new_evidence(day) for day in days]
    results = together(
        *(
            lambda claim=claim, evidence=evidence: services.evidence_link(
                claim=claim, evidence=evidence, relation=Relation.CORROBORATES
            )
            for claim, evidence in zip(claims, pieces, strict=True)
        )
    )
    assert all(isinstance(result, EvidenceLink) for result in results), results
    rollup = SourceRollup.objects.get(source=source)
    # Days from 25 August: 7, 8, ..., 14; the median of eight is (10 + 11) / 2.
    assert (rollup.corroborated, rollup.pending, rollup.corroborating_links) == (8, 0, 8)
    assert rollup.days_histogram == {str(d): 1 for d in range(7, 15)}
    assert rollup.median_days == 10.5
    verify_clean()


def test_the_same_link_twice_at_once_one_wins_one_conflicts():
    source = services.source_create(codename="FIR", descriptor="a source in Hyesan")
    claim = services.claim_file(
        article=ArticleFactory(published_on=PUBLISHED),
        text="Border guards took a share.",
        attributions=[services.AttributionSpec(source=source)],
    )
    evidence = new_evidence()

    def link():
        return services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CONTRADICTS)

    results = together(link, link)
    wins = [r for r in results if isinstance(r, EvidenceLink)]
    conflicts = [r for r in results if isinstance(r, services.Conflict)]
    assert (len(wins), len(conflicts)) == (1, 1), results
    assert "a moment ago" in str(conflicts[0])
    assert EvidenceLink.objects.filter(claim=claim).count() == 1
    assert SourceRollup.objects.get(source=source).contradicting_links == 1
    verify_clean()


def test_the_same_link_twice_through_the_api_answers_201_and_409():
    checker = UserFactory(username="api-checker", roles=[roles.FACT_CHECKER])
    source = services.source_create(codename="OAK", descriptor="a source in Musan")
    claim = services.claim_file(
        article=ArticleFactory(published_on=PUBLISHED),
        text="Prices doubled in Musan.",
        attributions=[services.AttributionSpec(source=source)],
    )
    evidence = new_evidence()

    def post():
        client = APIClient()
        client.force_authenticate(checker)
        return client.post(
            "/api/links/",
            {"claim": claim.pk, "evidence": evidence.pk, "relation": Relation.CORROBORATES},
            format="json",
        )

    responses = together(post, post)
    assert not any(isinstance(r, Exception) for r in responses), responses
    assert sorted(r.status_code for r in responses) == [201, 409], [r.content for r in responses]
    conflict = next(r for r in responses if r.status_code == 409)
    assert "a moment ago" in conflict.json()["detail"]
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CORROBORATED
    verify_clean()


def test_two_burns_at_once_log_one_burn():
    editor = UserFactory(username="burn-editor", roles=[roles.EDITOR])
    source = services.source_create(codename="ASPEN", descriptor="a trader", real_name="Kim")

    def burn():
        # Each editor loaded the burn form, and the source with it.
        loaded = Source.objects.get(pk=source.pk)
        return services.source_burn(source=loaded, actor=editor, reason="Exposed.")

    results = together(burn, burn)
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and "already burned" in str(refused[0]), results
    assert source.access_log.filter(action="burn").count() == 1
