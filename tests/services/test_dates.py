"""Dates are checked: nothing after today, and evidence older than its claim counts at 0 days.

The repro: evidence observed in 2010 on a 2016 claim put "−6175 days" into
the reports and the median; stories and evidence dated years ahead were
accepted.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sources import reports, roles, selectors, services
from sources.domain.rules import dated_after_today, latest_today
from sources.domain.vocab import Outcome, Relation
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import Claim, Evidence, EvidenceLink, SourceRollup
from tests.factories import ArticleFactory, OutletFactory, RegionFactory, UserFactory

PUBLISHED = datetime.date(2016, 8, 25)
# Kiritimati keeps UTC+14, the earliest clock on Earth: its date is the latest "today".
EARLIEST = ZoneInfo("Pacific/Kiritimati")


@pytest.mark.parametrize(
    "now",
    [
        datetime.datetime(2026, 12, 2, 9, 59, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 2, 10, 0, tzinfo=datetime.UTC),
        datetime.datetime(2026, 12, 31, 23, 0, tzinfo=ZoneInfo("America/Los_Angeles")),
    ],
)
def test_today_is_the_date_in_the_earliest_time_zone(now):
    expected = now.astimezone(EARLIEST).date()
    assert latest_today(now) == expected
    assert not dated_after_today(expected, now=now)
    assert dated_after_today(expected + datetime.timedelta(days=1), now=now)
    assert not dated_after_today(None, now=now)


def test_naive_times_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        latest_today(datetime.datetime(2026, 12, 2, 12, 0))


@pytest.fixture
def later():
    """A date after today in every time zone."""
    return timezone.now().date() + datetime.timedelta(days=2)


@pytest.mark.django_db
def test_nothing_is_dated_after_today(later):
    outlet = OutletFactory()
    with pytest.raises(ValidationError) as refused:
        services.article_create(outlet=outlet, headline="From the future", published_on=later)
    assert list(refused.value.message_dict) == ["published_on"]
    with pytest.raises(ValidationError) as refused:
        services.evidence_record(kind=Evidence.Kind.DATA, summary="Not yet.", observed_on=later)
    assert list(refused.value.message_dict) == ["observed_on"]
    source = services.source_create(codename="PINE", descriptor="a source")
    article = ArticleFactory(outlet=outlet, published_on=PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        services.claim_file(
            article=article,
            text="It will happen.",
            attributions=[services.AttributionSpec(source=source)],
            event_start=PUBLISHED,
            event_end=later,
        )
    assert list(refused.value.message_dict) == ["event_end"]
    assert not Claim.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.article_update(article=article, data={"published_on": later}, actor=None)
    assert "published_on" in refused.value.message_dict
    item = services.evidence_record(kind=Evidence.Kind.DATA, summary="Seen.", observed_on=PUBLISHED)
    with pytest.raises(ValidationError) as refused:
        services.evidence_update(evidence=item, data={"observed_on": later}, actor=None)
    assert "observed_on" in refused.value.message_dict
    # Today itself is fine.
    services.evidence_update(evidence=item, data={"observed_on": timezone.now().date()}, actor=None)


@pytest.fixture
def early_evidence(db):
    """A 2016 claim corroborated by evidence seen in 2010, and one settled the usual way."""
    region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    pine = services.source_create(codename="PINE", descriptor="a source in Hyesan", region=region)
    article = ArticleFactory(outlet=OutletFactory(), published_on=PUBLISHED)
    early, usual = (
        services.claim_file(
            article=article,
            text=text,
            region=region,
            attributions=[services.AttributionSpec(source=pine)],
        )
        for text in ("Meth sells at 9,000 RMB/kg.", "Guards take a share.")
    )
    old = services.evidence_record(
        kind=Evidence.Kind.DOCUMENT,
        summary="A 2010 price list.",
        observed_on=datetime.date(2010, 3, 1),
    )
    link = services.evidence_link(claim=early, evidence=old, relation=Relation.CORROBORATES)
    services.evidence_link(
        claim=usual,
        evidence=services.evidence_record(
            kind=Evidence.Kind.COURT, summary="Court papers.", observed_on=datetime.date(2016, 9, 8)
        ),
        relation=Relation.CORROBORATES,
    )
    return pine, early, usual, link


def test_evidence_older_than_the_claim_counts_at_zero_days(early_evidence):
    pine, early, usual, link = early_evidence
    early.refresh_from_db()
    assert early.outcome == Outcome.CORROBORATED
    assert (early.days_to_corroboration, early.first_settled_on) == (0, datetime.date(2010, 3, 1))
    assert early.settled_before_publication
    usual.refresh_from_db()
    assert (usual.days_to_corroboration, usual.settled_before_publication) == (14, False)
    rollup = SourceRollup.objects.get(source=pine)
    # The early claim was already public: in the claim count, not in the days or the rate.
    assert (rollup.median_days, rollup.days_histogram) == (14, {"14": 1})
    assert (rollup.claims, rollup.corroborated, rollup.settled_before_publication) == (2, 1, 1)
    assert rollup_differences() == []
    assert claim_differences([early.pk, usual.pk]) == []


def test_a_link_older_than_its_claim_is_labelled(early_evidence, client):
    _, early, usual, link = early_evidence
    editor = UserFactory(username="dates-editor", roles=[roles.EDITOR])
    links = {
        found.claim_id: found.predates_claim
        for found in selectors.links_for(viewer=editor).filter(claim__in=[early, usual])
    }
    assert links == {early.pk: True, usual.pk: False}
    # Without the selector's annotation the property works it out from the rows.
    assert EvidenceLink.objects.get(pk=link.pk).predates_claim is True
    client.force_login(editor)
    page = client.get(reverse("sources:claim_detail", args=[early.pk])).content.decode()
    assert "Predates the claim" in page
    other = client.get(reverse("sources:claim_detail", args=[usual.pk])).content.decode()
    assert "Predates the claim" not in other


def test_reports_count_the_claims_settled_before_publication(early_evidence):
    pine, early, _, _ = early_evidence
    editor = UserFactory(username="dates-chief", roles=[roles.EDITOR])
    for by in ("source", "region", "descriptor", "year"):
        (row,) = reports.report_rows(viewer=editor, by=by)
        assert (row.claims, row.settled_before_publication) == (2, 1), by
        assert row.as_dict()["settled_before_publication"] == 1
        assert (row.as_dict()["already_public"], row.resolved) == (1, 1)
        # Only the claim that counts: 14 days, rate 1 of 1.
        assert (row.median_days_to_corroboration, row.confirmation_rate) == (14, 1.0)
    card = reports.track_record(viewer=editor, source=pine)
    assert (card.settled_before_publication, card.already_public) == (1, 1)
    counted = reports.track_record(viewer=editor, region=early.region)
    assert (counted.settled_before_publication, counted.median_days_to_corroboration) == (1, 14)


def test_contradicting_evidence_older_than_the_claim_settles_it_early(early_evidence):
    pine, early, _, link = early_evidence
    services.link_update(link=link, data={"relation": Relation.CONTRADICTS}, actor=None)
    early.refresh_from_db()
    assert (early.outcome, early.days_to_corroboration) == (Outcome.CONTRADICTED, None)
    assert early.settled_before_publication
    rollup = SourceRollup.objects.get(source=pine)
    assert (rollup.settled_before_publication, rollup.median_days) == (1, 14)
    assert rollup_differences() == []
