"""Tests for sources.extraction: the labelled set, offsets, exclusions and the command.

Run this module as a script to print the precision and recall per split that
docs/extraction.md reports: ``.venv/bin/python -m tests.test_extraction``.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sources.extraction import extract_attributions, split_sentences

CASES_FILE = Path(__file__).parent / "data" / "extraction_cases.json"
CASES = json.loads(CASES_FILE.read_text(encoding="utf-8"))["cases"]
SPLITS = sorted({case["split"] for case in CASES})

PRECISION_THRESHOLD = 0.9
RECALL_THRESHOLD = 0.85


def score(cases) -> tuple[float, float, int, int, int]:
    """Return precision, recall and the raw counts, matching descriptors exactly."""
    true_pos = false_pos = false_neg = 0
    for case in cases:
        expected = Counter(case["expected"])
        found = Counter(item["descriptor"] for item in extract_attributions(case["text"]))
        hits = sum((expected & found).values())
        true_pos += hits
        false_pos += sum(found.values()) - hits
        false_neg += sum(expected.values()) - hits
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    return precision, recall, true_pos, false_pos, false_neg


def test_the_labelled_set_is_big_and_varied_enough():
    assert len(CASES) >= 80
    positives = [case for case in CASES if case["expected"]]
    negatives = [case for case in CASES if not case["expected"]]
    assert len(positives) >= 40 and len(negatives) >= 25
    assert len({case["text"] for case in CASES}) == len(CASES), "duplicate sentences"
    for case in CASES:
        for descriptor in case["expected"]:
            assert descriptor in case["text"], case["id"]


@pytest.mark.parametrize("split", SPLITS)
def test_precision_and_recall_per_split_are_above_thresholds(split):
    precision, recall, *_ = score([case for case in CASES if case["split"] == split])
    assert precision >= PRECISION_THRESHOLD, f"{split} precision {precision:.3f}"
    assert recall >= RECALL_THRESHOLD, f"{split} recall {recall:.3f}"


def test_precision_and_recall_overall_are_above_thresholds():
    precision, recall, *_ = score(CASES)
    assert precision >= PRECISION_THRESHOLD
    assert recall >= RECALL_THRESHOLD


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_offsets_point_at_the_descriptor_inside_its_sentence(case):
    text = "Background paragraph first.\n\n" + case["text"] + " Then more text follows."
    for item in extract_attributions(text):
        assert text[item["start"] : item["end"]] == item["descriptor"]
        assert item["descriptor"] in item["sentence"]
        assert item["sentence"] in text


def test_finds_every_form_named_in_the_issue_in_one_story():
    text = (
        "Cadres bought 8 kg of meth at 9,000 RMB per kilogram, a source in Ryanggang "
        "Province told Daily NK. They sold it in China for 14,000 RMB, the source added. "
        '"Loyalty means nothing now," said an additional source in Ryanggang Province. '
        "According to a source familiar with the trade, guards take a cut. Officials who "
        "spoke on condition of anonymity said patrols were cover. A North Hamgyong "
        "Province-based source said the same."
    )
    assert [item["descriptor"] for item in extract_attributions(text)] == [
        "a source in Ryanggang Province",
        "the source",
        "an additional source in Ryanggang Province",
        "a source familiar with the trade",
        "Officials who spoke on condition of anonymity",
        "A North Hamgyong Province-based source",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Hikers reached the source of the Yalu River on the third day.",
        "The lab publishes open-source software for mapping rivers.",
        "Kim Chol, a trader in Hyesan, said prices had doubled.",
        "KCNA said the harvest was a record one.",
        "Rodong Sinmun reported that the leader toured a farm.",
        "The source was arrested in April.",
        "",
    ],
)
def test_ignores_what_is_not_an_anonymous_attribution(text):
    assert extract_attributions(text) == []


def test_sentences_do_not_break_at_abbreviations():
    text = "U.S. officials said Mr. Kim left. A source said so."
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == ["U.S. officials said Mr. Kim left.", "A source said so."]


def test_command_prints_the_json_array(tmp_path, capsys):
    story = tmp_path / "story.txt"
    story.write_text("Rice is scarce, a source in Hyesan told Daily NK.", encoding="utf-8")
    call_command("extract_attributions", str(story))
    printed = json.loads(capsys.readouterr().out)
    assert printed == [
        {
            "descriptor": "a source in Hyesan",
            "sentence": "Rice is scarce, a source in Hyesan told Daily NK.",
            "start": 16,
            "end": 34,
        }
    ]


def test_command_refuses_a_missing_or_non_utf8_file(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("extract_attributions", str(tmp_path / "missing.txt"))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Un résident a dit".encode("latin-1"))
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("extract_attributions", str(latin))


if __name__ == "__main__":
    for name in [*SPLITS, "all"]:
        chosen = CASES if name == "all" else [c for c in CASES if c["split"] == name]
        p, r, tp, fp, fn = score(chosen)
        print(f"{name:8} cases={len(chosen):3} P={p:.3f} R={r:.3f} tp={tp} fp={fp} fn={fn}")
