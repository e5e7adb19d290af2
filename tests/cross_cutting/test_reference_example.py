"""The worked example in docs/domain.md, step by step, through the services."""

import datetime

import pytest

from sources import services
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim
from tests.factories import ArticleFactory, EvidenceFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


def outcome_of(claim):
    return Claim.objects.get(pk=claim.pk).outcome


def test_worked_example(editor):
    daily_nk = ArticleFactory(
        outlet=OutletFactory(name="Daily NK", slug="daily-nk"),
        headline="Security cadres use surveillance patrols to move drugs",
        published_on=datetime.date(2016, 8, 25),
    )
    larch = SourceFactory(codename="LARCH")
    claim = services.claim_file(
        article=daily_nk,
        text="Cadres bought 8 kg of crystal meth inland at 9,000 RMB per kilogram.",
        attributions=[services.AttributionSpec(source=larch)],
        credibility=3,
    )
    assert outcome_of(claim) == Outcome.PENDING

    seoul = ArticleFactory(
        headline="Meth prices on the border", published_on=datetime.date(2016, 10, 3)
    )
    services.article_cite(article=seoul, cited=[daily_nk])
    repeat = EvidenceFactory(article=seoul, observed_on=datetime.date(2016, 10, 3))
    link = services.evidence_link(claim=claim, evidence=repeat, relation=Relation.CORROBORATES)
    assert (link.is_independent, outcome_of(claim)) == (False, Outcome.PENDING)

    wire = EvidenceFactory(observed_on=datetime.date(2017, 1, 9))
    wire.cites.add(seoul)
    link = services.evidence_link(claim=claim, evidence=wire, relation=Relation.CORROBORATES)
    assert "chain of 2 citations" in link.dependence_reason
    assert outcome_of(claim) == Outcome.PENDING

    again = EvidenceFactory(source=larch, observed_on=datetime.date(2017, 3, 1))
    link = services.evidence_link(claim=claim, evidence=again, relation=Relation.CORROBORATES)
    assert (link.is_independent, outcome_of(claim)) == (False, Outcome.PENDING)

    defector = EvidenceFactory(observed_on=datetime.date(2017, 6, 1))
    services.evidence_link(claim=claim, evidence=defector, relation=Relation.CORROBORATES)
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED
    assert claim.days_to_corroboration == 280
    assert claim.dependent_links == 3

    court = EvidenceFactory(kind="court", observed_on=datetime.date(2018, 2, 12))
    services.evidence_link(claim=claim, evidence=court, relation=Relation.CONTRADICTS)
    assert outcome_of(claim) == Outcome.DISPUTED

    services.verdict_decide(
        claim=claim,
        outcome=Outcome.PARTLY_CORROBORATED,
        reason="The trade is confirmed; the court record's price is for a different batch.",
        decided_by=editor,
    )
    claim.refresh_from_db()
    assert (claim.outcome, claim.derived_outcome) == (
        Outcome.PARTLY_CORROBORATED,
        Outcome.DISPUTED,
    )
