"""Table-driven tests of the outcome and independence rules."""

import pytest

from sources.domain.rules import derive_outcome, final_outcome, find_dependence
from sources.domain.vocab import Outcome, Relation

C, P, X, N = (
    Relation.CORROBORATES,
    Relation.PARTLY_CORROBORATES,
    Relation.CONTRADICTS,
    Relation.CONTEXT,
)


@pytest.mark.parametrize(
    ("relations", "expected"),
    [
        ([], Outcome.PENDING),
        ([N], Outcome.PENDING),
        ([N, N], Outcome.PENDING),
        ([C], Outcome.CORROBORATED),
        ([C, N], Outcome.CORROBORATED),
        ([C, C], Outcome.CORROBORATED),
        ([P], Outcome.PARTLY_CORROBORATED),
        ([P, P, N], Outcome.PARTLY_CORROBORATED),
        ([C, P], Outcome.CORROBORATED),
        ([X], Outcome.CONTRADICTED),
        ([X, N, X], Outcome.CONTRADICTED),
        ([C, X], Outcome.DISPUTED),
        ([P, X], Outcome.CONTRADICTED),
        ([P, P, X, N], Outcome.CONTRADICTED),
        ([C, P, X, N], Outcome.DISPUTED),
    ],
)
def test_derive_outcome(relations, expected):
    assert derive_outcome(relations) == expected


def test_derive_outcome_rejects_unknown_relation():
    with pytest.raises(ValueError, match="unknown relation"):
        derive_outcome(["confirms"])


@pytest.mark.parametrize(
    ("derived", "verdict", "expected"),
    [
        (Outcome.PENDING, None, Outcome.PENDING),
        (Outcome.CORROBORATED, "", Outcome.CORROBORATED),
        (Outcome.CORROBORATED, Outcome.RETRACTED, Outcome.RETRACTED),
        (Outcome.DISPUTED, Outcome.CONTRADICTED, Outcome.CONTRADICTED),
        (Outcome.PENDING, Outcome.UNVERIFIABLE, Outcome.UNVERIFIABLE),
    ],
)
def test_verdict_takes_precedence(derived, verdict, expected):
    assert final_outcome(derived, verdict) == expected


def test_final_outcome_rejects_unknown_verdict():
    with pytest.raises(ValueError):
        final_outcome(Outcome.PENDING, "true-ish")


CLAIM_ARTICLE = 1
# 2 cites 1; 3 cites 2; 4 cites 3; 5 and 6 cite each other; 7 cites nothing.
CITATIONS = {2: [1], 3: [2], 4: [3], 5: [6], 6: [5]}


@pytest.mark.parametrize(
    ("evidence", "code", "chain"),
    [
        # Independent: unrelated source and article, no citations.
        ({"evidence_source": 99, "evidence_article": 7, "evidence_cites": []}, None, None),
        ({"evidence_source": None, "evidence_article": None, "evidence_cites": []}, None, None),
        # A citation cycle that never reaches the claim's article.
        ({"evidence_source": None, "evidence_article": 5, "evidence_cites": [6]}, None, None),
        # From a source the claim rests on.
        (
            {"evidence_source": 10, "evidence_article": None, "evidence_cites": []},
            "same_source",
            (),
        ),
        # From the claim's own article.
        (
            {"evidence_source": None, "evidence_article": 1, "evidence_cites": []},
            "same_article",
            (),
        ),
        # Cites the claim's article directly.
        (
            {"evidence_source": None, "evidence_article": None, "evidence_cites": [1]},
            "cites_claim_article",
            (1,),
        ),
        # Its article cites the claim's article.
        (
            {"evidence_source": None, "evidence_article": 2, "evidence_cites": []},
            "cites_claim_article",
            (2, 1),
        ),
        # Chain of length 2: evidence cites 2, which cites 1.
        (
            {"evidence_source": None, "evidence_article": None, "evidence_cites": [2]},
            "cites_claim_article",
            (2, 1),
        ),
        # Chain of length 3 through its own article: 4 -> 3 -> 2 -> 1.
        (
            {"evidence_source": None, "evidence_article": 4, "evidence_cites": []},
            "cites_claim_article",
            (4, 3, 2, 1),
        ),
        # Several starts: the shortest chain is reported.
        (
            {"evidence_source": None, "evidence_article": 4, "evidence_cites": [2, 7]},
            "cites_claim_article",
            (2, 1),
        ),
    ],
)
def test_find_dependence(evidence, code, chain):
    found = find_dependence(
        claim_article=CLAIM_ARTICLE, claim_sources=[10, 11], citations=CITATIONS, **evidence
    )
    if code is None:
        assert found is None
    else:
        assert found.code == code
        assert found.chain == chain
        assert found.message


def test_dependence_message_counts_the_hops():
    found = find_dependence(
        claim_article=1,
        claim_sources=[],
        evidence_source=None,
        evidence_article=None,
        evidence_cites=[3],
        citations=CITATIONS,
    )
    assert "3 citations" in found.message
