"""Tests for the LIAR import: the real test split, the report tally, and bad files.

The LIAR files are read from ../shared/data/liar/ and never copied into the
repository; the small files below are written by us in the same format.
"""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from sources import roles
from sources.exchange.formats import ExchangeError
from sources.exchange.liar import LABEL_OUTCOMES, import_liar
from sources.models import Article, Attribution, Claim, Outlet, Source, Topic, Verdict
from tests.exchange.conftest import LIAR_DIR, require_data, snapshot
from tests.factories import UserFactory

TEST_SPLIT = LIAR_DIR / "test.tsv"


def _tally(path) -> tuple[list[list[str]], dict[str, Counter]]:
    """Count each speaker's labels by hand, with nothing but the csv module."""
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    per_speaker: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        per_speaker[row[4]][row[1]] += 1
    return rows, per_speaker


def test_the_test_split_loads_with_exact_counts_and_matches_the_report(db, capsys):
    require_data(TEST_SPLIT)
    rows, per_speaker = _tally(TEST_SPLIT)
    editor = UserFactory(username="liar-editor", roles=[roles.EDITOR])
    call_command("import_liar", str(TEST_SPLIT), "--as", "liar-editor")
    assert "1283 claims created" in capsys.readouterr().out

    assert len(rows) == 1283
    assert Claim.objects.count() == 1283
    assert Article.objects.filter(outlet__name="PolitiFact").count() == 1283
    assert Source.objects.filter(is_confidential=False).count() == len(per_speaker)
    assert Attribution.objects.count() == 1283
    labels = Counter(row[1] for row in rows)
    assert Counter(Verdict.objects.values_list("original_label", flat=True)) == labels
    assert set(Verdict.objects.values_list("decided_by", flat=True)) == {editor.pk}
    first = rows[0]
    claim = Claim.objects.get(external_id=f"liar:{first[0].removesuffix('.json')}")
    assert claim.text == first[2]
    assert claim.outcome == LABEL_OUTCOMES[first[1]]
    assert claim.attributions.get().source.codename == first[4]
    assert claim.article.headline == first[13]
    assert sorted(claim.topics.values_list("name", flat=True)) == sorted(first[3].split(","))
    assert Topic.objects.count() == len({s for row in rows for s in row[3].split(",") if s})
    assert claim.history.count() == 2  # filed, then decided

    # The report's per-speaker counts and rate equal a hand tally of the file.
    call_command("reliability_report", "--by", "source", "--format", "json")
    report = {row["group"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(report) == set(per_speaker)
    for speaker, counts in per_speaker.items():
        corroborated = counts["true"] + counts["mostly-true"]
        partly = counts["half-true"]
        contradicted = counts["barely-true"] + counts["false"] + counts["pants-fire"]
        row = report[speaker]
        assert row["claims"] == sum(counts.values()), speaker
        assert row["corroborated"] == corroborated, speaker
        assert row["partly_corroborated"] == partly, speaker
        assert row["contradicted"] == contradicted, speaker
        assert row["pending"] == 0
        resolved = corroborated + partly + contradicted
        assert row["resolved"] == resolved
        assert row["confirmation_rate"] == pytest.approx((corroborated + 0.5 * partly) / resolved)

    # Loading it again changes nothing.
    before = snapshot()
    call_command("import_liar", str(TEST_SPLIT))
    assert "0 claims created, 1283 already imported" in capsys.readouterr().out
    assert snapshot() == before


OURS = (
    "901.json\ttrue\tThe new bridge cut the crossing time to ten minutes.\ttransportation,"
    "infrastructure\tsample-mayor\tMayor\tOhio\tnone\t0\t0\t0\t1\t0\ta town hall\n"
    "902.json\tpants-fire\tThe bridge was paid for entirely by a foreign government.\t"
    "infrastructure\tsample-critic\t\t\tnone\t0\t0\t0\t0\t1\ta blog post\n"
    "903.json\thalf-true\tTraffic on the old road fell by half.\ttransportation\t"
    "sample-mayor\tMayor\tOhio\tnone\t0\t0\t1\t1\t0\t\n"
)


def test_a_small_file_of_ours_maps_labels_and_speakers(db):
    result = import_liar(OURS.encode(), name="ours.tsv")
    assert result.created == 3 and result.sources_created == 2
    outcomes = dict(Claim.objects.values_list("external_id", "outcome"))
    assert outcomes == {
        "liar:901": "corroborated",
        "liar:902": "contradicted",
        "liar:903": "partly_corroborated",
    }
    mayor = Source.objects.get(codename="sample-mayor")
    assert mayor.is_confidential is False and mayor.descriptor == "Mayor"
    assert mayor.rollup.claims == 2 and mayor.rollup.corroborated == 1
    assert Source.objects.get(codename="sample-critic").descriptor == "sample-critic"
    assert Claim.objects.get(external_id="liar:903").article.headline == "PolitiFact statement 903"
    first = Claim.objects.get(external_id="liar:901")
    assert first.region.name == "Ohio"
    # Both history records (filed, decided) remember the claim's two topics.
    TopicHistory = apps.get_model("sources", "HistoricalClaim_topics")
    assert [
        TopicHistory.objects.filter(history=record).count() for record in first.history.all()
    ] == [2, 2]
    assert Outlet.objects.get(slug="politifact").name == "PolitiFact"


def test_dry_run_writes_nothing(db):
    before = snapshot()
    result = import_liar(OURS.encode(), name="ours.tsv", dry_run=True)
    assert result.created == 3 and "Dry run" in result.summary()
    assert snapshot() == before


def _refused(data: bytes, *expected: str) -> None:
    before = snapshot()
    with pytest.raises(ExchangeError) as caught:
        import_liar(data, name="bad.tsv")
    assert snapshot() == before
    for fragment in expected:
        assert fragment in str(caught.value), str(caught.value)


def test_an_unknown_label_names_the_line_and_column(db):
    bad = OURS.replace("\tpants-fire\t", "\tmostly-false\t")
    _refused(bad.encode(), "bad.tsv line 2, field 'label (column 2)': 'mostly-false' is not")


def test_a_truncated_file_is_refused(db):
    _refused(OURS[:-40].encode(), "bad.tsv line 3", "found 5", "truncated")


def test_a_duplicate_statement_is_refused(db):
    _refused((OURS + OURS.splitlines(keepends=True)[0]).encode(), "line 4", "duplicate statement")


def test_a_wrong_encoding_and_an_empty_file_are_refused(db):
    _refused(OURS.replace("ten", "diéz").encode("latin-1"), "line 1", "not UTF-8")
    _refused(b"", "bad.tsv: the file is empty.")


def test_a_confidential_source_is_never_turned_into_a_speaker(db):
    from sources import services

    services.source_create(codename="sample-mayor", descriptor="a source in Ohio")
    _refused(OURS.encode(), "line 1", "'sample-mayor' is the codename of a confidential source")


def test_the_command_refuses_a_non_editor_and_a_bad_file(db, tmp_path):
    UserFactory(username="a-reporter", roles=[roles.REPORTER])
    path = tmp_path / "ours.tsv"
    path.write_text(OURS.replace("\ttrue\t", "\tTRUE!\t"), encoding="utf-8")
    with pytest.raises(CommandError, match="may not import"):
        call_command("import_liar", str(path), "--as", "a-reporter")
    with pytest.raises(CommandError, match="Nothing was imported: 1 problem"):
        call_command("import_liar", str(path))
    assert not Claim.objects.exists()


def test_liar_rows_are_written_as_the_services_write_them(db):
    from sources.management.commands.verify_rollups import (
        claim_differences,
        descriptor_differences,
        rollup_differences,
    )

    import_liar(OURS.encode(), name="ours.tsv")
    keys = set(Attribution.objects.values_list("descriptor", "descriptor_key"))
    assert keys == {("Mayor", "mayor"), ("sample-critic", "sample-critic")}
    mayor = Source.objects.get(codename="sample-mayor").rollup
    # Two claims decided true and half-true, both dated to the data set's release.
    assert mayor.by_year == {"2017": {"corroborated": 1, "partly_corroborated": 1}}
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
    assert descriptor_differences() == []
