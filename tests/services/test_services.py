"""The write services keep independence, outcomes and rollups current."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sources import services
from sources.domain.vocab import Outcome, Relation
from sources.models import (
    Claim,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    Source,
    SourceRollup,
)
from tests.factories import ArticleFactory, EvidenceFactory, OutletFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    article = ArticleFactory(outlet=outlet, published_on=datetime.date(2016, 8, 25))
    source = SourceFactory(codename="PINE")
    claim = services.claim_file(
        article=article,
        text="Security cadres bought 8 kg of crystal meth at 9,000 RMB/kg.",
        attributions=[services.AttributionSpec(source=source)],
    )
    return article, source, claim


def test_claim_file_uses_default_descriptor_and_starts_pending(story):
    _, source, claim = story
    assert claim.outcome == Outcome.PENDING
    assert claim.attributions.get().descriptor == source.descriptor
    assert SourceRollup.objects.get(source=source).pending == 1


def test_independent_corroboration_confirms_and_updates_rollup(story):
    _, source, claim = story
    evidence = EvidenceFactory(observed_on=datetime.date(2017, 2, 1))
    services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CORROBORATES)
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED
    assert claim.first_corroborated_on == datetime.date(2017, 2, 1)
    assert claim.days_to_corroboration == 160
    rollup = SourceRollup.objects.get(source=source)
    assert (rollup.corroborated, rollup.pending, rollup.confirmation_rate) == (1, 0, 1.0)


def test_circular_reporting_is_kept_but_does_not_count(story):
    article, _, claim = story
    echo = ArticleFactory(headline="Another outlet repeats the meth story")
    services.article_cite(article=echo, cited=[article])
    evidence = EvidenceFactory(article=ArticleFactory(headline="Third outlet"))
    evidence.cites.add(echo)
    link = services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CORROBORATES)
    claim.refresh_from_db()
    assert not link.is_independent
    assert "chain of 2 citations" in link.dependence_reason
    assert claim.outcome == Outcome.PENDING
    assert claim.dependent_links == 1


def test_new_citation_makes_existing_link_dependent(story):
    article, _, claim = story
    later = ArticleFactory(headline="Later report")
    evidence = EvidenceFactory(article=later)
    services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CORROBORATES)
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED
    services.article_cite(article=later, cited=[article])
    claim.refresh_from_db()
    assert claim.outcome == Outcome.PENDING
    assert EvidenceLink.objects.get().is_independent is False


def test_evidence_from_the_claims_own_source_does_not_count(story):
    _, source, claim = story
    evidence = EvidenceFactory(source=source)
    link = services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CONTRADICTS)
    assert link.dependence_reason == "It comes from a source the claim rests on."
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.PENDING


def test_verdict_overrides_and_keeps_derived(story, editor):
    _, source, claim = story
    services.evidence_link(claim=claim, evidence=EvidenceFactory(), relation=Relation.CORROBORATES)
    services.verdict_decide(
        claim=claim, outcome=Outcome.RETRACTED, reason="Source recanted.", decided_by=editor
    )
    claim.refresh_from_db()
    assert (claim.derived_outcome, claim.outcome, claim.version) == (
        Outcome.CORROBORATED,
        Outcome.RETRACTED,
        1,
    )
    assert SourceRollup.objects.get(source=source).retracted == 1


def test_stale_verdict_is_refused(story, editor):
    _, _, claim = story
    services.verdict_decide(
        claim=claim,
        outcome=Outcome.CONTRADICTED,
        reason="Court record.",
        decided_by=editor,
        expected_version=0,
    )
    with pytest.raises(services.VerdictConflict):
        services.verdict_decide(
            claim=claim,
            outcome=Outcome.CORROBORATED,
            reason="Defector.",
            decided_by=editor,
            expected_version=0,
        )
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CONTRADICTED


def test_verdict_needs_a_reason(story, editor):
    _, _, claim = story
    with pytest.raises(ValidationError):
        services.verdict_decide(
            claim=claim, outcome=Outcome.CONTRADICTED, reason=" ", decided_by=editor
        )


def test_unlink_returns_claim_to_pending(story):
    _, source, claim = story
    link = services.evidence_link(
        claim=claim, evidence=EvidenceFactory(), relation=Relation.CONTRADICTS
    )
    services.evidence_unlink(link=link)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.PENDING
    assert SourceRollup.objects.get(source=source).contradicted == 0


def test_codename_is_unique():
    SourceFactory(codename="PINE")
    with pytest.raises(IntegrityError), transaction.atomic():
        Source.objects.create(codename="PINE", descriptor="a source")


def test_one_link_per_claim_and_evidence(story):
    _, _, claim = story
    evidence = EvidenceFactory()
    services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CONTEXT)
    with pytest.raises(ValidationError):
        services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CORROBORATES)
    with pytest.raises(IntegrityError), transaction.atomic():
        EvidenceLink.objects.create(claim=claim, evidence=evidence, relation=Relation.CONTEXT)


def test_credibility_is_checked_by_the_database(story):
    _, _, claim = story
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(credibility=7)


def test_burning_erases_identity_and_keeps_record(story, editor):
    _, _, claim = story
    source = services.source_create(
        codename="BIRCH",
        descriptor="a source in North Hamgyong",
        real_name="Kim Canary",
        contact="+86 000",
    )
    services.source_burn(source=source, actor=editor, reason="Exposed.")
    source.refresh_from_db()
    assert source.status == Source.Status.BURNED
    assert not hasattr(source, "identity") or source.identity is None


def test_a_burned_source_cannot_be_burned_again(editor):
    source = services.source_create(codename="ASPEN", descriptor="a trader in Hyesan")
    services.source_burn(source=source, actor=editor, reason="Exposed.")
    source.refresh_from_db()
    burned_at = source.burned_at
    with pytest.raises(ValidationError, match="already burned"):
        services.source_burn(source=source, actor=editor, reason="Again.")
    source.refresh_from_db()
    assert source.burned_at == burned_at
    burns = IdentityAccessLog.objects.filter(source=source, action=IdentityAccessLog.Action.BURN)
    assert burns.count() == 1


def test_evidence_record_and_link_records_nothing_when_the_link_is_refused(story):
    _, _, claim = story
    fields = {
        "kind": "testimony",
        "summary": "A trader in Hyesan quotes 14,000 RMB/kg across the river.",
        "observed_on": datetime.date(2016, 9, 2),
    }
    with pytest.raises(ValidationError):
        services.evidence_record_and_link(
            claim=claim, relation="rumour", recorded_by=None, **fields
        )
    assert not claim.links.exists()
    assert not Evidence.objects.filter(summary=fields["summary"]).exists()
    link = services.evidence_record_and_link(
        claim=claim, relation=Relation.CORROBORATES, recorded_by=None, **fields
    )
    assert link.evidence.summary == fields["summary"]
    with pytest.raises(ValidationError):
        services.evidence_record_and_link(
            claim=claim, existing=link.evidence, relation=Relation.CORROBORATES, recorded_by=None
        )
    assert Evidence.objects.filter(summary=fields["summary"]).count() == 1
    assert claim.links.count() == 1
