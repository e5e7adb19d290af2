"""Table-driven and property tests of the origin-counting rule and the timing rules."""

from dataclasses import replace
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from sources.domain.origins import (
    ClaimSource,
    CopyRuling,
    EvidenceItem,
    Reason,
    Standing,
    check_by_default,
    count_origins,
    first_settled_on,
    group_origins,
    is_already_public,
    is_expired,
    outcome_with_origins,
)
from sources.domain.rules import derive_outcome
from sources.domain.vocab import Basis, Outcome, Relation

C, P, X, N = (
    Relation.CORROBORATES,
    Relation.PARTLY_CORROBORATES,
    Relation.CONTRADICTS,
    Relation.CONTEXT,
)
DAY = date(2017, 6, 1)
CLAIM_ARTICLE = 1
PINE = ClaimSource(id=10, codename="PINE", network_id=100, network_name="Hyesan traders")
SPRUCE = ClaimSource(id=11, codename="SPRUCE")
CLAIM_SOURCES = [PINE, SPRUCE]
# 2 cites 1 and 3 cites 2 (the claim's lineage); 6 cites 5; 9 is a roundup citing 5 and 7.
CITATIONS = {2: [1], 3: [2], 6: [5], 9: [5, 7]}


def item(item_id=1, relation=C, **fields):
    return EvidenceItem(id=item_id, relation=relation, observed_on=fields.pop("on", DAY), **fields)


def judge(*items, citations=CITATIONS, sources=CLAIM_SOURCES, minimum=1):
    return count_origins(
        claim_article=CLAIM_ARTICLE,
        claim_sources=sources,
        items=items,
        citations=citations,
        min_independent_origins=minimum,
    )


@pytest.mark.parametrize(
    ("fields", "code", "message"),
    [
        ({"source_id": 99, "article_id": 7}, Reason.INDEPENDENT, "Independent."),
        ({}, Reason.INDEPENDENT, "Independent."),
        # The reasons find_dependence always gave, unchanged.
        ({"source_id": 11}, Reason.SAME_SOURCE, "It comes from a source the claim rests on."),
        ({"article_id": 1}, Reason.SAME_ARTICLE, "It comes from the claim's own article."),
        ({"cites": (1,)}, Reason.CITES_CLAIM_ARTICLE, "It cites the claim's article directly."),
        (
            {"article_id": 3},
            Reason.CITES_CLAIM_ARTICLE,
            "It cites the claim's article through a chain of 2 citations.",
        ),
        # Networks: a member, or the network itself, of one of the claim's sources.
        (
            {"source_id": 12, "network_id": 100},
            Reason.SAME_NETWORK,
            "Same network as PINE (Hyesan traders).",
        ),
        ({"network_id": 100}, Reason.SAME_NETWORK, "Same network as PINE (Hyesan traders)."),
        ({"source_id": 13, "network_id": 200}, Reason.INDEPENDENT, "Independent."),
        # The claim's own source outranks its network.
        ({"source_id": 10, "network_id": 100}, Reason.SAME_SOURCE, None),
        # Relays: unknown upstream waits for a fact-checker; a named upstream is judged.
        (
            {"basis": Basis.RELAYED},
            Reason.NOT_ESTABLISHED,
            "Relayed from an unknown upstream: independence not established "
            "until a fact-checker confirms it.",
        ),
        (
            {"basis": Basis.RELAYED, "relay_confirmed": True},
            Reason.INDEPENDENT,
            "Independent: a fact-checker confirmed the relay's independence.",
        ),
        ({"basis": Basis.RELAYED, "cites": (5,)}, Reason.INDEPENDENT, "Independent."),
        ({"basis": Basis.RELAYED, "cites": (2,)}, Reason.CITES_CLAIM_ARTICLE, None),
        ({"basis": Basis.TOLD}, Reason.INDEPENDENT, "Independent."),
        # Copies found by text, and the fact-checker's rulings on them.
        (
            {"article_id": 20, "copy_of": 1},
            Reason.LIKELY_COPY,
            "Likely copy of article 1, awaiting a ruling.",
        ),
        (
            {"article_id": 20, "copy_of": 1, "copy_ruling": CopyRuling.COPY},
            Reason.COPY,
            "Ruled a copy of article 1.",
        ),
        (
            {"article_id": 20, "copy_of": 1, "copy_ruling": CopyRuling.NOT_COPY},
            Reason.INDEPENDENT,
            "Independent: ruled not a copy of article 1.",
        ),
        # Precedence: a dependence outranks a pending review, a copy flag a relay.
        ({"network_id": 100, "copy_of": 1}, Reason.SAME_NETWORK, None),
        ({"source_id": 11, "basis": Basis.RELAYED}, Reason.SAME_SOURCE, None),
        ({"copy_of": 1, "basis": Basis.RELAYED}, Reason.LIKELY_COPY, None),
        ({"copy_of": 1, "copy_ruling": CopyRuling.COPY, "basis": Basis.RELAYED}, Reason.COPY, None),
    ],
)
def test_one_item(fields, code, message):
    decision = judge(item(**fields)).decisions[0]
    assert decision.code == code
    assert decision.standing == Reason.STANDING[code]
    assert decision.counts == (code == Reason.INDEPENDENT)
    if message is not None:
        assert decision.message == message


def test_network_message_without_a_name_gives_the_codename():
    larch = ClaimSource(id=10, codename="LARCH", network_id=7)
    decision = judge(item(source_id=12, network_id=7), sources=[larch]).decisions[0]
    assert decision.message == "Same network as LARCH."


def test_network_message_names_the_first_claim_source_in_that_network():
    fir = ClaimSource(id=14, codename="FIR", network_id=100, network_name="Hyesan traders")
    decision = judge(item(network_id=100), sources=[SPRUCE, fir, PINE]).decisions[0]
    assert decision.message == "Same network as FIR (Hyesan traders)."


# Two items: the first is upstream (article 20), the second (article 21) cites it.
@pytest.mark.parametrize(
    ("upstream", "code", "message"),
    [
        (
            {"source_id": 10},
            Reason.SAME_SOURCE,
            "It draws on article 20, which carries evidence from PINE, a source the claim "
            "rests on.",
        ),
        (
            {"source_id": 12, "network_id": 100},
            Reason.SAME_NETWORK,
            "It draws on article 20, which carries evidence from the same network as "
            "PINE (Hyesan traders).",
        ),
        (
            {"copy_of": 1, "copy_ruling": CopyRuling.COPY},
            Reason.COPY,
            "It draws on article 20, ruled a copy of article 1.",
        ),
        (
            {"copy_of": 1},
            Reason.LIKELY_COPY,
            "It draws on article 20, a likely copy of article 1 awaiting a ruling.",
        ),
        (
            {"basis": Basis.RELAYED},
            Reason.NOT_ESTABLISHED,
            "It draws on article 20, whose independence is not established.",
        ),
        ({"copy_of": 1, "copy_ruling": CopyRuling.NOT_COPY}, Reason.INDEPENDENT, "Independent."),
        ({"basis": Basis.RELAYED, "relay_confirmed": True}, Reason.INDEPENDENT, "Independent."),
        ({"source_id": 99}, Reason.INDEPENDENT, "Independent."),
    ],
)
def test_an_article_passes_its_doubts_downstream(upstream, code, message):
    first = item(1, article_id=20, **upstream)
    second = item(2, source_id=98, article_id=21, cites=(20,))
    decision = judge(first, second).decisions[1]
    assert (decision.code, decision.message) == (code, message)


def test_doubt_passes_through_the_citation_graph_and_to_the_same_article():
    relayed = item(1, article_id=20, basis=Basis.RELAYED)
    same_article = item(2, article_id=20, source_id=97)
    two_hops = item(3, article_id=22)
    result = judge(relayed, same_article, two_hops, citations={22: [21], 21: [20]})
    assert [d.code for d in result.decisions] == [Reason.NOT_ESTABLISHED] * 3
    assert result.independent_origins == 0
    assert result.not_established == 3


def test_a_dependence_downstream_outranks_the_items_own_pending_review():
    ruled = item(1, article_id=20, copy_of=1, copy_ruling=CopyRuling.COPY)
    flagged_relay = item(2, article_id=21, cites=(20,), copy_of=1, basis=Basis.RELAYED)
    assert judge(ruled, flagged_relay).decisions[1].code == Reason.COPY


def test_doubt_does_not_flow_upstream():
    independent = item(1, source_id=99, article_id=20)
    relay_of_it = item(2, article_id=21, cites=(20,), basis=Basis.RELAYED, copy_of=1)
    result = judge(independent, relay_of_it)
    assert [d.code for d in result.decisions] == [Reason.INDEPENDENT, Reason.LIKELY_COPY]


@pytest.mark.parametrize(
    ("items", "citations", "origins"),
    [
        ([], {}, 0),
        ([{"source_id": 20}], {}, 1),
        # One source twice is one origin; two sources are two.
        ([{"source_id": 20}, {"source_id": 20, "article_id": 7}], {}, 1),
        ([{"source_id": 20}, {"source_id": 21}], {}, 2),
        # A network (not the claim's) stands for all its members.
        ([{"source_id": 20, "network_id": 300}, {"source_id": 21, "network_id": 300}], {}, 1),
        ([{"source_id": 20, "network_id": 300}, {"source_id": 21, "network_id": 301}], {}, 2),
        ([{"network_id": 300}, {"source_id": 21, "network_id": 300}], {}, 1),
        # Lineages: an article and whatever cites it, however indirectly.
        ([{"article_id": 5}, {"article_id": 6}], {6: [5]}, 1),
        ([{"article_id": 5}, {"article_id": 8}], {8: [6], 6: [5]}, 1),
        ([{"article_id": 5}, {"cites": (5,)}], {}, 1),
        ([{"article_id": 5}, {"article_id": 7}], {}, 2),
        # Two articles drawing on one upstream article are one lineage.
        ([{"article_id": 6}, {"article_id": 8}], {6: [5], 8: [5]}, 1),
        ([{"article_id": 6}, {"article_id": 8, "cites": (5,)}], {6: [5]}, 1),
        # A roundup that cites both, but is not evidence, joins nothing.
        ([{"article_id": 5}, {"article_id": 7}], {9: [5, 7]}, 2),
        # Counted as evidence, it draws on both: conservatively, all one origin.
        ([{"article_id": 5}, {"article_id": 7}, {"article_id": 9}], {9: [5, 7]}, 1),
        # A source and a lineage bridge: source 20's items and what cites them are one.
        (
            [
                {"source_id": 20, "article_id": 5},
                {"source_id": 20, "article_id": 7},
                {"cites": (7,)},
            ],
            {},
            1,
        ),
        ([{"source_id": 20, "article_id": 5}, {"source_id": 21, "article_id": 6}], {6: [5]}, 1),
        # Items with nothing to tie them are each their own origin.
        ([{}, {}], {}, 2),
        ([{}, {"source_id": 20}, {"article_id": 7}], {}, 3),
        # Citation cycles are harmless.
        ([{"article_id": 5}, {"article_id": 6}], {5: [6], 6: [5]}, 1),
    ],
)
def test_origins(items, citations, origins):
    evidence = [item(i, **fields) for i, fields in enumerate(items, start=1)]
    result = judge(*evidence, citations=citations)
    assert all(decision.counts for decision in result.decisions)
    assert result.independent_origins == origins
    assert result.items == len(items)
    assert sorted(i for origin in result.origins for i in origin.item_ids) == list(
        range(1, len(items) + 1)
    )


def test_origin_records_what_ties_it():
    evidence = [
        item(1, source_id=20, network_id=300, article_id=5),
        item(2, source_id=21, network_id=300),
        item(3, article_id=6),
    ]
    (origin,) = group_origins(items=evidence, citations={6: [5]})
    assert origin.item_ids == (1, 2, 3)
    assert origin.source_ids == (20, 21)
    assert origin.network_ids == (300,)
    assert origin.article_ids == (5, 6)


def test_only_supporting_counting_items_make_origins():
    result = judge(
        item(1, C, source_id=20),
        item(2, P, source_id=21),
        item(3, X, source_id=22),
        item(4, X, source_id=23),
        item(5, N, source_id=24),
        item(6, C, source_id=11),
        item(7, C, basis=Basis.RELAYED),
        item(8, X, copy_of=1),
        item(9, N, basis=Basis.RELAYED),
    )
    assert result.independent_origins == 2
    assert result.items == 2
    assert result.contradicting_origins == 2
    # Awaiting items are counted among settling links only: context never decides.
    assert result.not_established == 1
    assert result.likely_copies == 1
    assert result.summary == "2 independent origins (2 items)"
    assert result.outcome == Outcome.DISPUTED


def test_summary_is_singular_for_one():
    assert judge(item(1, source_id=20)).summary == "1 independent origin (1 item)"


@pytest.mark.parametrize(
    ("items", "minimum", "expected"),
    [
        ([], 2, Outcome.PENDING),
        ([(C, 20)], 1, Outcome.CORROBORATED),
        ([(C, 20)], 2, Outcome.PENDING),
        ([(C, 20), (C, 20)], 2, Outcome.PENDING),
        ([(C, 20), (C, 21)], 2, Outcome.CORROBORATED),
        ([(C, 20), (P, 21)], 2, Outcome.CORROBORATED),
        ([(P, 20), (P, 21)], 2, Outcome.PARTLY_CORROBORATED),
        ([(P, 20)], 2, Outcome.PENDING),
        # Support below the minimum does not stand against a contradiction.
        ([(C, 20), (X, 30)], 2, Outcome.CONTRADICTED),
        ([(C, 20), (C, 21), (X, 30)], 2, Outcome.DISPUTED),
        ([(P, 20), (P, 21), (X, 30)], 2, Outcome.CONTRADICTED),
        # One independent contradiction is enough whatever the minimum.
        ([(X, 30)], 3, Outcome.CONTRADICTED),
        ([(C, 20), (C, 21), (C, 22)], 3, Outcome.CORROBORATED),
        ([(C, 20), (C, 21), (C, 21)], 3, Outcome.PENDING),
        ([(N, 20), (N, 21)], 1, Outcome.PENDING),
    ],
)
def test_outcome_needs_the_minimum_of_origins(items, minimum, expected):
    evidence = [item(i, r, source_id=s) for i, (r, s) in enumerate(items, start=1)]
    assert judge(*evidence, minimum=minimum).outcome == expected


def test_minimum_must_be_positive():
    with pytest.raises(ValueError, match="at least 1"):
        judge(item(), minimum=0)


def test_rejects_bad_items():
    with pytest.raises(ValueError, match="unknown relation"):
        item(relation="confirms")
    with pytest.raises(ValueError, match="unknown basis"):
        item(basis="gossip")
    with pytest.raises(ValueError, match="unknown copy ruling"):
        item(copy_of=1, copy_ruling="maybe")
    with pytest.raises(ValueError, match="needs the article"):
        item(copy_ruling=CopyRuling.COPY)
    with pytest.raises(ValueError, match="unique"):
        judge(item(1), item(1))


def test_dates_of_support_and_settling():
    evidence = [
        item(1, C, source_id=20, on=date(2017, 6, 2)),
        item(2, C, source_id=20, on=date(2017, 7, 1)),
        item(3, C, source_id=21, on=date(2017, 9, 1)),
        item(4, X, source_id=22, on=date(2017, 3, 1)),
    ]
    one = judge(*evidence)
    assert (one.supported_on, one.settled_on) == (date(2017, 6, 2), date(2017, 3, 1))
    two = judge(*evidence, minimum=2)
    assert two.supported_on == date(2017, 9, 1)
    assert two.settled_on == date(2017, 3, 1)
    three = judge(*evidence, minimum=3)
    assert three.supported_on is None
    assert three.outcome == Outcome.CONTRADICTED


def test_as_of_leaves_out_later_evidence():
    evidence = [item(1, C, source_id=20, on=date(2017, 6, 2)), item(2, X, on=date(2018, 2, 1))]
    result = count_origins(
        claim_article=CLAIM_ARTICLE,
        claim_sources=CLAIM_SOURCES,
        items=evidence,
        citations={},
        as_of=date(2018, 1, 31),
    )
    assert result.outcome == Outcome.CORROBORATED
    assert [d.item_id for d in result.decisions] == [1]


def test_reference_article_worked_example():
    """The Daily NK story of 25 August 2016 (article 1), claim 1: 8 kg bought at 9,000 RMB/kg.

    LARCH ("a source in Ryanggang Province") is in the Hyesan traders network.
    """
    larch = ClaimSource(id=10, codename="LARCH", network_id=100, network_name="Hyesan traders")
    citations = {2: [1], 3: [2]}
    evidence = [
        # Oct 2016: a South Korean outlet repeats the prices, citing Daily NK.
        item(1, C, article_id=2, on=date(2016, 10, 3)),
        # Jan 2017: a wire story quotes the South Korean outlet.
        item(2, C, article_id=3, on=date(2017, 1, 9)),
        # Mar 2017: LARCH repeats the figures on a later call.
        item(3, C, source_id=10, network_id=100, basis=Basis.TOLD, on=date(2017, 3, 6)),
        # Apr 2017: PINE, another Hyesan trader, gives the same prices.
        item(4, C, source_id=12, network_id=100, basis=Basis.TOLD, on=date(2017, 4, 11)),
        # May 2017: a wire story repeats our text without citing it; the check flags it.
        item(5, C, article_id=4, copy_of=1, on=date(2017, 5, 2)),
        # May 2017: a rights group relays a defector's account; upstream unknown.
        item(6, C, article_id=5, basis=Basis.RELAYED, on=date(2017, 5, 20)),
        # Jun 2017: a defector interviewed in Seoul describes 9,000 RMB/kg purchases.
        item(7, C, source_id=30, article_id=6, basis=Basis.WITNESSED, on=date(2017, 6, 2)),
        # Jul 2017: a second outlet writes up that interview.
        item(8, C, article_id=7, cites=(6,), on=date(2017, 7, 14)),
    ]

    def run(items, minimum):
        return count_origins(
            claim_article=1,
            claim_sources=[larch],
            items=items,
            citations=citations,
            min_independent_origins=minimum,
        )

    result = run(evidence, 1)
    assert [d.code for d in result.decisions] == [
        Reason.CITES_CLAIM_ARTICLE,
        Reason.CITES_CLAIM_ARTICLE,
        Reason.SAME_SOURCE,
        Reason.SAME_NETWORK,
        Reason.LIKELY_COPY,
        Reason.NOT_ESTABLISHED,
        Reason.INDEPENDENT,
        Reason.INDEPENDENT,
    ]
    assert result.decisions[3].message == "Same network as LARCH (Hyesan traders)."
    assert result.summary == "1 independent origin (2 items)"
    assert (result.not_established, result.likely_copies) == (1, 1)
    assert result.outcome == Outcome.CORROBORATED
    assert result.supported_on == date(2017, 6, 2)
    assert (result.supported_on - date(2016, 8, 25)).days == 281

    assert run(evidence, 2).outcome == Outcome.PENDING

    # A fact-checker confirms the rights group's defector is someone else; the
    # wire story is ruled a copy.
    evidence[5] = replace(evidence[5], relay_confirmed=True)
    evidence[4] = replace(evidence[4], copy_ruling=CopyRuling.COPY)
    confirmed = run(evidence, 2)
    assert confirmed.summary == "2 independent origins (3 items)"
    assert confirmed.outcome == Outcome.CORROBORATED
    assert confirmed.supported_on == date(2017, 6, 2)
    assert confirmed.decisions[4].code == Reason.COPY

    # Feb 2018: a Chinese court record gives a much lower price for a seized batch.
    evidence.append(item(9, X, basis=Basis.DOCUMENTARY, on=date(2018, 2, 12)))
    assert run(evidence, 2).outcome == Outcome.DISPUTED
    assert run(evidence[:6] + evidence[8:], 2).outcome == Outcome.CONTRADICTED


@pytest.mark.parametrize(
    ("relations", "origins", "minimum", "expected"),
    [
        ([C, X], 1, 2, Outcome.CONTRADICTED),
        ([C, X], 2, 2, Outcome.DISPUTED),
        ([P], 1, 2, Outcome.PENDING),
        ([N], 0, 1, Outcome.PENDING),
    ],
)
def test_outcome_with_origins(relations, origins, minimum, expected):
    got = outcome_with_origins(
        relations=relations, supporting_origins=origins, min_independent_origins=minimum
    )
    assert got == expected


PUBLISHED = date(2016, 8, 25)


@pytest.mark.parametrize(
    ("settled", "as_of", "expected"),
    [
        ([], None, False),
        ([date(2016, 8, 24)], None, True),
        ([date(2016, 8, 25)], None, False),
        ([date(2017, 6, 2)], None, False),
        ([date(2017, 6, 2), date(2016, 3, 1)], None, True),
        # As of a day before the early evidence was observed, nothing settled it yet.
        ([date(2016, 3, 1)], date(2016, 2, 1), False),
    ],
)
def test_already_public(settled, as_of, expected):
    got = is_already_public(published_on=PUBLISHED, settling_observed_on=settled, as_of=as_of)
    assert got is expected


@pytest.mark.parametrize(
    ("settled", "as_of", "expected"),
    [
        ([], date(2018, 8, 25), False),
        ([], date(2018, 8, 26), True),
        ([date(2017, 6, 2)], date(2019, 1, 1), False),
        # Settled late: expired until the evidence came, then not.
        ([date(2018, 9, 1)], date(2018, 8, 30), True),
        ([date(2018, 9, 1)], date(2018, 9, 1), False),
    ],
)
def test_expired(settled, as_of, expected):
    got = is_expired(check_by=date(2018, 8, 25), settling_observed_on=settled, as_of=as_of)
    assert got is expected


def test_first_settled_on():
    days = [date(2017, 6, 2), date(2016, 10, 3), date(2018, 2, 12)]
    assert first_settled_on(settling_observed_on=days) == date(2016, 10, 3)
    assert first_settled_on(settling_observed_on=days, as_of=date(2016, 10, 2)) is None
    assert first_settled_on(settling_observed_on=[]) is None


@pytest.mark.parametrize(
    ("published", "months", "expected"),
    [
        (date(2016, 8, 25), 24, date(2018, 8, 25)),
        (date(2016, 8, 31), 6, date(2017, 2, 28)),
        (date(2019, 8, 31), 6, date(2020, 2, 29)),
        (date(2016, 2, 29), 12, date(2017, 2, 28)),
        (date(2016, 2, 29), 48, date(2020, 2, 29)),
        (date(2016, 1, 31), 1, date(2016, 2, 29)),
        (date(2016, 3, 31), 1, date(2016, 4, 30)),
        (date(2016, 12, 15), 1, date(2017, 1, 15)),
        (date(2016, 11, 30), 14, date(2018, 1, 30)),
        (date(2016, 8, 25), 0, date(2016, 8, 25)),
    ],
)
def test_check_by_default(published, months, expected):
    assert check_by_default(published_on=published, months=months) == expected


def test_check_by_default_is_24_months():
    assert check_by_default(published_on=date(2016, 8, 25)) == date(2018, 8, 25)
    with pytest.raises(ValueError):
        check_by_default(published_on=date(2016, 8, 25), months=-1)


ARTICLES = st.integers(min_value=1, max_value=8)
SOURCES = st.integers(min_value=10, max_value=15)


@st.composite
def scenarios(draw):
    networks = draw(st.dictionaries(SOURCES, st.integers(min_value=100, max_value=102)))
    claim_ids = draw(st.lists(SOURCES, max_size=2, unique=True))
    claim_sources = [
        ClaimSource(id=s, codename=f"S{s}", network_id=networks.get(s), network_name="net")
        for s in claim_ids
    ]
    citations = draw(
        st.dictionaries(st.integers(min_value=2, max_value=8), st.lists(ARTICLES, max_size=3))
    )
    items = []
    for index in range(draw(st.integers(min_value=0, max_value=6))):
        source = draw(st.none() | SOURCES)
        copy_of = draw(st.none() | st.sampled_from([1, 2]))
        items.append(
            EvidenceItem(
                id=index + 1,
                relation=draw(st.sampled_from(Relation.ALL)),
                observed_on=draw(st.dates(date(2016, 1, 1), date(2019, 1, 1))),
                source_id=source,
                network_id=networks.get(source) if source is not None else None,
                article_id=draw(st.none() | ARTICLES),
                cites=tuple(draw(st.lists(ARTICLES, max_size=2))),
                basis=draw(st.sampled_from(Basis.ALL)),
                relay_confirmed=draw(st.booleans()),
                copy_of=copy_of,
                copy_ruling=draw(st.sampled_from([None, *CopyRuling.ALL])) if copy_of else None,
            )
        )
    return claim_sources, citations, items


def _count(scenario, minimum=1, items=None):
    claim_sources, citations, base = scenario
    return count_origins(
        claim_article=1,
        claim_sources=claim_sources,
        items=base if items is None else items,
        citations=citations,
        min_independent_origins=minimum,
    )


@settings(max_examples=300, deadline=None)
@given(scenarios())
def test_with_a_minimum_of_one_the_outcome_is_the_old_rule(scenario):
    result = _count(scenario)
    _, _, items = scenario
    counting = [i.relation for i, d in zip(items, result.decisions, strict=True) if d.counts]
    assert result.outcome == derive_outcome(counting)


@settings(max_examples=300, deadline=None)
@given(scenarios(), st.data())
def test_a_copy_never_raises_the_origin_count(scenario, data):
    _, _, items = scenario
    assume(items)
    original = data.draw(st.sampled_from(items))
    kinds = ["source"] * (original.source_id is not None)
    kinds += ["network"] * (original.network_id is not None)
    kinds += ["lineage"] * (original.article_id is not None)
    assume(kinds)
    kind = data.draw(st.sampled_from(kinds))
    new_id = max(i.id for i in items) + 1
    if kind == "source":
        copy = replace(original, id=new_id)
    elif kind == "network":
        copy = replace(original, id=new_id, source_id=50)
    else:
        keep_source = data.draw(st.booleans())
        copy = replace(
            original,
            id=new_id,
            article_id=60,
            cites=(original.article_id,),
            source_id=original.source_id if keep_source else None,
            network_id=original.network_id if keep_source else None,
        )
    for minimum in (1, 2, 3):
        before = _count(scenario, minimum)
        after = _count(scenario, minimum, items=[*items, copy])
        assert after.independent_origins <= before.independent_origins
        if before.outcome != Outcome.CORROBORATED:
            assert after.outcome != Outcome.CORROBORATED
        # Nothing already judged changes its standing because a copy arrived.
        assert after.decisions[:-1] == before.decisions


@settings(max_examples=200, deadline=None)
@given(scenarios())
def test_origins_partition_the_counting_support(scenario):
    _, _, items = scenario
    result = _count(scenario)
    supporting = sorted(
        i.id
        for i, d in zip(items, result.decisions, strict=True)
        if d.counts and i.relation in Relation.SUPPORTING
    )
    assert sorted(i for o in result.origins for i in o.item_ids) == supporting
    assert result.independent_origins <= result.items == len(supporting)
    for decision in result.decisions:
        assert decision.standing in Standing.ALL


@settings(max_examples=200, deadline=None)
@given(scenarios(), st.integers(min_value=1, max_value=3))
def test_a_higher_minimum_never_helps_a_claim(scenario, minimum):
    lower, higher = _count(scenario, minimum), _count(scenario, minimum + 1)
    if higher.outcome == Outcome.CORROBORATED:
        assert lower.outcome == Outcome.CORROBORATED
    if lower.outcome == Outcome.CONTRADICTED:
        assert higher.outcome == Outcome.CONTRADICTED
    assert lower.decisions == higher.decisions
