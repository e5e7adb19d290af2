"""The update and delete services: each change re-derives exactly what it moves.

Every test ends with ``verify_rollups`` finding nothing to correct, and
checks the figures it expects against a hand tally.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sources import services
from sources.domain.vocab import Outcome, Relation
from sources.management.commands.verify_rollups import (
    claim_differences,
    descriptor_differences,
    rollup_differences,
)
from sources.models import (
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    LetterOverride,
    Quantity,
    Source,
    SourceRollup,
)
from tests.factories import ArticleFactory, OutletFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db

PUBLISHED = datetime.date(2016, 8, 25)


def assert_no_drift():
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
    assert descriptor_differences() == []


@pytest.fixture
def desk():
    """Two sources, an article with one claim on PINE, and a second article."""
    editor = UserFactory(username="desk-editor")
    outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    pine = services.source_create(codename="PINE", descriptor="a source in Ryanggang Province")
    cedar = services.source_create(codename="CEDAR", descriptor="a trader in Hyesan")
    article = ArticleFactory(outlet=outlet, published_on=PUBLISHED)
    later = ArticleFactory(outlet=outlet, published_on=datetime.date(2018, 3, 1))
    claim = services.claim_file(
        article=article,
        text="Security cadres bought 8 kg of crystal meth at 9,000 RMB/kg.",
        attributions=[services.AttributionSpec(source=pine)],
        filed_by=editor,
    )
    return editor, pine, cedar, article, later, claim


def evidence(day=datetime.date(2016, 9, 4), **fields):
    return services.evidence_record(
        kind=Evidence.Kind.TESTIMONY, summary="A trader confirms it.", observed_on=day, **fields
    )


def rollup(source):
    return SourceRollup.objects.get(source=source)


def test_model_update_refuses_unknown_fields_and_skips_unchanged_rows(desk):
    editor, pine, *_ = desk
    with pytest.raises(ValidationError) as refused:
        services.source_update(source=pine, data={"burned_at": None}, actor=editor)
    assert "burned_at" in refused.value.message_dict
    records = pine.history.count()
    assert services.source_update(source=pine, data={"codename": "PINE"}, actor=editor) == []
    assert pine.history.count() == records


def test_claim_update_records_actor_reason_and_credibility_assessor(desk):
    editor, _, _, _, _, claim = desk
    topic = TopicFactory(name="Drug trade", slug="drug-trade")
    changed = services.claim_update(
        claim=claim,
        data={"text": "Cadres bought 8 kg.", "credibility": 2, "topics": [topic]},
        actor=editor,
        reason="Tightened the wording.",
    )
    assert set(changed) == {"text", "credibility", "assessed_by", "topics"}
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.text, stored.credibility, stored.assessed_by) == (
        "Cadres bought 8 kg.",
        2,
        editor,
    )
    assert list(stored.topics.all()) == [topic]
    latest = stored.history.filter(history_change_reason="Tightened the wording.")
    assert latest.exists() and {r.history_user for r in latest} == {editor}
    assert_no_drift()


def test_claim_update_replaces_quantities(desk):
    editor, _, _, _, _, claim = desk
    services.claim_update(
        claim=claim,
        data={
            "quantities": [
                services.QuantitySpec(value=Decimal("8"), unit="kg", label="amount"),
                services.QuantitySpec(value=Decimal("9000"), unit="RMB/kg", label="price"),
            ]
        },
        actor=editor,
    )
    assert [(q.value, q.unit) for q in Quantity.objects.filter(claim=claim)] == [
        (Decimal("8"), "kg"),
        (Decimal("9000"), "RMB/kg"),
    ]
    same = [
        services.QuantitySpec(value=Decimal("8"), unit="kg", label="amount"),
        services.QuantitySpec(value=Decimal("9000"), unit="RMB/kg", label="price"),
    ]
    assert services.claim_update(claim=claim, data={"quantities": same}, actor=editor) == []


def test_moving_a_claim_to_another_article_moves_its_year_and_days(desk):
    editor, pine, _, _, later, claim = desk
    services.evidence_link(
        claim=claim, evidence=evidence(datetime.date(2018, 3, 11)), relation=Relation.CORROBORATES
    )
    assert Claim.objects.get(pk=claim.pk).days_to_corroboration == 563
    assert rollup(pine).by_year == {"2016": {Outcome.CORROBORATED: 1}}
    services.claim_update(claim=claim, data={"article": later}, actor=editor)
    stored = Claim.objects.get(pk=claim.pk)
    assert stored.days_to_corroboration == 10  # 1 March to 11 March 2018
    assert rollup(pine).by_year == {"2018": {Outcome.CORROBORATED: 1}}
    assert rollup(pine).days_histogram == {"10": 1}
    assert_no_drift()


def test_attribution_changes_move_both_records_and_keep_one_source(desk):
    editor, pine, cedar, _, _, claim = desk
    attribution = claim.attributions.get()
    with pytest.raises(ValidationError, match="at least one source"):
        services.attribution_remove(attribution=attribution, actor=editor)
    services.attribution_update(
        attribution=attribution,
        data={"source": cedar, "descriptor": "A  Trader in Hyesan"},
        actor=editor,
    )
    attribution.refresh_from_db()
    assert (attribution.source, attribution.descriptor_key) == (cedar, "a trader in hyesan")
    assert (rollup(pine).claims, rollup(cedar).claims) == (0, 1)
    added = services.attribution_add(claim=claim, source=pine, actor=editor)
    assert (rollup(pine).claims, rollup(cedar).claims) == (1, 1)
    services.attribution_remove(attribution=attribution, actor=editor)
    assert (rollup(pine).claims, rollup(cedar).claims) == (1, 0)
    assert list(claim.attributions.all()) == [added]
    assert_no_drift()


def test_evidence_update_rejudges_the_claims_it_is_on(desk):
    editor, pine, _, article, _, claim = desk
    item = evidence()
    services.evidence_link(claim=claim, evidence=item, relation=Relation.CORROBORATES)
    assert Claim.objects.get(pk=claim.pk).days_to_corroboration == 10
    services.evidence_update(
        evidence=item, data={"observed_on": datetime.date(2016, 9, 24)}, actor=editor
    )
    assert Claim.objects.get(pk=claim.pk).days_to_corroboration == 30
    # Now it comes from the claim's own source: it stops counting.
    services.evidence_update(evidence=item, data={"source": pine}, actor=editor)
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.outcome, stored.dependent_links) == (Outcome.PENDING, 1)
    assert (rollup(pine).pending, rollup(pine).corroborated, rollup(pine).dependent_links) == (
        1,
        0,
        1,
    )
    services.evidence_update(evidence=item, data={"source": None, "cites": [article]}, actor=editor)
    assert EvidenceLink.objects.get(evidence=item).dependence_reason == (
        "It cites the claim's article directly."
    )
    services.evidence_update(evidence=item, data={"cites": []}, actor=editor)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CORROBORATED
    assert_no_drift()


def test_evidence_delete_and_link_update(desk):
    editor, pine, _, _, _, claim = desk
    first, second = evidence(), evidence(datetime.date(2016, 10, 1))
    link = services.evidence_link(claim=claim, evidence=first, relation=Relation.CORROBORATES)
    services.evidence_link(claim=claim, evidence=second, relation=Relation.CONTEXT)
    services.link_update(link=link, data={"relation": Relation.CONTRADICTS}, actor=editor)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CONTRADICTED
    assert rollup(pine).contradicted == 1
    services.evidence_delete(evidence=first, actor=editor, reason="Misfiled.")
    stored = Claim.objects.get(pk=claim.pk)
    assert (stored.outcome, stored.contradicting_links) == (Outcome.PENDING, 0)
    assert (rollup(pine).pending, rollup(pine).contradicted) == (1, 0)
    assert not Evidence.objects.filter(pk=first.pk).exists()
    assert_no_drift()


def test_article_date_and_citations_go_through_the_services(desk):
    editor, pine, _, article, later, claim = desk
    services.evidence_link(claim=claim, evidence=evidence(), relation=Relation.CORROBORATES)
    services.article_update(
        article=article, data={"published_on": datetime.date(2016, 9, 1)}, actor=editor
    )
    assert Claim.objects.get(pk=claim.pk).days_to_corroboration == 3
    assert rollup(pine).median_days == 3
    # Evidence in a later article that cites ours: dependent while the citation stands.
    echo = evidence(article=later)
    services.evidence_link(claim=claim, evidence=echo, relation=Relation.CONTRADICTS)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.DISPUTED
    services.article_cite(article=later, cited=[article], actor=editor)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CORROBORATED
    services.article_uncite(article=later, cited=[article], actor=editor)
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.DISPUTED
    assert_no_drift()


def test_article_delete_refuses_claims_and_rejudges_chains(desk):
    editor, _, _, article, later, claim = desk
    with pytest.raises(ValidationError, match="Claims come from this article"):
        services.article_delete(article=article, actor=editor)
    middle = ArticleFactory(published_on=datetime.date(2017, 1, 1))
    services.article_cite(article=middle, cited=[article])
    services.article_cite(article=later, cited=[middle])
    services.evidence_link(
        claim=claim, evidence=evidence(article=later), relation=Relation.CORROBORATES
    )
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.PENDING  # a chain of 2 citations
    services.article_delete(article=middle, actor=editor, reason="Duplicate.")
    assert not Article.objects.filter(pk=middle.pk).exists()
    assert Claim.objects.get(pk=claim.pk).outcome == Outcome.CORROBORATED
    assert_no_drift()


def test_source_status_moves_between_active_and_dormant_only(desk):
    editor, pine, cedar, *_ = desk
    services.source_update(source=cedar, data={"status": Source.Status.DORMANT}, actor=editor)
    assert Source.objects.get(pk=cedar.pk).status == Source.Status.DORMANT
    with pytest.raises(ValidationError, match="burn form"):
        services.source_update(source=cedar, data={"status": Source.Status.BURNED}, actor=editor)
    services.source_burn(source=cedar, actor=editor, reason="Exposed.")
    with pytest.raises(ValidationError, match="stays burned"):
        services.source_update(source=cedar, data={"status": Source.Status.ACTIVE}, actor=editor)
    with pytest.raises(ValidationError, match="already burned"):
        services.source_burn(source=cedar, actor=editor, reason="Again.")
    burns = IdentityAccessLog.objects.filter(source=cedar, action=IdentityAccessLog.Action.BURN)
    assert burns.count() == 1


def test_source_delete_refuses_a_source_with_claims(desk):
    editor, pine, _, _, _, claim = desk
    with pytest.raises(ValidationError, match="Claims rest on PINE"):
        services.source_delete(source=pine, actor=editor)
    spare = services.source_create(codename="SPARE", descriptor="a spare source")
    services.source_delete(source=spare, actor=editor, reason="Created by mistake.")
    assert not Source.objects.filter(pk=spare.pk).exists()
    assert not SourceRollup.objects.filter(source_id=spare.pk).exists()
    assert Attribution.objects.filter(claim=claim).count() == 1


def test_claim_delete_leaves_the_record(desk):
    editor, pine, _, _, _, claim = desk
    services.evidence_link(claim=claim, evidence=evidence(), relation=Relation.CORROBORATES)
    assert rollup(pine).corroborated == 1
    services.claim_delete(claim=claim, actor=editor, reason="Filed twice.")
    assert (rollup(pine).claims, rollup(pine).corroborated, rollup(pine).days_histogram) == (
        0,
        0,
        {},
    )
    # Deleting it again (a second click) is a no-op, not an error.
    services.claim_delete(claim=claim, actor=editor)
    assert_no_drift()


def test_a_descriptor_letter_is_kept_under_its_group_key(desk):
    editor, *_ = desk
    override = services.letter_override_record(
        group_kind=LetterOverride.GroupKind.DESCRIPTOR,
        group_key="A Source in  Ryanggang Province",
        letter="B",
        reason="Long record before the ledger.",
        recorded_by=editor,
    )
    assert override.group_key == "a source in ryanggang province"
    services.letter_override_delete(override=override, actor=editor, reason="Superseded.")
    assert not LetterOverride.objects.exists()
