"""One descriptor, one group: spellings that differ in case, spacing or quotes report together.

The repro: "An additional source in Ryanggang Province" and "an additional
source…" were two groups on /reports/descriptor/ and on the public page.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from sources import reports, roles, services
from sources.domain.vocab import Relation
from sources.management.commands.verify_rollups import descriptor_differences, rollup_differences
from sources.models import Attribution, Evidence, LetterOverride, SourceRollup
from tests.factories import ArticleFactory, OutletFactory, UserFactory

pytestmark = pytest.mark.django_db

LOWER = "an additional source in Ryanggang Province"
UPPER = "An additional source in Ryanggang Province"
# A curly apostrophe, a non-breaking space and a double space: the same descriptor.
TYPOGRAPHIC = "a trader\u00a0from Hyesan’s  market"
PLAIN = "A trader from Hyesan's market"
KEY = "an additional source in ryanggang province"


def migration():
    """Return this issue's migration module, whose data steps are tested here directly."""
    return importlib.import_module("sources.migrations.0008_write_path")


@pytest.fixture
def spelt():
    """Three claims printed LOWER twice and UPPER once, and two with the trader's spellings."""
    pine = services.source_create(codename="PINE", descriptor=LOWER)
    oak = services.source_create(codename="OAK", descriptor=PLAIN)
    article = ArticleFactory(outlet=OutletFactory(), published_on=datetime.date(2016, 8, 25))
    claims = [
        services.claim_file(
            article=article,
            text=f"Claim {n}.",
            attributions=[services.AttributionSpec(source=pine, descriptor=printed)],
        )
        for n, printed in enumerate((UPPER, LOWER, LOWER))
    ]
    for n, printed in enumerate((TYPOGRAPHIC, PLAIN)):
        services.claim_file(
            article=article,
            text=f"Trader claim {n}.",
            attributions=[services.AttributionSpec(source=oak, descriptor=printed)],
        )
    services.evidence_link(
        claim=claims[0],
        evidence=services.evidence_record(
            kind=Evidence.Kind.COURT, summary="Court papers.", observed_on=datetime.date(2016, 9, 4)
        ),
        relation=Relation.CORROBORATES,
    )
    return pine, oak, claims


@pytest.fixture
def chief(db):
    return UserFactory(username="descriptor-chief", roles=[roles.EDITOR])


def test_spellings_of_one_descriptor_are_one_group(spelt, chief):
    rows = {row.key: row for row in reports.report_rows(viewer=chief, by="descriptor")}
    assert set(rows) == {KEY, "a trader from hyesan's market"}
    row = rows[KEY]
    # Printed twice in lower case, once capitalised: the common form labels the group.
    assert (row.group, row.claims, row.resolved, row.counts["corroborated"]) == (LOWER, 3, 1, 1)
    trader = rows["a trader from hyesan's market"]
    # One each: the tie goes to the form printed first.
    assert (trader.group, trader.claims) == (TYPOGRAPHIC, 2)


def test_a_descriptor_card_and_letter_cover_every_spelling(spelt, chief, client):
    services.letter_override_record(
        group_kind=LetterOverride.GroupKind.DESCRIPTOR,
        group_key=UPPER,
        letter="B",
        reason="Long record before the ledger.",
        recorded_by=chief,
    )
    (row,) = [r for r in reports.report_rows(viewer=chief, by="descriptor") if r.key == KEY]
    assert row.recorded_letter == "B"
    for spelling in (UPPER, LOWER, KEY):
        card = reports.track_record(viewer=chief, descriptor=spelling)
        assert (card.claims, card.recorded_letter, card.label) == (3, "B", f"“{LOWER}”")
    client.force_login(chief)
    url = reverse("sources:report_group", kwargs={"by": "descriptor"})
    page = client.get(url, {"key": KEY})
    assert page.status_code == 200
    assert LOWER in page.content.decode()


def test_the_public_page_groups_spellings_and_hides_codenames(spelt, settings):
    settings.PUBLIC_TRACK_RECORD = True
    pine, _, claims = spelt
    rows = reports.public_rows(by="descriptor")
    assert {(row.group, row.claims) for row in rows} == {(LOWER, 3), (TYPOGRAPHIC, 2)}
    assert reports.public_descriptor_allowed(UPPER)
    assert reports.public_track_record(descriptor=UPPER).claims == 3
    # An on-record speaker whose codename is a spelling of the descriptor: never public.
    services.source_create(codename="AN ADDITIONAL SOURCE IN RYANGGANG PROVINCE", descriptor="x")
    assert {row.group for row in reports.public_rows(by="descriptor")} == {TYPOGRAPHIC}
    assert not reports.public_descriptor_allowed(LOWER)


def test_verify_finds_a_wrong_key_and_the_migration_mends_it(spelt):
    Attribution.objects.filter(descriptor=UPPER).update(descriptor_key=UPPER)
    assert descriptor_differences() == [
        f"descriptor {UPPER!r}: key is {UPPER!r}, should be {KEY!r}"
    ]
    migration().fill_descriptor_keys(apps, None)
    assert descriptor_differences() == []


def test_the_migration_moves_descriptor_letters_to_their_key(db):
    editor = UserFactory(username="letters-editor")
    older = LetterOverride.objects.create(
        group_kind="descriptor", group_key=UPPER, letter="C", reason="Old.", recorded_by=editor
    )
    newer = LetterOverride.objects.create(
        group_kind="descriptor", group_key=LOWER, letter="B", reason="New.", recorded_by=editor
    )
    LetterOverride.objects.filter(pk=older.pk).update(
        recorded_at=newer.recorded_at - datetime.timedelta(days=1)
    )
    migration().move_descriptor_letters(apps, None)
    assert list(LetterOverride.objects.values_list("group_key", "letter")) == [(KEY, "B")]


def test_the_migration_fills_the_days_histogram(spelt):
    pine, _, _ = spelt
    SourceRollup.objects.filter(source=pine).update(
        days_histogram={}, settled_before_publication=5, median_days=None
    )
    assert rollup_differences() != []
    migration().fill_rollups(apps, None)
    assert SourceRollup.objects.get(source=pine).days_histogram == {"10": 1}
    assert rollup_differences() == []
