"""Two editors deciding a verdict on the same claim at the same moment.

Runs on PostgreSQL with real transactions in two threads, each with its own
database connection: one decision wins, the other gets VerdictConflict, and
nothing is silently overwritten. SQLite serialises writers, so the conftest
hook skips this module there (marker ``postgres_only``).
"""

import datetime
import threading

import pytest
from django.db import connection

from sources import roles, services
from sources.models import Claim, Verdict
from sources.services import VerdictConflict
from tests.factories import ArticleFactory, SourceFactory, UserFactory

# The root conftest puts back the role groups the flush after each test removes.
pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _decide_together(claim_id: int, deciders: list[tuple]) -> list:
    """Run one verdict_decide per decider in its own thread, released at the same instant."""
    seen_version = Claim.objects.get(pk=claim_id).version
    barrier = threading.Barrier(len(deciders))
    results: list = [None] * len(deciders)

    def work(index, user, outcome):
        try:
            claim = Claim.objects.get(pk=claim_id)  # each editor loaded the form
            barrier.wait(timeout=10)
            results[index] = services.verdict_decide(
                claim=claim,
                outcome=outcome,
                reason=f"{user.username} says {outcome}",
                decided_by=user,
                expected_version=seen_version,
            )
        except VerdictConflict as conflict:
            results[index] = conflict
        except Exception as error:  # reported by the assertion below
            results[index] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(i, user, outcome))
        for i, (user, outcome) in enumerate(deciders)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_editors_one_wins_one_gets_a_conflict():
    assert connection.vendor == "postgresql"
    first = UserFactory(username="editor-one", roles=[roles.EDITOR])
    second = UserFactory(username="editor-two", roles=[roles.EDITOR])
    source = SourceFactory(codename="CEDAR")
    claim = services.claim_file(
        article=ArticleFactory(published_on=datetime.date(2016, 8, 25)),
        text="Meth sold in China at 14,000 RMB/kg.",
        attributions=[services.AttributionSpec(source=source)],
    )

    results = _decide_together(claim.pk, [(first, "corroborated"), (second, "contradicted")])

    wins = [r for r in results if isinstance(r, Verdict)]
    conflicts = [r for r in results if isinstance(r, VerdictConflict)]
    assert len(wins) == 1 and len(conflicts) == 1, results
    assert "Another editor decided a verdict" in str(conflicts[0])
    claim.refresh_from_db()
    assert claim.version == 1
    assert claim.verdict == wins[0].outcome == claim.outcome
    assert list(Verdict.objects.filter(claim=claim).values_list("outcome", flat=True)) == [
        wins[0].outcome
    ]
    # The loser's attempt left no trace: every history record with a verdict is the winner's.
    decided = claim.history.exclude(verdict="")
    assert decided.exists()
    assert {r.history_user_id for r in decided} == {wins[0].decided_by_id}
    assert {r.verdict for r in decided} == {wins[0].outcome}


def test_many_editors_at_once_still_exactly_one_wins():
    editors = [UserFactory(username=f"ed-{n}", roles=[roles.EDITOR]) for n in range(4)]
    claim = services.claim_file(
        article=ArticleFactory(published_on=datetime.date(2016, 8, 25)),
        text="Security cadres bought 8 kg of crystal meth.",
        attributions=[services.AttributionSpec(source=SourceFactory(codename="FIR"))],
    )
    results = _decide_together(claim.pk, [(e, "disputed") for e in editors])
    assert sum(isinstance(r, Verdict) for r in results) == 1, results
    assert sum(isinstance(r, VerdictConflict) for r in results) == 3, results
    assert Verdict.objects.filter(claim=claim).count() == 1
