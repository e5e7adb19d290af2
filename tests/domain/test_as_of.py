"""A claim's record as of a day, and the rollup counts already-public and expired claims make.

Expected values are worked out by hand from the dates in each row.
"""

from __future__ import annotations

import datetime

import pytest

from sources.domain.as_of import (
    DatedLink,
    claim_as_of,
    expired_from_deadlines,
    is_expired_outcome,
    latest_verdict,
    median_of_histogram,
)
from sources.domain.rules import Contribution, add_contribution, empty_counts
from sources.domain.vocab import Outcome, Relation

D = datetime.date
PUBLISHED = D(2016, 8, 25)
CHECK_BY = D(2018, 8, 25)
C, PC, X, N = (
    Relation.CORROBORATES,
    Relation.PARTLY_CORROBORATES,
    Relation.CONTRADICTS,
    Relation.CONTEXT,
)


def link(n, relation, day, counts=True, **kwargs):
    return DatedLink(id=n, relation=relation, counts=counts, observed_on=day, **kwargs)


# (links, verdict, as of) -> (outcome, already public, expired, origins, days to corroboration)
CASES = [
    ([], None, D(2017, 1, 1), (Outcome.PENDING, False, False, 0, None)),
    ([], None, D(2018, 8, 25), (Outcome.PENDING, False, False, 0, None)),
    ([], None, D(2018, 8, 26), (Outcome.PENDING, False, True, 0, None)),
    ([link(1, C, D(2017, 6, 2))], None, D(2017, 6, 1), (Outcome.PENDING, False, False, 0, None)),
    (
        [link(1, C, D(2017, 6, 2))],
        None,
        D(2017, 6, 2),
        (Outcome.CORROBORATED, False, False, 1, 281),
    ),
    # Settled the day it was published: not already public (dates carry no hour).
    ([link(1, C, PUBLISHED)], None, D(2017, 1, 1), (Outcome.CORROBORATED, False, False, 1, 0)),
    (
        [link(1, C, D(2016, 7, 15))],
        None,
        D(2019, 1, 1),
        (Outcome.CORROBORATED, True, False, 1, 0),
    ),
    # A contradiction that predates the claim makes it already public too.
    (
        [link(1, X, D(2016, 1, 5))],
        None,
        D(2019, 1, 1),
        (Outcome.CONTRADICTED, True, False, 0, None),
    ),
    # Context settles nothing; a dependent link counts for nothing.
    (
        [link(1, N, D(2016, 1, 5)), link(2, C, D(2016, 9, 1), counts=False)],
        None,
        D(2019, 1, 1),
        (Outcome.PENDING, False, True, 0, None),
    ),
    # A verdict in force that day decides; it never makes a claim expired.
    ([], Outcome.UNVERIFIABLE, D(2019, 1, 1), (Outcome.UNVERIFIABLE, False, False, 0, None)),
    (
        [link(1, C, D(2017, 1, 1)), link(2, X, D(2017, 3, 1))],
        None,
        D(2017, 2, 1),
        (Outcome.CORROBORATED, False, False, 1, 129),
    ),
    (
        [link(1, C, D(2017, 1, 1)), link(2, X, D(2017, 3, 1))],
        None,
        D(2017, 3, 1),
        (Outcome.DISPUTED, False, False, 1, 129),
    ),
    # Two supporting links from one source are one origin; from two sources, two.
    (
        [link(1, PC, D(2017, 1, 1), source_id=7), link(2, C, D(2017, 2, 1), source_id=7)],
        None,
        D(2018, 1, 1),
        (Outcome.CORROBORATED, False, False, 1, 129),
    ),
    (
        [link(1, C, D(2017, 1, 1), source_id=7), link(2, C, D(2017, 2, 1), source_id=8)],
        None,
        D(2018, 1, 1),
        (Outcome.CORROBORATED, False, False, 2, 129),
    ),
]


@pytest.mark.parametrize(("links", "verdict", "as_of", "expected"), CASES)
def test_claim_as_of(links, verdict, as_of, expected):
    found = claim_as_of(
        published_on=PUBLISHED, check_by=CHECK_BY, links=links, verdict=verdict, as_of=as_of
    )
    assert (
        found.outcome,
        found.already_public,
        found.expired,
        found.independent_origins,
        found.days_to_corroboration,
    ) == expected


def test_a_claim_not_yet_published_is_not_in_the_record():
    assert (
        claim_as_of(
            published_on=PUBLISHED, check_by=CHECK_BY, links=[], verdict=None, as_of=D(2016, 8, 24)
        )
        is None
    )


def test_a_minimum_of_two_origins_waits_for_the_second():
    links = [link(1, C, D(2017, 1, 1), source_id=7), link(2, C, D(2017, 5, 1), source_id=8)]
    kwargs = dict(published_on=PUBLISHED, check_by=CHECK_BY, links=links, verdict=None)
    before = claim_as_of(**kwargs, as_of=D(2017, 4, 30), min_independent_origins=2)
    after = claim_as_of(**kwargs, as_of=D(2017, 5, 1), min_independent_origins=2)
    assert (before.outcome, before.independent_origins) == (Outcome.PENDING, 1)
    # Supported from 1 May 2017: 249 days after 25 August 2016.
    assert (after.outcome, after.first_settled_on, after.days_to_corroboration) == (
        Outcome.CORROBORATED,
        D(2017, 5, 1),
        249,
    )


def test_expiry_needs_a_pending_claim_past_its_day():
    day = D(2018, 9, 1)
    assert is_expired_outcome(outcome="pending", already_public=False, check_by=CHECK_BY, as_of=day)
    assert not is_expired_outcome(outcome="pending", already_public=False, check_by=None, as_of=day)
    assert not is_expired_outcome(
        outcome="disputed", already_public=False, check_by=CHECK_BY, as_of=day
    )


def test_expired_are_counted_from_the_deadlines_histogram():
    deadlines = {"2018-08-25": 2, "2018-09-01": 1, "2019-03-10": 4}
    assert expired_from_deadlines(deadlines, as_of=D(2018, 8, 25)) == 0
    assert expired_from_deadlines(deadlines, as_of=D(2018, 9, 1)) == 2
    assert expired_from_deadlines(deadlines, as_of=D(2018, 9, 2)) == 3
    assert expired_from_deadlines(deadlines, as_of=D(2030, 1, 1)) == 7
    assert median_of_histogram({"1": 3, "2": 1}) == 1
    assert median_of_histogram({}) is None


def test_the_newest_verdict_decided_before_the_cutoff_rules():
    utc = datetime.UTC
    verdicts = [
        (datetime.datetime(2018, 2, 1, 12, tzinfo=utc), 1, Outcome.CONTRADICTED),
        (datetime.datetime(2018, 3, 1, 12, tzinfo=utc), 2, Outcome.RETRACTED),
        (datetime.datetime(2018, 3, 1, 12, tzinfo=utc), 3, Outcome.CORROBORATED),
    ]
    assert latest_verdict(verdicts, cutoff=datetime.datetime(2018, 1, 1, tzinfo=utc)) is None
    assert latest_verdict(verdicts, cutoff=datetime.datetime(2018, 2, 2, tzinfo=utc)) == (
        Outcome.CONTRADICTED
    )
    # Two at the same instant: the one recorded last (higher id) rules.
    assert latest_verdict(verdicts, cutoff=datetime.datetime(2019, 1, 1, tzinfo=utc)) == (
        Outcome.CORROBORATED
    )


def _contribution(outcome, *, public=False, check_by=None, origins=0, days=None):
    return Contribution(
        year=2016,
        outcome=outcome,
        corroborating_links=1 if outcome == Outcome.CORROBORATED else 0,
        contradicting_links=0,
        dependent_links=1,
        days_to_corroboration=days,
        settled_before_publication=public,
        check_by=check_by,
        independent_origins=origins,
    )


def test_an_already_public_claim_adds_to_the_claims_and_nothing_else():
    counts = empty_counts()
    add_contribution(counts, _contribution(Outcome.CORROBORATED, public=True, origins=1, days=0))
    add_contribution(counts, _contribution(Outcome.CORROBORATED, origins=2, days=30))
    add_contribution(counts, _contribution(Outcome.PENDING, check_by=D(2018, 8, 25)))
    assert counts["claims"] == 3
    assert (counts[Outcome.CORROBORATED], counts[Outcome.PENDING]) == (1, 1)
    assert counts["settled_before_publication"] == 1
    assert counts["by_year"] == {"2016": {Outcome.CORROBORATED: 1, Outcome.PENDING: 1}}
    assert counts["days"] == {30: 1}
    assert counts["origins"] == {2: 1}
    assert counts["deadlines"] == {"2018-08-25": 1}
    # Link totals are totals of links: every claim's count.
    assert (counts["corroborating_links"], counts["dependent_links"]) == (2, 3)
    # Taking them away again leaves nothing behind.
    add_contribution(
        counts, _contribution(Outcome.CORROBORATED, public=True, origins=1, days=0), times=-1
    )
    add_contribution(counts, _contribution(Outcome.CORROBORATED, origins=2, days=30), times=-1)
    add_contribution(counts, _contribution(Outcome.PENDING, check_by=D(2018, 8, 25)), times=-1)
    assert counts == empty_counts()
