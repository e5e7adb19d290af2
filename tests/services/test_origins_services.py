"""Independent origins through the services: networks, relays, copies, the minimum of origins.

Every write goes through ``sources.services``; after each, the stored claim
and link columns and the rollups must equal a full recomputation
(``verify_rollups``). Expected outcomes come from the rule's table in
docs/domain.md, worked by hand for each case.
"""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sources import services
from sources.domain.origins import Reason
from sources.domain.vocab import Basis, CopyRuling, Outcome, Relation
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import Claim, CopyFlag, SignatureBand, SourceRollup
from tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    UserFactory,
)
from tests.origins_fixture import OUR_STORY, PARAPHRASE, WIRE_COPY, build_origins

pytestmark = pytest.mark.django_db

DAY = datetime.date(2017, 7, 1)


def assert_no_drift() -> None:
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []


@pytest.fixture
def people():
    return UserFactory(username="editor"), UserFactory(username="checker")


def _claim(*, source, text="Cadres bought 8 kg of crystal meth at 9,000 RMB a kilogram."):
    article = ArticleFactory(published_on=datetime.date(2016, 8, 25))
    return services.claim_file(
        article=article, text=text, attributions=[services.AttributionSpec(source=source)]
    )


def _link(claim, *, relation=Relation.CORROBORATES, day=DAY, **evidence):
    evidence.setdefault("kind", "testimony")
    evidence.setdefault("summary", f"Evidence seen on {day:%d %B %Y}.")
    return services.evidence_record_and_link(
        claim=claim, observed_on=day, relation=relation, recorded_by=None, **evidence
    )


def _fresh(obj):
    return type(obj).objects.get(pk=obj.pk)


# Networks -------------------------------------------------------------------------------


def test_a_network_makes_a_peers_evidence_dependent_with_the_reason(people):
    editor, _ = people
    larch, pine = SourceFactory(codename="LARCH"), SourceFactory(codename="PINE")
    claim = _claim(source=larch)
    link = _link(claim, source=pine)
    assert _fresh(link).is_independent and _fresh(claim).outcome == Outcome.CORROBORATED

    network = services.network_create(name="Hyesan traders", actor=editor)
    services.network_members_set(network=network, sources=[larch, pine], actor=editor)
    link = _fresh(link)
    assert not link.is_independent
    assert link.independence == Reason.SAME_NETWORK
    assert link.dependence_reason == "Same network as LARCH (Hyesan traders)."
    claim = _fresh(claim)
    assert (claim.outcome, claim.independent_origins, claim.dependent_links) == (
        Outcome.PENDING,
        0,
        1,
    )
    assert SourceRollup.objects.get(source=larch).corroborated == 0
    assert_no_drift()

    # A new name re-words the reason; taking PINE out lets the evidence count again.
    services.network_update(network=network, data={"name": "Hyesan rice traders"}, actor=editor)
    assert _fresh(link).dependence_reason == "Same network as LARCH (Hyesan rice traders)."
    services.source_network_set(source=pine, network=None, actor=editor)
    assert _fresh(link).is_independent and _fresh(claim).outcome == Outcome.CORROBORATED
    assert_no_drift()

    services.network_delete(network=network, actor=editor)
    assert not _fresh(larch).network_id
    assert_no_drift()


def test_two_sources_of_one_network_are_one_origin(people):
    editor, _ = people
    larch = SourceFactory(codename="LARCH")
    pine, wren = SourceFactory(codename="PINE"), SourceFactory(codename="WREN")
    claim = _claim(source=larch)
    _link(claim, source=pine)
    _link(claim, source=wren, day=DAY + datetime.timedelta(days=3))
    assert _fresh(claim).independent_origins == 2
    network = services.network_create(name="Musan couriers", actor=editor)
    services.network_members_set(network=network, sources=[pine, wren], actor=editor)
    claim = _fresh(claim)
    # Row "two sources in the network Musan couriers": 1 origin, 2 items.
    assert (claim.independent_origins, claim.corroborating_links) == (1, 2)
    assert claim.outcome == Outcome.CORROBORATED
    assert_no_drift()


# Relays -----------------------------------------------------------------------------------


def test_a_relay_counts_only_once_a_fact_checker_confirms_it(people):
    _, checker = people
    claim = _claim(source=SourceFactory(codename="LARCH"))
    link = _link(claim, basis=Basis.RELAYED)
    link, claim = _fresh(link), _fresh(claim)
    assert (link.is_independent, link.independence) == (False, Reason.NOT_ESTABLISHED)
    assert link.dependence_reason == (
        "Relayed from an unknown upstream: independence not established "
        "until a fact-checker confirms it."
    )
    assert (claim.outcome, claim.not_established, claim.independent_origins) == (
        Outcome.PENDING,
        1,
        0,
    )
    assert_no_drift()

    with pytest.raises(ValidationError):
        services.link_relay_confirm(link=link, reason="  ", actor=checker)
    services.link_relay_confirm(
        link=link, reason="The group named its witness; not one of ours.", actor=checker
    )
    link, claim = _fresh(link), _fresh(claim)
    assert link.is_independent and link.relay_confirmed_by == checker
    assert link.relay_reason == "The group named its witness; not one of ours."
    assert (claim.outcome, claim.not_established, claim.independent_origins) == (
        Outcome.CORROBORATED,
        0,
        1,
    )
    confirmed = link.history.get(history_change_reason=link.relay_reason)
    assert (confirmed.relay_confirmed_by_id, confirmed.history_user) == (checker.pk, checker)
    assert_no_drift()


def test_a_relay_that_names_its_upstream_needs_no_confirmation_and_refuses_one(people):
    _, checker = people
    claim = _claim(source=SourceFactory(codename="LARCH"))
    upstream = ArticleFactory(published_on=datetime.date(2017, 5, 1))
    link = _link(claim, basis=Basis.RELAYED, cites=[upstream])
    assert _fresh(link).is_independent
    with pytest.raises(ValidationError):
        services.link_relay_confirm(link=link, reason="Checked.", actor=checker)
    assert _fresh(claim).outcome == Outcome.CORROBORATED
    assert_no_drift()


def test_a_basis_changed_to_relayed_rejudges_the_claim(people):
    editor, _ = people
    claim = _claim(source=SourceFactory(codename="LARCH"))
    link = _link(claim, basis=Basis.WITNESSED)
    assert _fresh(claim).outcome == Outcome.CORROBORATED
    services.evidence_update(evidence=link.evidence, data={"basis": Basis.RELAYED}, actor=editor)
    assert _fresh(claim).outcome == Outcome.PENDING
    assert _fresh(link).independence == Reason.NOT_ESTABLISHED
    with pytest.raises(ValidationError):
        services.evidence_update(evidence=link.evidence, data={"basis": "rumour"}, actor=editor)
    assert_no_drift()


# Copies -----------------------------------------------------------------------------------


def test_a_wire_copy_is_caught_by_text_and_counts_only_after_not_a_copy(people):
    editor, checker = people
    larch = SourceFactory(codename="LARCH")
    found = build_origins(
        source=larch,
        peer=SourceFactory(codename="PINE"),
        outlet=OutletFactory(),
        wire_outlet=OutletFactory(),
        editor=editor,
        checker=checker,
    )
    flag = CopyFlag.objects.get()
    assert (flag.article_id, flag.copy_of_id, flag.ruling) == (found.wire.pk, found.ours.pk, "")
    assert flag.score >= 0.2
    link = found.copy_link
    assert (link.is_independent, link.independence) == (False, Reason.LIKELY_COPY)
    assert link.dependence_reason == f"Likely copy of article {found.ours.pk}, awaiting a ruling."
    claim = found.claim
    assert (claim.outcome, claim.likely_copies, claim.not_established) == (Outcome.PENDING, 1, 1)
    assert_no_drift()

    services.copy_rule(
        flag=flag, ruling=CopyRuling.NOT_COPY, reason="Its own reporter was there.", actor=checker
    )
    link, claim = _fresh(link), _fresh(claim)
    assert link.is_independent and link.dependence_reason == ""
    assert (claim.outcome, claim.likely_copies, claim.independent_origins) == (
        Outcome.CORROBORATED,
        0,
        1,
    )
    assert_no_drift()

    services.copy_rule(
        flag=flag, ruling=CopyRuling.COPY, reason="Same sentences, no citation.", actor=checker
    )
    link, claim = _fresh(link), _fresh(claim)
    assert (link.independence, link.dependence_reason) == (
        Reason.COPY,
        f"Ruled a copy of article {found.ours.pk}.",
    )
    assert claim.outcome == Outcome.PENDING
    flag = _fresh(flag)
    assert (flag.ruling, flag.reason, flag.ruled_by) == (
        CopyRuling.COPY,
        "Same sentences, no citation.",
        checker,
    )
    assert [h.ruling for h in flag.history.order_by("history_id")][-2:] == [
        CopyRuling.NOT_COPY,
        CopyRuling.COPY,
    ]
    assert_no_drift()


def test_a_ruling_needs_a_reason_and_a_known_ruling(people):
    editor, checker = people
    found = build_origins(
        source=SourceFactory(codename="LARCH"),
        peer=SourceFactory(codename="PINE"),
        outlet=OutletFactory(),
        wire_outlet=OutletFactory(),
        editor=editor,
        checker=checker,
    )
    flag = CopyFlag.objects.get()
    with pytest.raises(ValidationError):
        services.copy_rule(flag=flag, ruling=CopyRuling.COPY, reason=" ", actor=checker)
    with pytest.raises(ValidationError):
        services.copy_rule(flag=flag, ruling="maybe", reason="Unsure.", actor=checker)
    assert _fresh(flag).ruling == "" and _fresh(found.claim).likely_copies == 1


def test_an_evidence_text_that_copies_the_claims_article_is_flagged_on_the_link(people):
    larch = SourceFactory(codename="LARCH")
    ours = services.article_create(
        outlet=OutletFactory(),
        headline="Rice prices climb",
        published_on=datetime.date(2017, 6, 5),
        body=OUR_STORY,
    )
    claim = services.claim_file(
        article=ours, text="Rice rose in Hyesan.", attributions=[services.AttributionSpec(larch)]
    )
    copied = _link(claim, summary=WIRE_COPY, kind="reporting")
    paraphrased = _link(claim, summary=PARAPHRASE, day=DAY + datetime.timedelta(days=1))
    flag = CopyFlag.objects.get()
    assert (flag.link_id, flag.copy_of_id, flag.article_id) == (copied.pk, ours.pk, None)
    assert _fresh(copied).independence == Reason.LIKELY_COPY
    assert _fresh(paraphrased).is_independent
    claim = _fresh(claim)
    assert (claim.outcome, claim.likely_copies, claim.independent_origins) == (
        Outcome.CORROBORATED,
        1,
        1,
    )
    # Rewritten in its own words, the text is no longer a likely copy: the flag goes.
    services.evidence_update(evidence=copied.evidence, data={"summary": PARAPHRASE}, actor=None)
    assert not CopyFlag.objects.exists()
    assert _fresh(claim).likely_copies == 0
    assert_no_drift()


def test_the_copy_lookup_uses_the_index_whatever_the_number_of_signatures():
    larch = SourceFactory(codename="LARCH")
    ours = services.article_create(
        outlet=OutletFactory(), headline="Ours", published_on=DAY, body=OUR_STORY
    )
    claim = services.claim_file(
        article=ours, text="Rice rose.", attributions=[services.AttributionSpec(larch)]
    )

    def link_and_count() -> int:
        evidence = services.evidence_record(
            kind="reporting", summary=WIRE_COPY, observed_on=DAY, recorded_by=None
        )
        with CaptureQueriesContext(connection) as queries:
            services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CONTEXT)
        return len(queries)

    bodies = {
        1: "Snow closed the road to Samjiyon for three days in March.",
        2: "A new cinema opened in Pyongsong with films from the fifties.",
    }

    def article_and_count(n: int) -> int:
        body = bodies[n]
        with CaptureQueriesContext(connection) as queries:
            services.article_create(
                outlet=ours.outlet, headline=f"Other {n}", published_on=DAY, body=body
            )
        return len(queries)

    few = link_and_count(), article_and_count(1)
    stored = SignatureBand.objects.count()
    notes = [EvidenceFactory(kind="data", summary=f"Note {n}") for n in range(300)]
    texts = [
        ("evidence", note.pk, f"Market note {n}: {n * 7} traders counted {n * 13} lorries.")
        for n, note in enumerate(notes)
    ]
    assert services.signatures_write_many(texts=texts) == 300
    assert SignatureBand.objects.count() == stored + 300 * 64
    many = link_and_count(), article_and_count(2)
    assert many == few
    assert CopyFlag.objects.filter(link__isnull=False).count() == 2


# The minimum of independent origins -------------------------------------------------------


def test_a_minimum_of_two_origins_needs_a_second_origin_before_support_counts(settings):
    settings.MIN_INDEPENDENT_ORIGINS = 2
    larch = SourceFactory(codename="LARCH")
    pine, wren = SourceFactory(codename="PINE"), SourceFactory(codename="WREN")
    claim = _claim(source=larch)
    _link(claim, source=pine, day=DAY)
    _link(claim, source=pine, day=DAY + datetime.timedelta(days=5))
    claim = _fresh(claim)
    # One origin (PINE, twice) is below the minimum: the support is set aside.
    assert (claim.outcome, claim.independent_origins, claim.corroborating_links) == (
        Outcome.PENDING,
        1,
        2,
    )
    assert claim.first_corroborated_on is None and claim.days_to_corroboration is None
    assert SourceRollup.objects.get(source=larch).pending == 1
    assert_no_drift()

    second = DAY + datetime.timedelta(days=10)
    _link(claim, source=wren, day=second)
    claim = _fresh(claim)
    assert (claim.outcome, claim.independent_origins) == (Outcome.CORROBORATED, 2)
    # Supported from the day the second origin arrived: 2017-07-11 less 2016-08-25.
    assert claim.first_corroborated_on == second
    assert claim.days_to_corroboration == 320
    assert SourceRollup.objects.get(source=larch).corroborated == 1
    assert_no_drift()


def test_support_below_the_minimum_cannot_dispute_a_contradiction(settings):
    larch, pine, oak = (SourceFactory(codename=name) for name in ("LARCH", "PINE", "OAK"))
    claim = _claim(source=larch)
    _link(claim, source=pine, relation=Relation.CONTRADICTS, day=DAY)
    _link(claim, source=oak, relation=Relation.CORROBORATES, day=DAY)
    # With the default of 1: a full corroboration and a contradiction dispute the claim.
    assert _fresh(claim).outcome == Outcome.DISPUTED
    assert_no_drift()

    settings.MIN_INDEPENDENT_ORIGINS = 2
    services.claims_recompute(claim_ids=[claim.pk])
    claim = _fresh(claim)
    # One supporting origin is below 2: set aside, so the contradiction stands alone.
    assert (claim.outcome, claim.independent_origins) == (Outcome.CONTRADICTED, 1)
    assert SourceRollup.objects.get(source=larch).contradicted == 1
    assert_no_drift()

    settings.MIN_INDEPENDENT_ORIGINS = 1
    assert claim_differences([claim.pk]) != []  # stored under 2, stale under 1
    services.claims_recompute(claim_ids=[claim.pk])
    assert _fresh(claim).outcome == Outcome.DISPUTED
    assert_no_drift()
