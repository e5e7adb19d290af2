"""Networks, basis, relay confirmations and copy rulings travel in the exchange format.

The copy flags themselves are not exported: the importer's copy check finds
them again from the texts, and the rulings are applied to them. So
``export(import(export(x))) == export(x)``, and the imported claims are
judged as the originals were.
"""

from __future__ import annotations

import json

import pytest

from sources import services
from sources.domain.origins import Reason
from sources.domain.vocab import Basis, CopyRuling, Outcome
from sources.exchange.exporter import export_bytes, export_document
from sources.exchange.formats import ExchangeError
from sources.exchange.importer import import_file
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import Article, Claim, CopyFlag, EvidenceLink, Source
from tests.exchange.conftest import wipe_newsroom
from tests.factories import OutletFactory, UserFactory
from tests.origins_fixture import build_origins

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    editor = UserFactory(username="ex-editor")
    checker = UserFactory(username="ex-checker")
    found = build_origins(
        source=services.source_create(codename="LARCH", descriptor="a source in Hyesan"),
        peer=services.source_create(codename="PINE", descriptor="a trader in Hyesan"),
        outlet=OutletFactory(name="Daily NK", slug="daily-nk"),
        wire_outlet=OutletFactory(name="Northeast Wire", slug="northeast-wire"),
        editor=editor,
        checker=checker,
    )
    services.copy_rule(
        flag=CopyFlag.objects.get(),
        ruling=CopyRuling.COPY,
        reason="The same sentences with a dateline added.",
        actor=checker,
    )
    services.link_relay_confirm(
        link=found.relay_link, reason="The group named its witness.", actor=checker
    )
    return found


def _judged():
    return sorted(
        EvidenceLink.objects.values_list(
            "claim__external_id", "evidence__external_id", "is_independent", "independence"
        )
    )


def test_the_origins_round_trip_through_json_and_the_zip(world):
    first_json, first_zip = export_bytes("json"), export_bytes("csv")
    document = json.loads(first_json)
    assert document["networks"] == [{"name": "Hyesan traders", "kind": "network", "notes": ""}]
    assert {row["codename"]: row["network"] for row in document["sources"]} == {
        "LARCH": "Hyesan traders",
        "PINE": "Hyesan traders",
    }
    assert {row["basis"] for row in document["evidence"]} == {Basis.RELAYED, Basis.UNKNOWN}
    [ruling] = document["copy_rulings"]
    keys = dict(Article.objects.values_list("pk", "external_id"))
    assert (ruling["article"], ruling["copy_of"], ruling["ruling"]) == (
        keys[world.wire.pk],
        keys[world.ours.pk],
        CopyRuling.COPY,
    )
    assert ruling["claim"] is None and ruling["ruled_by"] == "ex-checker"
    confirmed = [row for row in document["links"] if row["relay_confirmed_at"]]
    assert [row["relay_reason"] for row in confirmed] == ["The group named its witness."]
    judged = _judged()
    claim = Claim.objects.get()
    figures = (claim.outcome, claim.independent_origins, claim.likely_copies)
    assert figures == (Outcome.CORROBORATED, 1, 0)

    for payload, name in ((first_json, "export.json"), (first_zip, "export.zip")):
        wipe_newsroom()
        import_file(payload, name=name)
        assert export_bytes("json") == first_json, name
        assert _judged() == judged, name
        claim = Claim.objects.get()
        assert (claim.outcome, claim.independent_origins, claim.likely_copies) == figures
        flag = CopyFlag.objects.get()
        assert (flag.ruling, flag.ruled_by.username, flag.score > 0.2) == (
            CopyRuling.COPY,
            "ex-checker",
            True,
        )
        assert rollup_differences() == []
        assert claim_differences([claim.pk]) == []
    assert export_bytes("csv") == first_zip


def test_importing_twice_changes_nothing_and_a_ruling_names_one_text(world):
    first = export_bytes("json")
    result = import_file(first, name="again.json")
    assert result.created == 0
    assert result.counts["copy_rulings"] == {"created": 0, "unchanged": 1}
    document = json.loads(first)
    document["copy_rulings"][0]["claim"] = document["claims"][0]["external_id"]
    with pytest.raises(ExchangeError) as refused:
        import_file(json.dumps(document).encode(), name="both.json")
    assert [(p.where, p.field) for p in refused.value.problems] == [
        ("copy_rulings row 1", "article")
    ]


def test_networks_are_left_out_for_viewers_who_may_not_see_them(world):
    from sources import roles

    reporter = UserFactory(username="ex-reporter", roles=[roles.REPORTER])
    Source.objects.update(handler=reporter)
    exported = export_document(viewer=reporter)
    assert exported["networks"] == []
    assert {row["network"] for row in exported["sources"]} == {None}
    editor = UserFactory(username="ex-editor-2", roles=[roles.EDITOR])
    assert export_document(viewer=editor)["networks"][0]["name"] == "Hyesan traders"


def test_an_unconfirmed_relay_stays_not_established_after_import(world):
    EvidenceLink.objects.filter(pk=world.relay_link.pk).update(
        relay_confirmed_at=None, relay_confirmed_by=None, relay_reason=""
    )
    services.claims_recompute(claim_ids=[world.claim.pk])
    first = export_bytes("json")
    wipe_newsroom()
    import_file(first, name="export.json")
    relay = EvidenceLink.objects.get(evidence__basis=Basis.RELAYED)
    assert relay.independence == Reason.NOT_ESTABLISHED
    assert Claim.objects.get().not_established == 1
