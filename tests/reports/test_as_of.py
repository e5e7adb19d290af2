"""Records as of a date, already-public claims and expired claims, against hand tallies.

The timeline is tests/track_records_fixture.py (the reference story with
dated evidence and verdicts); its figures are worked out by hand there and in
docs/reports.md. A report as of today must equal the report of now, row for
row, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from sources import reports, services
from sources.domain.vocab import Outcome
from sources.management.commands.verify_rollups import rollup_differences
from sources.models import SourceRollup, Vetting
from tests.reports_fixture import build_ledger
from tests.track_records_fixture import DAY, build_timeline

pytestmark = pytest.mark.django_db

C, P, X, R = Outcome.CORROBORATED, Outcome.PENDING, Outcome.CONTRADICTED, Outcome.RETRACTED


@pytest.fixture
def timeline():
    return build_timeline()


def _rows(viewer, by, as_of=None):
    return {
        row.group: row.as_dict() for row in reports.report_rows(viewer=viewer, by=by, as_of=as_of)
    }


def _by_source(timeline, as_of):
    return {
        row.group: row
        for row in reports.report_rows(viewer=timeline.editor, by="source", as_of=as_of)
    }


def test_check_by_is_publication_plus_24_calendar_months_at_filing(timeline):
    claims = timeline.claims
    assert claims["K1"].check_by == DAY(2018, 8, 25)
    assert claims["K4"].check_by == DAY(2019, 3, 10)
    assert claims["K5"].check_by == DAY(2021, 1, 10)


def test_check_by_clamps_to_the_end_of_the_month_and_follows_the_setting(timeline, settings):
    settings.CHECK_BY_MONTHS = 6
    article = timeline.claims["K1"].article
    article.published_on = DAY(2016, 8, 31)
    article.save(update_fields=["published_on"])
    claim = services.claim_file(
        article=article,
        text="Guards took a share of every load.",
        attributions=[services.AttributionSpec(source=timeline.sources["PINE"])],
    )
    # 31 August plus six months: 28 February 2017, never a day in March.
    assert claim.check_by == DAY(2017, 2, 28)
    many = services.claims_file_many(
        claims=[
            services.NewClaim(
                article=article,
                text="A second load went to Changbai.",
                attributions=[services.AttributionSpec(source=timeline.sources["PINE"])],
            )
        ]
    )
    assert many[0].check_by == DAY(2017, 2, 28)


def test_a_past_date_matches_the_hand_tally(timeline):
    rows = _by_source(timeline, DAY(2017, 12, 31))
    assert set(rows) == {"LARCH", "PINE"}
    larch = rows["LARCH"]
    assert (larch.claims, larch.already_public, larch.expired) == (3, 1, 0)
    assert larch.counts == {**dict.fromkeys(Outcome.ALL, 0), C: 1, P: 1}
    assert (larch.resolved, larch.confirmation_rate) == (1, 1.0)
    # Of the two claims that count, one is unresolved.
    assert larch.unresolved_share == 0.5
    assert larch.median_days_to_corroboration == 281
    assert larch.as_of == DAY(2017, 12, 31)
    pine = rows["PINE"]
    assert (pine.claims, pine.counts[P], pine.counts[X], pine.counts[R]) == (2, 1, 1, 0)
    assert (pine.resolved, pine.confirmation_rate) == (1, 0.0)


def test_expired_claims_are_counted_beside_pending_after_the_check_by_date(timeline):
    on_the_day = _by_source(timeline, DAY(2018, 8, 25))["LARCH"]
    # The check-by day itself is not yet past.
    assert (on_the_day.counts[P], on_the_day.expired) == (1, 0)
    after = _by_source(timeline, DAY(2018, 9, 1))
    assert (after["LARCH"].counts[P], after["LARCH"].expired) == (0, 1)
    assert after["LARCH"].unresolved_share == 0.5
    pine = after["PINE"]
    assert (pine.expired, pine.counts[R], pine.resolved, pine.confirmation_rate) == (1, 1, 0, None)
    assert pine.unresolved_share == 1.0
    assert after["PINE"].as_dict()["expired"] == 1


def test_already_public_claims_leave_the_rate_but_stay_in_the_count(timeline):
    now = _by_source(timeline, None)["LARCH"]
    # K2's court record (15 July 2016) predates its article (25 August 2016).
    assert timeline.claims["K2"].settled_before_publication
    assert (now.claims, now.already_public, now.counts[C], now.resolved) == (3, 1, 1, 1)
    assert now.as_dict()["already_public"] == 1
    rollup = SourceRollup.objects.get(source=timeline.sources["LARCH"])
    assert (rollup.claims, rollup.corroborated, rollup.settled_before_publication) == (3, 1, 1)
    # Days to corroboration of the claims that count only: K1's 281.
    assert rollup.days_histogram == {"281": 1}
    assert rollup.pending_deadlines == {"2018-08-25": 1}
    card = reports.track_record(viewer=timeline.editor, source=timeline.sources["LARCH"])
    assert (card.claims, card.already_public, card.expired, card.resolved) == (3, 1, 1, 1)
    assert rollup_differences() == []


@pytest.mark.parametrize("newsroom", ["timeline", "ledger"])
def test_as_of_today_equals_the_report_of_now_for_every_grouping(newsroom):
    editor = build_timeline().editor if newsroom == "timeline" else build_ledger().users["ed"]
    today = reports.report_today()
    for by in reports.GROUPINGS:
        now = _rows(editor, by)
        assert now, by
        assert _rows(editor, by, as_of=today) == now, by


def test_a_card_as_of_today_equals_the_card_of_now(timeline):
    today = reports.report_today()
    for filters in (
        {"source": timeline.sources["LARCH"]},
        {"source": timeline.sources["PINE"], "region": timeline.region},
        {"descriptor": "a source in Ryanggang Province"},
        {"region": timeline.region},
    ):
        now = reports.track_record(viewer=timeline.editor, **filters)
        then = reports.track_record(viewer=timeline.editor, as_of=today, **filters)
        for name in (
            "claims",
            "counts",
            "resolved",
            "confirmation_rate",
            "interval_low",
            "unresolved_share",
            "expired",
            "already_public",
            "median_days_to_corroboration",
            "corroborating_links",
            "dependent_links",
            "outcomes_over_time",
            "suggested_letter",
        ):
            assert getattr(then, name) == getattr(now, name), (filters, name)
        assert [c.pk for c in then.recent_claims] == [c.pk for c in now.recent_claims]
        assert [c.outcome for c in then.recent_claims] == [c.outcome for c in now.recent_claims]


def test_a_card_as_of_a_past_date_shows_its_claims_as_they_stood(timeline):
    card = reports.track_record(
        viewer=timeline.editor, source=timeline.sources["PINE"], as_of=DAY(2017, 12, 31)
    )
    assert (card.claims, card.resolved, card.confirmation_rate) == (2, 1, 0.0)
    # K4 was contradicted then; its retraction came in February 2018.
    assert {c.pk: c.outcome for c in card.recent_claims} == {
        timeline.claims["K3"].pk: P,
        timeline.claims["K4"].pk: X,
    }
    assert card.outcomes_over_time == [
        (2016, {**dict.fromkeys(Outcome.ALL, 0), P: 1}),
        (2017, {**dict.fromkeys(Outcome.ALL, 0), X: 1}),
    ]


def test_vettings_show_the_record_the_editor_saw(timeline):
    larch = timeline.sources["LARCH"]
    vetting = services.vetting_record(editor=timeline.editor, source=larch)
    Vetting.objects.filter(pk=vetting.pk).update(
        at=timezone.make_aware(datetime.datetime(2017, 12, 31, 9))
    )
    services.vetting_record(editor=timeline.editor, source=larch)
    records = reports.vetting_records(viewer=timeline.editor, source=larch)
    assert [record.on for record in records] == [timezone.localdate(), DAY(2017, 12, 31)]
    assert records[0].editor == "timeline-editor"
    past = records[1].figures
    assert (past.claims, past.resolved, past.confirmation_rate, past.expired) == (3, 1, 1.0, 0)
    latest = records[0].figures
    assert (latest.claims, latest.expired, latest.counts[P]) == (3, 1, 0)
    descriptor = services.vetting_record(
        editor=timeline.editor, descriptor="A source in  Ryanggang Province"
    )
    assert descriptor.descriptor_key == "a source in ryanggang province"
    (record,) = reports.vetting_records(
        viewer=timeline.editor, descriptor="a source in Ryanggang Province"
    )
    # LARCH's three claims and SPRUCE's one print the descriptor.
    assert record.figures.claims == 4
    with pytest.raises(ValidationError):
        services.vetting_record(editor=timeline.editor)


def test_bad_and_future_dates_are_refused_naming_as_of():
    tomorrow = reports.report_today() + datetime.timedelta(days=1)
    for value in ("2017-13-01", "yesterday", tomorrow.isoformat()):
        with pytest.raises(ValidationError) as refused:
            reports.check_as_of(value)
        assert "as_of" in refused.value.message_dict
    assert reports.check_as_of("2017-12-31") == DAY(2017, 12, 31)
    assert reports.check_as_of("") is None


def _command(*args) -> str:
    out = io.StringIO()
    call_command("reliability_report", *args, stdout=out)
    return out.getvalue()


def test_the_command_takes_as_of(timeline):
    past = json.loads(_command("--by", "source", "--format", "json", "--as-of", "2017-12-31"))
    larch = next(row for row in past if row["group"] == "LARCH")
    assert (larch["claims"], larch["already_public"], larch["pending"], larch["as_of"]) == (
        3,
        1,
        1,
        "2017-12-31",
    )
    today = reports.report_today().isoformat()
    assert _command("--by", "region", "--format", "json", "--as-of", today) == _command(
        "--by", "region", "--format", "json"
    )
    with pytest.raises(CommandError, match="--as-of"):
        _command("--as-of", "2017-02-30")


def test_a_relay_confirmed_after_the_day_does_not_count_as_of_that_day(timeline):
    """A relayed item awaits a fact-checker; as of a day before the ruling it did not count."""
    claim = timeline.claims["K3"]
    relayed = services.evidence_record(
        kind="reporting",
        summary="A rights group relays a defector's account of the border trips.",
        observed_on=DAY(2017, 5, 20),
        basis="relayed",
    )
    link = services.evidence_link(claim=claim, evidence=relayed, relation="corroborates")
    services.link_relay_confirm(
        link=link,
        reason="The defector is not LARCH or PINE: a different county, met in Seoul.",
        actor=timeline.editor,
        confirmed_at=datetime.datetime(2018, 3, 1, 12, tzinfo=datetime.UTC),
    )
    claim.refresh_from_db()
    assert claim.outcome == C
    before = _by_source(timeline, DAY(2018, 2, 28))["LARCH"]
    after = _by_source(timeline, DAY(2018, 3, 1))["LARCH"]
    # LARCH: K1 corroborated, K2 already public, K3 pending until the ruling, then corroborated.
    assert (before.counts[C], before.counts[P]) == (1, 1)
    assert (after.counts[C], after.counts[P]) == (2, 0)
    today = reports.report_today()
    assert _rows(timeline.editor, "source", as_of=today) == _rows(timeline.editor, "source")
