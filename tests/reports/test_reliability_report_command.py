"""The reliability_report command prints the same figures as the pages, in three formats."""

import csv
import datetime
import io
import json
from collections import Counter, defaultdict

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sources import reports, services
from sources.domain import reliability
from sources.domain.vocab import Outcome
from tests.factories import OutletFactory
from tests.reports_fixture import HYESAN, RYANGGANG, build_ledger

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "group", "claims", "pending", "corroborated", "partly_corroborated", "contradicted",
    "disputed", "unverifiable", "retracted", "resolved", "confirmation_rate", "interval_low",
    "interval_high", "suggested_letter", "median_days_to_corroboration",
}  # fmt: skip


def run(*args) -> str:
    out = io.StringIO()
    call_command("reliability_report", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("by", reports.GROUPINGS)
def test_json_has_one_object_per_group_with_every_key(by):
    build_ledger()
    data = json.loads(run("--by", by, "--format", "json"))
    assert isinstance(data, list) and data
    for item in data:
        assert set(item) >= REQUIRED_KEYS
        # Every claim is in one bucket: an outcome, expired, or already public.
        assert (
            item["claims"]
            == sum(item[o] for o in Outcome.ALL) + item["expired"] + item["already_public"]
        )
        for key in ("confirmation_rate", "interval_low", "interval_high"):
            assert item[key] is None or 0 <= item[key] <= 1


def test_json_for_sources_matches_hand_tally():
    build_ledger()
    data = {item["group"]: item for item in json.loads(run("--by", "source", "--format", "json"))}
    assert set(data) == {"PINE", "BIRCH", "OAK"}
    pine = data["PINE"]
    assert (pine["claims"], pine["corroborated"], pine["partly_corroborated"]) == (5, 2, 1)
    assert (pine["disputed"], pine["retracted"], pine["resolved"]) == (1, 1, 3)
    assert pine["confirmation_rate"] == pytest.approx(2.5 / 3)
    assert pine["interval_low"] == pytest.approx(0.309988, abs=1e-6)
    assert pine["median_days_to_corroboration"] == 15
    assert pine["suggested_letter"] == "F"
    oak = data["OAK"]
    # OAK's pending claim C5 is past its check-by date (2019-06-01): expired, not pending.
    assert (oak["pending"], oak["expired"], oak["contradicted"]) == (0, 1, 1)
    assert oak["confirmation_rate"] == 0.0


def test_json_nulls_when_nothing_resolved():
    build_ledger()
    data = {item["group"]: item for item in json.loads(run("--by", "region", "--format", "json"))}
    unplaced = data[None]
    assert unplaced["resolved"] == 0
    assert unplaced["confirmation_rate"] is None
    assert unplaced["interval_low"] is None and unplaced["interval_high"] is None
    assert unplaced["recorded_letter"] is None


def test_csv_matches_json():
    build_ledger()
    rows = list(csv.DictReader(io.StringIO(run("--by", "descriptor", "--format", "csv"))))
    data = json.loads(run("--by", "descriptor", "--format", "json"))
    assert [r["group"] for r in rows] == [d["group"] for d in data]
    for row, item in zip(rows, data, strict=True):
        assert int(row["claims"]) == item["claims"]
        assert row["confirmation_rate"] == ("" if item["confirmation_rate"] is None else str(
            item["confirmation_rate"]))  # fmt: skip
    assert {r["group"] for r in rows} >= {RYANGGANG, HYESAN}


def test_table_lists_every_group():
    build_ledger()
    text = run("--by", "topic")
    assert "Topic" in text.splitlines()[0]
    for name in ("Drug trade", "Border security", "(none)"):
        assert name in text
    assert "67%" in text  # Drug trade: 2 of 3


def test_table_says_so_when_empty():
    assert "No claims to report." in run("--by", "year")


def test_bad_arguments_exit_non_zero():
    with pytest.raises(CommandError, match="--by"):
        call_command("reliability_report", "--by", "handler")
    with pytest.raises(CommandError, match="--sort"):
        call_command("reliability_report", "--sort", "secret")


# A LIAR-style split: each statement has a speaker and a six-way label. Speakers
# become on-record sources named after themselves; labels become editor verdicts.
LIAR_VERDICTS = {
    "true": Outcome.CORROBORATED,
    "mostly-true": Outcome.CORROBORATED,
    "half-true": Outcome.PARTLY_CORROBORATED,
    "barely-true": Outcome.CONTRADICTED,
    "false": Outcome.CONTRADICTED,
    "pants-fire": Outcome.CONTRADICTED,
}
LIAR_ROWS = [
    ("1.json", "true", "Tax receipts rose in the third quarter.", "alice-mayor"),
    ("2.json", "mostly-true", "The county built four schools.", "alice-mayor"),
    ("3.json", "half-true", "Unemployment halved in a decade.", "alice-mayor"),
    ("4.json", "pants-fire", "The bridge cost nothing.", "alice-mayor"),
    ("5.json", "false", "Crime doubled last year.", "bob-senator"),
    ("6.json", "barely-true", "Wages kept pace with prices.", "bob-senator"),
    ("7.json", "half-true", "Most roads were repaved.", "bob-senator"),
    ("8.json", "true", "The port reopened in May.", "carol-governor"),
    ("9.json", "true", "Exports to China fell.", "carol-governor"),
    ("10.json", "true", "Rice prices fell in spring.", "carol-governor"),
    ("11.json", "mostly-true", "Two factories closed.", "carol-governor"),
    ("12.json", "true", "Rail freight grew.", "carol-governor"),
    ("13.json", "half-true", "Power cuts eased.", "carol-governor"),
]


def import_liar_rows(rows, editor):
    """Load LIAR-style rows the way import_liar is specified to: speaker = source."""
    outlet = OutletFactory(name="PolitiFact", slug="politifact")
    speakers = {}
    for statement_id, label, text, speaker in rows:
        if speaker not in speakers:
            speakers[speaker] = services.source_create(
                codename=speaker, descriptor=speaker, is_confidential=False
            )
        article = services.article_create(
            outlet=outlet, headline=text, published_on=datetime.date(2012, 1, 1),
            external_id=f"liar-article-{statement_id}",
        )  # fmt: skip
        claim = services.claim_file(
            article=article, text=text, external_id=f"liar-{statement_id}",
            attributions=[services.AttributionSpec(source=speakers[speaker])],
        )  # fmt: skip
        services.verdict_decide(
            claim=claim, outcome=LIAR_VERDICTS[label], reason=f"LIAR label: {label}",
            decided_by=editor, original_label=label,
        )  # fmt: skip


def hand_tally(rows, *, min_resolved):
    """Count the rows per speaker without the database, then apply the documented formulas."""
    counts = defaultdict(Counter)
    for _, label, _, speaker in rows:
        counts[speaker][LIAR_VERDICTS[label]] += 1
    tally = {}
    for speaker, c in counts.items():
        corroborated = c[Outcome.CORROBORATED]
        partly = c[Outcome.PARTLY_CORROBORATED]
        contradicted = c[Outcome.CONTRADICTED]
        resolved = corroborated + partly + contradicted
        rate = (corroborated + partly / 2) / resolved
        low, high = reliability.wilson_interval(corroborated + partly / 2, resolved)
        tally[speaker] = {
            "group": speaker,
            "claims": sum(c.values()),
            "pending": 0,
            "corroborated": corroborated,
            "partly_corroborated": partly,
            "contradicted": contradicted,
            "disputed": 0,
            "unverifiable": 0,
            "retracted": 0,
            "resolved": resolved,
            "confirmation_rate": rate,
            "interval_low": low,
            "interval_high": high,
            "suggested_letter": reliability.suggested_letter(
                low, resolved, min_resolved=min_resolved
            ),
            "median_days_to_corroboration": None,
        }
    return tally


def test_liar_split_agrees_with_a_hand_tally(editor, settings):
    import_liar_rows(LIAR_ROWS, editor)
    data = json.loads(run("--by", "source", "--format", "json"))
    tally = hand_tally(LIAR_ROWS, min_resolved=settings.RELIABILITY["MIN_RESOLVED"])
    assert len(data) == len(tally) == 3
    for item in data:
        expected = tally[item["group"]]
        assert {key: item[key] for key in expected} == expected
    # By hand: carol has 5 true-ish and 1 half-true of 6 → 5.5/6; alice 2.5/4; bob 0.5/3.
    order = [item["group"] for item in data]
    assert order == ["carol-governor", "alice-mayor", "bob-senator"]
    carol = data[0]
    assert carol["confirmation_rate"] == pytest.approx(5.5 / 6)
    assert carol["suggested_letter"] == "C"  # six resolved; Wilson lower bound 0.5175 ≥ 0.40


def test_liar_test_split_imported_by_import_liar_agrees_key_for_key(editor, settings, capsys):
    """The real import_liar on the real test split: every key equals the hand tally."""
    from tests.exchange.conftest import LIAR_DIR, require_data

    path = require_data(LIAR_DIR / "test.tsv")
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [
            (row[0], row[1], row[2], row[4])
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            if row
        ]
    # The import fits the pooled estimates; the hand tally's letters rest on Wilson's bound.
    settings.LETTER_BASIS = "wilson"
    call_command("import_liar", str(path), "--as", editor.username, "--no-progress")
    capsys.readouterr()
    data = json.loads(run("--by", "source", "--format", "json"))
    tally = hand_tally(rows, min_resolved=settings.RELIABILITY["MIN_RESOLVED"])
    assert all(item["pooled_rate"] is not None for item in data)
    assert len(data) == len(tally) > 100
    for item in data:
        expected = tally[item["group"]]
        assert {key: item[key] for key in expected} == expected, item["group"]
    # Sorted by the interval's lower bound, highest first.
    lows = [item["interval_low"] for item in data]
    assert lows == sorted(lows, reverse=True)
