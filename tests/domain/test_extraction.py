"""Tests for sources.domain.extraction: the labelled sets, back-references, offsets, the command.

Run this module as a script to print the figures docs/extraction.md reports:
``.venv/bin/python -m tests.domain.test_extraction``.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given
from hypothesis import strategies as st

from sources.domain.extraction import (
    Attribution,
    extract_attributions,
    find_attributions,
    split_sentences,
)

DATA = Path(__file__).parent.parent / "data"
CASES = json.loads((DATA / "extraction_cases.json").read_text(encoding="utf-8"))["cases"]
HOLDOUT_FILE = DATA / "extraction" / "holdout.json"
HOLDOUT = json.loads(HOLDOUT_FILE.read_text(encoding="utf-8"))["cases"]
TUNING = json.loads((DATA / "extraction" / "tuning.json").read_text(encoding="utf-8"))["cases"]
SPLITS = sorted({case["split"] for case in CASES})

# The held-out set's figures hold only for the file as it was written before tuning.
# Editing it to pass would make them meaningless; write a new set instead.
HOLDOUT_SHA256 = "5e5592260a01185875ace66fd4b20c9bd0448710d57acf40fce391c00c42d94e"

# Sets the rules were tuned on: training figures, so the bar is high.
TUNED_PRECISION = TUNED_RECALL = 0.98
TUNED_BACK_REFERENCES = 0.95
# The held-out set, measured once after tuning (docs/extraction.md). The floors sit at
# what was achieved, rounded down, not at the goal of P >= 0.95 and R >= 0.90.
HOLDOUT_PRECISION = 0.98
HOLDOUT_RECALL = 0.95
HOLDOUT_BACK_REFERENCES = 0.94


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


def expected_spans(case) -> list[tuple[int, int]]:
    """Locate each expected descriptor in the text, in reading order, as whole words."""
    spans, position = [], 0
    for descriptor in case["expected"]:
        pattern = re.compile(r"(?<!\w)" + re.escape(descriptor) + r"(?!\w)")
        match = pattern.search(case["text"], position)
        spans.append((match.start(), match.end()))
        position = match.start() + 1
    return spans


def score_references(cases) -> tuple[int, int, int]:
    """Return back-references resolved right, back-references labelled, and wrong links.

    A labelled back-reference counts as resolved when the extractor found both it
    and its antecedent and links the one to the other; a wrong link is a phrase
    labelled as a new source that the extractor linked to an earlier one.
    """
    right = labelled = wrong = 0
    for case in cases:
        found = find_attributions(text=case["text"])
        index_of = {(a.start, a.end): i for i, a in enumerate(found)}
        spans = expected_spans(case)
        for k, target in enumerate(case.get("refers_to") or [None] * len(spans)):
            got = index_of.get(spans[k])
            if target is not None:
                labelled += 1
                antecedent = index_of.get(spans[target])
                if got is not None and antecedent is not None:
                    right += found[got].refers_to == antecedent
            elif got is not None and found[got].refers_to is not None:
                wrong += 1
    return right, labelled, wrong


def sentence_count(cases) -> int:
    return sum(len(split_sentences(case["text"])) for case in cases)


def test_the_labelled_sets_are_big_and_varied_enough():
    assert len(CASES) >= 80 and len(TUNING) >= 150
    assert len(HOLDOUT) >= 150 and sentence_count(HOLDOUT) >= 150
    for cases in (CASES, TUNING, HOLDOUT):
        assert len([c for c in cases if c["expected"]]) >= 40
        assert len([c for c in cases if not c["expected"]]) >= 25
    for cases in (TUNING, HOLDOUT):
        assert sum(1 for c in cases for r in c["refers_to"] if r is not None) >= 25


def test_the_sets_share_no_sentence():
    texts = [[case["text"] for case in cases] for cases in (CASES, TUNING, HOLDOUT)]
    for one in texts:
        assert len(set(one)) == len(one), "duplicate sentences"
    assert not set(texts[0]) & set(texts[1])
    assert not set(texts[2]) & (set(texts[0]) | set(texts[1]))


@pytest.mark.parametrize(
    "case", CASES + TUNING + HOLDOUT, ids=[c["id"] for c in CASES + TUNING + HOLDOUT]
)
def test_labels_are_well_formed(case):
    for descriptor in case["expected"]:
        assert descriptor in case["text"]
    references = case.get("refers_to") or [None] * len(case["expected"])
    assert len(references) == len(case["expected"])
    for index, target in enumerate(references):
        assert target is None or (0 <= target < index and references[target] is None)
    spans = expected_spans(case)
    assert spans == sorted(spans)


def test_the_held_out_set_is_the_one_measured_before_tuning():
    assert hashlib.sha256(HOLDOUT_FILE.read_bytes()).hexdigest() == HOLDOUT_SHA256


@pytest.mark.parametrize("split", SPLITS)
def test_precision_and_recall_per_split_of_the_old_cases(split):
    precision, recall, *_ = score([case for case in CASES if case["split"] == split])
    assert precision >= TUNED_PRECISION, f"{split} precision {precision:.3f}"
    assert recall >= TUNED_RECALL, f"{split} recall {recall:.3f}"


def test_precision_and_recall_on_the_tuning_set():
    precision, recall, *_ = score(TUNING)
    assert precision >= TUNED_PRECISION
    assert recall >= TUNED_RECALL


def test_precision_and_recall_on_the_held_out_set():
    precision, recall, *_ = score(HOLDOUT)
    assert precision >= HOLDOUT_PRECISION, f"held-out precision {precision:.3f}"
    assert recall >= HOLDOUT_RECALL, f"held-out recall {recall:.3f}"


def test_back_references_resolve_on_the_tuning_and_held_out_sets():
    right, labelled, wrong = score_references(TUNING)
    assert right / labelled >= TUNED_BACK_REFERENCES and wrong == 0
    right, labelled, wrong = score_references(HOLDOUT)
    assert right / labelled >= HOLDOUT_BACK_REFERENCES


@pytest.mark.parametrize("case", CASES + TUNING, ids=[c["id"] for c in CASES + TUNING])
def test_offsets_point_at_the_descriptor_inside_its_sentence(case):
    text = "Background paragraph first.\n\n" + case["text"] + " Then more text follows."
    for item in extract_attributions(text):
        assert text[item["start"] : item["end"]] == item["descriptor"]
        assert item["descriptor"] in item["sentence"]
        assert item["sentence"] in text


ISSUE_STORY = (
    "Cadres bought 8 kg of meth at 9,000 RMB per kilogram, a source in Ryanggang "
    "Province told Daily NK. They sold it in China for 14,000 RMB, the source added. "
    '"Loyalty means nothing now," said an additional source in Ryanggang Province. '
    "According to a source familiar with the trade, guards take a cut. Officials who "
    "spoke on condition of anonymity said patrols were cover. A North Hamgyong "
    "Province-based source said the same. The additional source said guards were paid "
    "in yuan. The same source said the cut had doubled."
)


def test_finds_every_form_named_in_the_issue_in_one_story():
    found = find_attributions(text=ISSUE_STORY)
    assert [(a.descriptor, a.is_back_reference, a.refers_to) for a in found] == [
        ("a source in Ryanggang Province", False, None),
        ("the source", True, 0),
        ("an additional source in Ryanggang Province", False, None),
        ("a source familiar with the trade", False, None),
        ("Officials who spoke on condition of anonymity", False, None),
        ("A North Hamgyong Province-based source", False, None),
        ("The additional source", True, 2),
        ("The same source", True, 2),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "another", "a second", "an additional" introduce a source.
        (
            "A source in Hyesan said rice rose. Another source said it fell.",
            [("A source in Hyesan", False, None), ("Another source", False, None)],
        ),
        (
            "A trader said rice rose. A second trader said it fell. The first trader "
            "said it would rise again. The second trader said it would not.",
            [
                ("A trader", False, None),
                ("A second trader", False, None),
                ("The first trader", True, 0),
                ("The second trader", True, 1),
            ],
        ),
        # A description in the back-reference picks its antecedent out.
        (
            "A source in Kaesong said prices rose. A source in Haeju said they fell. "
            "The Kaesong source said traders hoard dollars.",
            [
                ("A source in Kaesong", False, None),
                ("A source in Haeju", False, None),
                ("The Kaesong source", True, 0),
            ],
        ),
        # "The source" prefers an earlier "source" over a nearer "trader".
        (
            "A source in Musan said the mine closed. A trader said it was temporary. "
            "This source said miners went to farms.",
            [
                ("A source in Musan", False, None),
                ("A trader", False, None),
                ("This source", True, 0),
            ],
        ),
        # ... but takes the trader when no source was named.
        (
            "A trader in Hyesan said the market shut. The source added that fees rose.",
            [("A trader in Hyesan", False, None), ("The source", True, 0)],
        ),
        # Number must agree: "both sources", "the sources", "one of the sources".
        (
            "Two sources in Hamhung said markets closed. Both sources said the order was "
            "secret. One of the sources said it came from Pyongyang.",
            [
                ("Two sources in Hamhung", False, None),
                ("Both sources", True, 0),
                ("One of the sources", True, 0),
            ],
        ),
        # A chain resolves to the attribution that named the source first.
        (
            "An official said the plan failed. The official added that it was shelved. "
            "The same official said no one was blamed.",
            [
                ("An official", False, None),
                ("The official", True, 0),
                ("The same official", True, 0),
            ],
        ),
        # Unresolvable: a bare "the source" refers back to someone outside the text.
        ("The source said fines were paid in yuan.", [("The source", True, None)]),
        # A definite phrase with a description of its own and no antecedent is new.
        (
            "The source in South Pyongan Province said fines rose.",
            [("The source in South Pyongan Province", False, None)],
        ),
        # Heads other than "source" must match: "the official" is not "a trader".
        (
            "A trader said fees rose. The official said they did not.",
            [("A trader", False, None), ("The official", True, None)],
        ),
    ],
)
def test_back_references(text, expected):
    found = find_attributions(text=text)
    assert [(a.descriptor, a.is_back_reference, a.refers_to) for a in found] == expected


def test_descriptors_match_whatever_their_case_and_typography():
    found = find_attributions(
        text="An additional source in Ryanggang Province said so. Rice is scarce, said "
        "an additional source in Ryanggang Province. Daily NK’s source said so. "
        "Daily NK's source said so too."
    )
    keys = [a.key for a in found]
    assert keys[0] == keys[1] == "an additional source in ryanggang province"
    assert keys[2] == keys[3] == "daily nk's source"


@pytest.mark.parametrize(
    "text",
    [
        "Hikers reached the source of the Yalu River on the third day.",
        "The lab publishes open-source software for mapping rivers.",
        "Kim Chol, a trader in Hyesan, said prices had doubled.",
        "KCNA said the harvest was a record one.",
        "Rodong Sinmun reported that the leader toured a farm.",
        "The source was arrested in April.",
        # Ordinary plural subjects, the false alarms the issue names.
        "Residents were told to register every guest with the police.",
        "Relatives say goodbye to conscripts at the station.",
        "Residents continued to draw water from the river.",
        "Traders continued to sell Chinese shoes despite the ban.",
        "Officials told residents to stay indoors.",
        "Relatives complained to the prison guards that the visits were short.",
        "The daughter of a senior official said nothing.",
        "",
    ],
)
def test_ignores_what_is_not_an_anonymous_attribution(text):
    assert extract_attributions(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A speaker inside what the informant reports is part of the report.
        ("Traders said the fees were too high, the source told Daily NK.", ["the source"]),
        ("According to the source, residents said they would stay.", ["the source"]),
        ("A source said that a trader had told him the border would open.", ["A source"]),
        # Speech to the press reports; speech to people in the story does not.
        ("The fee doubled in May, sources told the newspaper.", ["sources"]),
        ("A source explained to reporters that the gate was shut.", ["A source"]),
        ("Residents explained to the inspectors that the gate was shut.", []),
        # Coordinate clauses each keep their informant.
        (
            "Gasoline jumped, a source in Sinuiju said, while a trader in Pyongsong said "
            "diesel was gone.",
            ["a source in Sinuiju", "a trader in Pyongsong"],
        ),
        (
            "A source in Kaesong and a trader in Haeju both said the rate jumped.",
            ["A source in Kaesong", "a trader in Haeju"],
        ),
    ],
)
def test_keeps_the_publications_informants_only(text, expected):
    assert [item["descriptor"] for item in extract_attributions(text)] == expected


def test_sentences_do_not_break_at_abbreviations():
    text = "U.S. officials said Mr. Kim left. A source said so."
    sentences = [text[start:end] for start, end in split_sentences(text)]
    assert sentences == ["U.S. officials said Mr. Kim left.", "A source said so."]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=300))
def test_any_text_gives_well_formed_attributions(text):
    found = find_attributions(text=text)
    for index, attribution in enumerate(found):
        assert isinstance(attribution, Attribution)
        assert text[attribution.start : attribution.end] == attribution.descriptor
        if attribution.refers_to is not None:
            assert attribution.is_back_reference
            assert 0 <= attribution.refers_to < index
            assert found[attribution.refers_to].refers_to is None


def test_the_package_does_not_import_django():
    code = (
        "import sys, sources.domain.extraction, sources.domain.descriptors; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


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
    named = [(split, [c for c in CASES if c["split"] == split]) for split in SPLITS]
    for name, chosen in [*named, ("cases", CASES), ("tuning", TUNING), ("held-out", HOLDOUT)]:
        p, r, tp, fp, fn = score(chosen)
        line = f"{name:8} cases={len(chosen):3} sentences={sentence_count(chosen):3} "
        line += f"P={p:.3f} R={r:.3f} tp={tp} fp={fp} fn={fn}"
        if name in ("tuning", "held-out"):
            right, labelled, wrong = score_references(chosen)
            line += f" back-references {right}/{labelled} wrong-links={wrong}"
        print(line)
