"""The copy detector: normalisation, signatures, LSH bands, and its score on a labelled set."""

import json
import math
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH

from sources.domain import copies
from sources.domain.copies import (
    BANDS,
    COPY_THRESHOLD,
    NUM_PERM,
    ROWS,
    SCHEME,
    SEED,
    band_keys,
    candidate_probability,
    find_copies,
    is_likely_copy,
    normalise,
    shingles,
    signature,
    similarity,
)

PAIRS = json.loads((Path(__file__).parents[1] / "data" / "copies" / "pairs.json").read_text())
TEXTS = PAIRS["texts"]
SIGNATURES = {name: signature(text) for name, text in TEXTS.items()}
# Floors the detector must keep on the labelled set (measured: see docs/domain.md).
PRECISION_FLOOR = 0.95
RECALL_FLOOR = 0.90
HOLDOUT_RECALL_FLOOR = 0.80


def _scores(pairs):
    flagged = [similarity(SIGNATURES[p["a"]], SIGNATURES[p["b"]]) >= COPY_THRESHOLD for p in pairs]
    copies_ = [p["label"] == "copy" for p in pairs]
    tp = sum(f and c for f, c in zip(flagged, copies_, strict=True))
    fp = sum(f and not c for f, c in zip(flagged, copies_, strict=True))
    fn = sum(c and not f for f, c in zip(flagged, copies_, strict=True))
    return tp, fp, fn


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Bought at 9,000 RMB/kg.", ["bought", "at", "9000", "rmb", "kg"]),
        ("SOLD  for\n14.000 rmb", ["sold", "for", "14000", "rmb"]),
        ("the country\u2019s \u201cleaves\u201d", ["the", "countrys", "leaves"]),
        ("the country's 'leaves'", ["the", "countrys", "leaves"]),
        ("border\u2013trade \u2014 Hyesan", ["border", "trade", "hyesan"]),
        ("\uff2e\uff2b prices", ["nk", "prices"]),
        ("3.5 kg and 1,20 kg", ["3", "5", "kg", "and", "1", "20", "kg"]),
        ("", []),
    ],
)
def test_normalise(text, words):
    assert normalise(text) == words


def test_shingles_are_word_five_grams():
    assert shingles("a b c d e f g") == {"a b c d e", "b c d e f", "c d e f g"}
    assert shingles("Short, text.") == {"short text"}
    with pytest.raises(ValueError, match="no words"):
        shingles(" -- ")


def test_signature_is_stable_bytes():
    sig = signature(TEXTS["s01"])
    assert isinstance(sig, bytes)
    assert len(sig) == NUM_PERM * 4
    assert signature(TEXTS["s01"]) == sig
    # The same as datasketch's own MinHash with the documented settings.
    reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    reference.update_batch([s.encode() for s in shingles(TEXTS["s01"])])
    assert np.array_equal(np.frombuffer(sig, dtype="<u4"), reference.hashvalues)


def test_typography_alone_does_not_change_a_signature():
    plain = "Traders call yuan 'leaves' - they pay 9,000 won. It's cheap."
    curly = "TRADERS call yuan \u2018leaves\u2019 \u2013 they  pay 9000 won! It\u2019s cheap"
    assert signature(plain) == signature(curly)
    assert similarity(signature(plain), signature(curly)) == 1.0


@pytest.mark.parametrize("pair", PAIRS["pairs"][:30], ids=lambda p: f"{p['a']}-{p['b']}")
def test_similarity_estimates_jaccard(pair):
    a, b = shingles(TEXTS[pair["a"]]), shingles(TEXTS[pair["b"]])
    exact = len(a & b) / len(a | b)
    # MinHash is unbiased with standard error sqrt(J(1-J)/k); allow four of them.
    tolerance = 4 * math.sqrt(max(exact * (1 - exact), 0.01) / NUM_PERM)
    assert similarity(SIGNATURES[pair["a"]], SIGNATURES[pair["b"]]) == pytest.approx(
        exact, abs=tolerance
    )


def test_similarity_accepts_lists_and_memoryviews():
    a, b = SIGNATURES["s01"], SIGNATURES["s01w"]
    expected = similarity(a, b)
    as_list = np.frombuffer(a, dtype="<u4").tolist()
    assert similarity(as_list, memoryview(b)) == expected
    with pytest.raises(ValueError, match="differ in length"):
        similarity(a, b[:-4])


def test_is_likely_copy_uses_the_threshold():
    assert is_likely_copy(SIGNATURES["s02"], SIGNATURES["s02w"])
    assert not is_likely_copy(SIGNATURES["s02"], SIGNATURES["s02p"])


def test_band_keys_shape():
    keys = band_keys(SIGNATURES["s01"])
    assert len(keys) == BANDS
    assert len(set(keys)) == BANDS
    assert all(
        key.startswith(f"{band}-") and len(key.split("-")[1]) == 16 for band, key in enumerate(keys)
    )
    assert band_keys(SIGNATURES["s01"], bands=4, rows=32)[0].startswith("0-")
    with pytest.raises(ValueError, match="do not fit"):
        band_keys(SIGNATURES["s01"], bands=65, rows=2)
    assert BANDS * ROWS <= NUM_PERM


def test_band_candidates_match_datasketch_lsh():
    """Our band keys find exactly the candidates datasketch's own LSH index finds."""
    lsh = MinHashLSH(num_perm=NUM_PERM, params=(BANDS, ROWS))
    for name, sig in SIGNATURES.items():
        hashvalues = np.frombuffer(sig, dtype="<u4")
        lsh.insert(name, MinHash(seed=SEED, hashvalues=hashvalues, scheme=SCHEME))
    keys = {name: set(band_keys(sig)) for name, sig in SIGNATURES.items()}
    for name, sig in SIGNATURES.items():
        query = MinHash(seed=SEED, hashvalues=np.frombuffer(sig, dtype="<u4"), scheme=SCHEME)
        ours = {other for other, theirs in keys.items() if keys[name] & theirs}
        assert ours == set(lsh.query(query))


def test_every_flagged_copy_is_a_band_candidate():
    for pair in PAIRS["pairs"]:
        a, b = SIGNATURES[pair["a"]], SIGNATURES[pair["b"]]
        if similarity(a, b) >= COPY_THRESHOLD:
            assert set(band_keys(a)) & set(band_keys(b)), pair


@pytest.mark.parametrize(
    ("jaccard", "expected"),
    [
        # 1 - (1 - J**2)**64, worked by hand.
        (0.2, 1 - 0.96**64),
        (0.3, 1 - 0.91**64),
        (0.01, 1 - 0.9999**64),
        (0.0, 0.0),
        (1.0, 1.0),
    ],
)
def test_candidate_probability(jaccard, expected):
    assert candidate_probability(jaccard) == pytest.approx(expected)


def test_band_settings_put_the_threshold_on_the_steep_part_of_the_curve():
    assert candidate_probability(COPY_THRESHOLD) == pytest.approx(0.9267, abs=1e-4)
    assert candidate_probability(0.02) < 0.03


def test_find_copies_ranks_and_filters():
    candidates = [(3, SIGNATURES["s02p"]), (1, SIGNATURES["s02w"]), (2, SIGNATURES["s02"])]
    found = find_copies(signature=SIGNATURES["s02"], candidates=candidates)
    assert [key for key, _ in found] == [2, 1]
    assert found[0][1] == 1.0
    assert find_copies(signature=SIGNATURES["s02"], candidates=candidates, threshold=1.01) == []


def test_labelled_set_is_large_and_labelled():
    labels = [pair["label"] for pair in PAIRS["pairs"]]
    assert len(labels) >= 60
    assert labels.count("copy") >= 20
    assert {pair["kind"] for pair in PAIRS["pairs"]} == {
        "wire_verbatim",
        "wire_edited",
        "wire_partial",
        "paraphrase",
        "unrelated_same_topic",
        "template",
    }


def test_precision_and_recall_on_the_labelled_set():
    tp, fp, fn = _scores(PAIRS["pairs"])
    assert tp / (tp + fp) >= PRECISION_FLOOR
    assert tp / (tp + fn) >= RECALL_FLOOR


def test_precision_and_recall_on_pairs_written_after_the_settings_were_fixed():
    tp, fp, fn = _scores([p for p in PAIRS["pairs"] if p["split"] == "holdout"])
    assert tp + fn >= 5
    assert tp / (tp + fp) >= PRECISION_FLOOR
    assert tp / (tp + fn) >= HOLDOUT_RECALL_FLOOR


@pytest.mark.parametrize("kind", ["paraphrase", "unrelated_same_topic"])
def test_paraphrases_and_other_stories_are_never_flagged(kind):
    for pair in PAIRS["pairs"]:
        if pair["kind"] == kind:
            assert similarity(SIGNATURES[pair["a"]], SIGNATURES[pair["b"]]) < 0.1, pair


def test_verbatim_copies_are_always_flagged():
    for pair in PAIRS["pairs"]:
        if pair["kind"] == "wire_verbatim":
            assert similarity(SIGNATURES[pair["a"]], SIGNATURES[pair["b"]]) > 0.8, pair


def test_signature_version_names_the_settings():
    assert str(copies.SHINGLE_SIZE) in copies.SIGNATURE_VERSION
    assert str(NUM_PERM) in copies.SIGNATURE_VERSION
