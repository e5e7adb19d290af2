"""Report figures on a hand-built newsroom, checked against numbers worked out by hand.

The fixture is described in tests/reports_fixture.py and worked through in
docs/reports.md. Every grouping is checked: counts in each outcome, resolved,
rate, interval, unresolved share, median days and letters.
"""

import pytest
from django.core.exceptions import PermissionDenied

from sources import reports, roles, selectors, services
from sources.domain.vocab import Outcome
from tests.factories import DeskFactory, UserFactory
from tests.reports_fixture import HYESAN, MINISTRY, RYANGGANG, build_ledger

pytestmark = pytest.mark.django_db

P, C, PC, X, D, U, R = (
    Outcome.PENDING,
    Outcome.CORROBORATED,
    Outcome.PARTLY_CORROBORATED,
    Outcome.CONTRADICTED,
    Outcome.DISPUTED,
    Outcome.UNVERIFIABLE,
    Outcome.RETRACTED,
)

# group label: (claims, {outcome: count} without zeros, resolved, rate, median days)
EXPECTED = {
    "source": {
        "PINE": (5, {C: 2, PC: 1, D: 1, R: 1}, 3, 2.5 / 3, 15),
        "BIRCH": (3, {C: 1, X: 1, U: 1}, 2, 0.5, 60),
        "OAK": (3, {P: 1, D: 1, X: 1}, 1, 0.0, 10),
    },
    "descriptor": {
        RYANGGANG: (6, {C: 2, P: 1, D: 1, R: 1, X: 1}, 3, 2 / 3, 10),
        HYESAN: (3, {C: 1, X: 1, U: 1}, 2, 0.5, 60),
        MINISTRY: (1, {PC: 1}, 1, 0.5, 20),
    },
    "region": {
        "Ryanggang Province": (5, {C: 2, P: 1, R: 1, U: 1}, 2, 1.0, 35),
        "North Hamgyong": (3, {PC: 1, X: 2}, 3, 0.5 / 3, 20),
        None: (1, {D: 1}, 0, None, 10),
    },
    "reporter": {
        "Rita Kim": (3, {C: 2, U: 1}, 2, 1.0, 35),
        "sam": (3, {PC: 1, X: 1, R: 1}, 2, 0.25, 20),
        None: (3, {P: 1, D: 1, X: 1}, 1, 0.0, 10),
    },
    "outlet": {
        "Daily NK": (6, {C: 2, PC: 1, X: 1, R: 1, U: 1}, 4, 0.625, 20),
        "Rimjin-gang": (3, {P: 1, D: 1, X: 1}, 1, 0.0, 10),
    },
    "topic": {
        "Drug trade": (5, {C: 2, P: 1, R: 1, X: 1}, 3, 2 / 3, 35),
        "Border security": (3, {C: 1, PC: 1, U: 1}, 2, 0.75, 40),
        None: (2, {X: 1, D: 1}, 1, 0.0, 10),
    },
    "year": {
        2016: (3, {C: 2, U: 1}, 2, 1.0, 35),
        2017: (6, {PC: 1, X: 2, R: 1, P: 1, D: 1}, 3, 0.5 / 3, 15),
    },
}
# Wilson 95% intervals worked out by hand for (successes, n): see docs/reports.md.
WILSON = {
    (2.5, 3): (0.309988, 0.982347),
    (1.0, 2): (0.094531, 0.905469),
    (0.0, 1): (0.0, 0.793451),
    (2.0, 3): (0.207660, 0.938508),
    (0.5, 1): (0.054621, 0.945379),
    (2.0, 2): (0.342380, 1.0),
    (0.5, 3): (0.017653, 0.690012),
    (2.5, 4): (0.219427, 0.908101),
    (1.5, 2): (0.197867, 0.973323),
    (0.5, 2): (0.026677, 0.802133),
}


@pytest.fixture
def ledger():
    return build_ledger()


@pytest.fixture
def chief(db):
    return UserFactory(username="chief", roles=[roles.EDITOR])


@pytest.mark.parametrize("by", reports.GROUPINGS)
def test_every_grouping_matches_the_hand_tally(ledger, chief, by):
    rows = {row.group: row for row in reports.report_rows(viewer=chief, by=by)}
    expected = EXPECTED[by]
    assert set(rows) == set(expected)
    for group, (claims, counts, resolved, rate, median) in expected.items():
        row = rows[group]
        assert row.claims == claims, group
        # The one pending claim, C5 (published 2017-06-01), is past its check-by date
        # of 2019-06-01: it is counted as expired, beside pending, not in it.
        assert row.expired == counts.get(P, 0), group
        assert row.counts == {o: 0 if o == P else counts.get(o, 0) for o in Outcome.ALL}, group
        assert sum(row.counts.values()) + row.expired == claims
        assert row.already_public == 0
        assert row.resolved == resolved, group
        assert (
            row.confirmation_rate == pytest.approx(rate)
            if rate is not None
            else (row.confirmation_rate is None)
        ), group
        assert row.median_days_to_corroboration == median, group
        assert row.unresolved_share == pytest.approx((claims - resolved) / claims)
        assert row.pending_share == 0
        assert row.expired_share == pytest.approx(counts.get(P, 0) / claims)
        if resolved:
            successes = counts.get(C, 0) + 0.5 * counts.get(PC, 0)
            low, high = WILSON[(successes, resolved)]
            assert row.interval_low == pytest.approx(low, abs=1e-6), group
            assert row.interval_high == pytest.approx(high, abs=1e-6), group
        else:
            assert row.interval_low is None and row.interval_high is None
        # Five resolved claims are needed for a letter by default; none has five.
        assert row.suggested_letter == "F"


@pytest.mark.parametrize("by", reports.GROUPINGS)
def test_export_rows_have_every_required_key(ledger, chief, by):
    required = {
        "group", "claims", "pending", "corroborated", "partly_corroborated", "contradicted",
        "disputed", "unverifiable", "retracted", "resolved", "confirmation_rate",
        "interval_low", "interval_high", "suggested_letter", "median_days_to_corroboration",
    }  # fmt: skip
    for row in reports.report_rows(viewer=chief, by=by):
        data = row.as_dict()
        assert required <= set(data)
        for key in ("confirmation_rate", "interval_low", "interval_high"):
            assert data[key] is None or 0 <= data[key] <= 1


def test_letters_follow_the_thresholds_on_the_lower_bound(ledger, chief, settings):
    settings.RELIABILITY = {**settings.RELIABILITY, "MIN_RESOLVED": 2}
    rows = {row.group: row for row in reports.report_rows(viewer=chief, by="topic")}
    # Drug trade: 2 of 3, lower bound 0.2077 ≥ 0.20 → D. Border: 1.5 of 2, 0.1979 → E.
    assert rows["Drug trade"].suggested_letter == "D"
    assert rows["Border security"].suggested_letter == "E"
    # No topic: one resolved claim, below the minimum of two → F.
    assert rows[None].suggested_letter == "F"
    settings.RELIABILITY = {
        **settings.RELIABILITY,
        "MIN_RESOLVED": 1,
        "THRESHOLDS": {"A": 0.9, "B": 0.3, "C": 0.2, "D": 0.1},
    }
    sources = {row.group: row for row in reports.report_rows(viewer=chief, by="source")}
    assert sources["PINE"].suggested_letter == "B"  # lower bound 0.3100
    assert sources["BIRCH"].suggested_letter == "E"  # lower bound 0.0945
    assert sources["OAK"].suggested_letter == "E"  # lower bound 0


def test_default_source_order_is_by_lower_bound(ledger, chief):
    rows = reports.report_rows(viewer=chief, by="source")
    assert [row.group for row in rows] == ["PINE", "BIRCH", "OAK"]
    rows = reports.report_rows(viewer=chief, by="source", sort="group")
    assert [row.group for row in rows] == ["BIRCH", "OAK", "PINE"]
    rows = reports.report_rows(viewer=chief, by="source", sort="-claims")
    assert [row.group for row in rows] == ["PINE", "BIRCH", "OAK"]


def test_other_groupings_sort_with_missing_values_last(ledger, chief):
    rows = reports.report_rows(viewer=chief, by="region", sort="confirmation_rate")
    assert [row.group for row in rows] == ["North Hamgyong", "Ryanggang Province", None]
    rows = reports.report_rows(viewer=chief, by="region", sort="-confirmation_rate")
    assert [row.group for row in rows] == ["Ryanggang Province", "North Hamgyong", None]
    rows = reports.report_rows(viewer=chief, by="topic", sort="-median_days_to_corroboration")
    assert [row.group for row in rows] == ["Border security", "Drug trade", None]


def test_unknown_sort_falls_back_to_default(ledger, chief):
    rows = reports.report_rows(viewer=chief, by="outlet", sort="-password")
    assert [row.group for row in rows] == ["Daily NK", "Rimjin-gang"]


def test_unknown_grouping_is_refused(chief):
    with pytest.raises(ValueError, match="unknown grouping"):
        reports.report_rows(viewer=chief, by="handler")


def test_source_page_pages_in_the_database(ledger, chief):
    page = reports.report_page(viewer=chief, by="source", page=2, per_page=2)
    assert page.page.paginator.count == 3
    assert [row.group for row in page.rows] == ["OAK"]
    assert page.rows[0].median_days_to_corroboration == 10


def test_source_leaderboard_sorts_by_the_stored_median(ledger, chief):
    # Medians: OAK 10, PINE 15, BIRCH 60 days (EXPECTED above).
    page = reports.report_page(viewer=chief, by="source", sort="median_days_to_corroboration")
    assert page.sort == "median_days_to_corroboration"
    assert [row.group for row in page.rows] == ["OAK", "PINE", "BIRCH"]
    page = reports.report_page(viewer=chief, by="source", sort="-median_days_to_corroboration")
    assert [row.group for row in page.rows] == ["BIRCH", "PINE", "OAK"]


def test_recorded_letter_sits_beside_the_suggestion(ledger, chief):
    pine = ledger.sources["PINE"]
    services.letter_override_record(
        group_kind="source", group_key=str(pine.pk), letter="B",
        reason="Two years of accurate border prices.", recorded_by=chief,
    )  # fmt: skip
    services.letter_override_record(
        group_kind="region",
        group_key="ryanggang",
        letter="C",
        reason="Thin coverage.",
        recorded_by=chief,
    )
    rows = {row.group: row for row in reports.report_rows(viewer=chief, by="source")}
    assert (rows["PINE"].suggested_letter, rows["PINE"].recorded_letter) == ("F", "B")
    assert rows["PINE"].recorded_reason == "Two years of accurate border prices."
    assert rows["OAK"].recorded_letter is None
    regions = {row.group: row for row in reports.report_rows(viewer=chief, by="region")}
    assert regions["Ryanggang Province"].recorded_letter == "C"
    record = reports.track_record(viewer=chief, source=pine)
    assert (record.suggested_letter, record.recorded_letter) == ("F", "B")
    # A record narrowed to a topic is not the group the letter was given to.
    narrowed = reports.track_record(viewer=chief, source=pine, topic=ledger.topics["drugs"])
    assert narrowed.recorded_letter is None


def test_track_record_of_a_source(ledger, chief):
    record = reports.track_record(viewer=chief, source=ledger.sources["PINE"])
    assert record.label == "PINE"
    assert record.claims == 5
    assert record.resolved == 3
    assert record.counts[C] == 2 and record.counts[PC] == 1 and record.counts[D] == 1
    assert record.confirmation_rate == pytest.approx(2.5 / 3)
    assert (record.interval_low, record.interval_high) == pytest.approx(WILSON[(2.5, 3)], abs=1e-6)
    assert record.median_days_to_corroboration == 15
    assert record.outcomes_over_time == [
        (2016, {**dict.fromkeys(Outcome.ALL, 0), C: 2}),
        (2017, {**dict.fromkeys(Outcome.ALL, 0), PC: 1, D: 1, R: 1}),
    ]
    # Newest first: C6 (A3, 2017-06-01), then C7 and C3 of A2 (newest id first).
    claims = ledger.claims
    assert [c.pk for c in record.recent_claims] == [
        claims["C6"].pk, claims["C7"].pk, claims["C3"].pk, claims["C2"].pk, claims["C1"].pk,
    ]  # fmt: skip
    # Links: C1 1, C2 2 and C3 1 corroborating; C6 one each way; none dependent.
    assert (record.corroborating_links, record.contradicting_links) == (5, 1)
    assert record.dependent_links == 0


def test_track_record_filters_combine(ledger, chief):
    pine = ledger.sources["PINE"]
    drugs = reports.track_record(viewer=chief, source=pine, topic=ledger.topics["drugs"])
    # PINE on the drug trade: C1, C2 corroborated; C7 retracted.
    assert (drugs.claims, drugs.resolved, drugs.confirmation_rate) == (3, 2, 1.0)
    assert drugs.label == "PINE · Drug trade"
    region = reports.track_record(viewer=chief, region=ledger.regions["north-hamgyong"])
    assert (region.claims, region.counts[X], region.counts[PC]) == (3, 2, 1)
    descriptor = reports.track_record(viewer=chief, descriptor=RYANGGANG)
    assert descriptor.claims == 6  # C6 rests on two sources with this descriptor: once.
    both = reports.track_record(
        viewer=chief, descriptor=RYANGGANG, region=ledger.regions["ryanggang"]
    )
    assert both.claims == 4  # C1, C2, C5, C7
    assert both.dependent_links == 1  # C5's link from its own source
    everything = reports.track_record(viewer=chief)
    assert everything.claims == 9 and everything.label == "All claims"


def test_track_record_respects_who_may_see_a_source(ledger):
    rita = ledger.users["rita"]
    record = reports.track_record(viewer=rita, source=ledger.sources["PINE"])
    assert record.claims == 5
    with pytest.raises(PermissionDenied):
        reports.track_record(viewer=rita, source=ledger.sources["OAK"])
    outsider = UserFactory(username="outsider")
    with pytest.raises(PermissionDenied):
        reports.track_record(viewer=outsider, source=ledger.sources["PINE"])
    assert reports.track_record(viewer=outsider).claims == 0


def test_reporters_see_only_their_sources_in_the_source_report(ledger):
    rita = ledger.users["rita"]
    assert [row.group for row in reports.report_rows(viewer=rita, by="source")] == ["PINE"]
    desk = DeskFactory(name="Border desk", slug="border")
    desk.members.add(rita)
    oak = ledger.sources["OAK"]
    oak.desk = desk
    oak.save()
    assert {row.group for row in reports.report_rows(viewer=rita, by="source")} == {"PINE", "OAK"}


def test_calibration_brier_scores_by_hand(ledger, chief):
    result = reports.calibration(viewer=chief)
    # ed: credibility 2 corroborated (0.75-1)² = 0.0625, credibility 3 corroborated 0.25,
    # credibility 2 partly (0.75-0.5)² = 0.0625 → 0.375 / 3 = 0.125.
    # ed2: credibility 4 contradicted 0.0625, credibility 3 contradicted 0.25 → 0.3125 / 2.
    editors = {e.editor: e for e in result.editors}
    assert editors["ed"].brier == pytest.approx(0.125)
    assert editors["ed2"].brier == pytest.approx(0.15625)
    assert editors[None].brier is None  # C5, unassessed, is still pending
    assert result.overall.brier == pytest.approx(0.6875 / 5)
    by_level = {row.credibility: row for row in result.overall.rows}
    assert (by_level[2].claims, by_level[2].resolved, by_level[2].observed_rate) == (3, 2, 0.75)
    assert (by_level[3].resolved, by_level[3].observed_rate) == (2, 0.5)
    assert (by_level[4].resolved, by_level[4].observed_rate) == (1, 0.0)
    assert by_level[1].observed_rate is None and by_level[1].claims == 1
    assert by_level[6].forecast is None and by_level[6].brier is None
    exported = reports.calibration_export(result)
    assert len(exported) == 6 * (len(result.editors) + 1)
    overall = [row for row in exported if row["editor"] == "(overall)"]
    assert overall[1]["observed_rate"] == 0.75


def test_public_rows_are_off_by_default(ledger, settings):
    settings.PUBLIC_TRACK_RECORD = False
    assert reports.public_rows(by="descriptor") == []
    assert reports.public_track_record(region=ledger.regions["ryanggang"]).claims == 0


def test_public_rows_hide_codenames_and_reasons(ledger, chief, settings):
    settings.PUBLIC_TRACK_RECORD = True
    # An on-record speaker whose codename is also how stories name them.
    services.source_create(codename=MINISTRY, descriptor=MINISTRY, is_confidential=False)
    services.letter_override_record(
        group_kind="descriptor",
        group_key=HYESAN,
        letter="D",
        reason="Handler says PINE...",
        recorded_by=chief,
    )
    rows = {row.group: row for row in reports.public_rows(by="descriptor")}
    assert set(rows) == {RYANGGANG, HYESAN}
    assert rows[HYESAN].recorded_letter == "D"
    assert rows[HYESAN].recorded_reason == ""
    assert not reports.public_descriptor_allowed(MINISTRY)
    assert reports.public_descriptor_allowed(HYESAN)
    regions = {row.group for row in reports.public_rows(by="region")}
    assert regions == {"Ryanggang Province", "North Hamgyong"}
    record = reports.public_track_record(descriptor=HYESAN)
    assert record.claims == 3 and record.recent_claims == [] and record.recorded_reason == ""


def test_per_claim_figures(ledger, chief):
    rows = {row["id"]: row for row in map(reports.claim_as_dict, reports.claims_report(
        viewer=chief))}  # fmt: skip
    c2 = rows[ledger.claims["C2"].pk]
    assert (c2["corroborating_links"], c2["contradicting_links"], c2["dependent_links"]) == (
        2, 0, 0,
    )  # fmt: skip
    assert (c2["first_corroborated_on"], c2["days_to_corroboration"]) == ("2016-10-24", 60)
    c5 = rows[ledger.claims["C5"].pk]
    assert (c5["outcome"], c5["dependent_links"], c5["corroborating_links"]) == (P, 1, 0)
    c9 = rows[ledger.claims["C9"].pk]
    assert (c9["derived_outcome"], c9["verdict"], c9["outcome"]) == (P, X, X)


def test_csv_downloads_quote_cells_a_spreadsheet_would_run():
    import io

    out = io.StringIO()
    rows = [
        {"group": "=cmd|' /C calc'!A0", "claims": 3, "rate": None},
        {"group": "+1", "claims": -1, "rate": 0.5},
        {"group": "@SUM(A1)", "claims": 0, "rate": None, "extra": "left out"},
        {"group": "a trader in Hyesan", "claims": 2, "rate": 0.25},
    ]
    reports.write_csv(out, rows, ["group", "claims", "rate"], lineterminator="\n")
    assert out.getvalue().splitlines() == [
        "group,claims,rate",
        "'=cmd|' /C calc'!A0,3,",
        "'+1,-1,0.5",  # numbers are numbers, not text a spreadsheet runs
        "'@SUM(A1),0,",
        "a trader in Hyesan,2,0.25",
    ]


def test_csv_downloads_quote_line_breaks_and_tabs_and_guard_every_line():
    """A bare CR used to end the row; the line after it could start with a formula."""
    import csv
    import io

    out = io.StringIO()
    rows = [
        {"group": "8 kg\r=cmd|' /C calc'!A0", "claims": 1},
        {"group": "a\tb\r\n@SUM(A1)", "claims": 2},
    ]
    reports.write_csv(out, rows, ["group", "claims"])
    assert out.getvalue() == (
        "group,claims\r\n\"8 kg\r'=cmd|' /C calc'!A0\",1\r\n\"a\tb\r\n'@SUM(A1)\",2\r\n"
    )
    read = list(csv.reader(io.StringIO(out.getvalue(), newline="")))
    assert [row[1] for row in read] == ["claims", "1", "2"]


def test_a_source_record_read_from_its_rollup_equals_counting_its_claims(ledger, chief):
    """The card of a source alone reads its rollup; every figure must equal the count."""
    claims = selectors.claims_for(viewer=chief)
    for codename, source in ledger.sources.items():
        rollup = selectors.source_rollup(viewer=chief, source=source)
        assert rollup is not None, codename
        stored = reports.build_record(claims, recent=5, rollup=rollup, source=source)
        counted = reports.build_record(claims, recent=5, source=source)
        assert stored == counted, codename
        assert stored.claims == EXPECTED["source"][codename][0]


def test_a_source_record_is_read_from_its_rollup_in_fewer_queries(
    ledger, chief, django_assert_num_queries
):
    pine = ledger.sources["PINE"]
    # The viewer's roles (once per request), the source with its rollup, the
    # recent claims, the recorded letter: nothing that grows with the source.
    with django_assert_num_queries(4):
        record = reports.track_record(viewer=chief, source=pine)
    assert record.claims == 5
    # Narrowed by a topic, the claims are counted in three queries; roles are
    # known by now, and a narrowed record carries no recorded letter to look up.
    with django_assert_num_queries(5):
        reports.track_record(viewer=chief, source=pine, topic=ledger.topics["drugs"])


def test_stored_and_counted_records_agree_for_every_role(ledger):
    """Reporters and fact-checkers read rollups too: they must see what counting gives."""
    claims_of = reports.build_record
    for viewer in (
        ledger.users["rita"],
        ledger.users["sam"],
        UserFactory(username="checker", roles=[roles.FACT_CHECKER]),
    ):
        visible = selectors.sources_for(viewer=viewer)
        assert visible.exists()
        for source in visible:
            rollup = selectors.source_rollup(viewer=viewer, source=source)
            claims = selectors.claims_for(viewer=viewer)
            stored = claims_of(claims, recent=5, rollup=rollup, source=source)
            assert stored == claims_of(claims, recent=5, source=source), (viewer, source)


def test_a_source_without_a_median_sorts_last_by_median(ledger, chief):
    ash = services.source_create(codename="ASH", descriptor="a new source")
    services.claim_file(
        article=ledger.claims["C1"].article,
        text="Nothing has come of this yet.",
        attributions=[services.AttributionSpec(source=ash)],
    )
    for sort, order in (
        ("median_days_to_corroboration", ["OAK", "PINE", "BIRCH", "ASH"]),
        ("-median_days_to_corroboration", ["BIRCH", "PINE", "OAK", "ASH"]),
    ):
        page = reports.report_page(viewer=chief, by="source", sort=sort)
        assert [row.group for row in page.rows] == order
        assert page.rows[-1].median_days_to_corroboration is None
