"""Independent origins in the API: basis, networks, per-claim origins, rulings and relays."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.domain.origins import Reason
from sources.domain.vocab import Basis, CopyRuling, Outcome
from sources.models import CopyFlag, EvidenceLink
from tests.api.conftest import client_for
from tests.factories import OutletFactory
from tests.origins_fixture import build_origins

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(newsroom, editor, fact_checker):
    return build_origins(
        source=newsroom.reporter_source,
        peer=newsroom.other_source,
        outlet=OutletFactory(),
        wire_outlet=OutletFactory(),
        editor=editor,
        checker=fact_checker,
    )


def test_claims_carry_their_origins_and_links_their_standing(as_checker, found):
    claim = as_checker.get(reverse("api:claim-detail", args=[found.claim.pk])).json()
    assert (claim["independent_origins"], claim["not_established"], claim["likely_copies"]) == (
        0,
        1,
        1,
    )
    links = as_checker.get(reverse("api:link-list"), {"claim": found.claim.pk}).json()["results"]
    by_id = {row["id"]: row for row in links}
    relay = by_id[found.relay_link.pk]
    assert (relay["independence"], relay["predates_claim"], relay["relay_confirmed_at"]) == (
        Reason.NOT_ESTABLISHED,
        False,
        None,
    )
    assert by_id[found.copy_link.pk]["independence"] == Reason.LIKELY_COPY
    evidence = as_checker.get(reverse("api:evidence-detail", args=[found.relay_link.evidence_id]))
    assert evidence.json()["basis"] == Basis.RELAYED


def test_a_sources_network_is_shown_only_to_those_who_may_see_it(
    as_reporter, as_editor, as_checker, found, newsroom
):
    url = reverse("api:source-detail", args=[newsroom.reporter_source.pk])
    assert as_editor.get(url).json()["network"] == "Hyesan traders"
    assert as_checker.get(url).json()["network"] == "Hyesan traders"
    assert "network" not in as_reporter.get(url).json()


def test_a_fact_checker_rules_on_a_copy_and_a_reporter_may_not(as_checker, as_reporter, found):
    flag = CopyFlag.objects.get()
    listed = as_checker.get(reverse("api:copyflag-list"), {"ruled": "false"}).json()["results"]
    assert [row["id"] for row in listed] == [flag.pk]
    url = reverse("api:copyflag-rule", args=[flag.pk])
    body = {"ruling": CopyRuling.NOT_COPY, "reason": "Its own stringer was there."}
    assert as_reporter.post(url, body, format="json").status_code == 403
    missing = as_checker.post(url, {"ruling": CopyRuling.COPY}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()
    done = as_checker.post(url, body, format="json")
    assert done.status_code == 200
    assert (done.json()["ruling"], done.json()["ruled_by"]) == (CopyRuling.NOT_COPY, "checker")
    assert EvidenceLink.objects.get(pk=found.copy_link.pk).is_independent
    claim = as_checker.get(reverse("api:claim-detail", args=[found.claim.pk])).json()
    assert (claim["outcome"], claim["independent_origins"], claim["likely_copies"]) == (
        Outcome.CORROBORATED,
        1,
        0,
    )


def test_a_fact_checker_confirms_a_relay(as_checker, as_reporter, found, editor):
    url = reverse("api:link-confirm-relay", args=[found.relay_link.pk])
    assert as_reporter.post(url, {"reason": "Fine."}, format="json").status_code == 403
    assert as_checker.post(url, {"reason": ""}, format="json").status_code == 400
    done = as_checker.post(url, {"reason": "The group named its witness."}, format="json")
    assert done.status_code == 200
    assert done.json()["is_independent"] is True
    assert done.json()["relay_reason"] == "The group named its witness."
    # An editor reads who confirmed it; the relay of a link that cites nothing is refused twice.
    row = client_for(editor).get(reverse("api:link-detail", args=[found.relay_link.pk])).json()
    assert row["relay_confirmed_by"] == "checker"
    cited = as_checker.post(
        reverse("api:link-confirm-relay", args=[found.copy_link.pk]),
        {"reason": "Not a relay."},
        format="json",
    )
    assert cited.status_code == 400


def test_evidence_is_recorded_with_its_basis(as_checker):
    response = as_checker.post(
        reverse("api:evidence-list"),
        {
            "kind": "testimony",
            "summary": "A defector saw the deal.",
            "observed_on": "2017-03-01",
            "basis": Basis.WITNESSED,
        },
        format="json",
    )
    assert response.status_code == 201 and response.json()["basis"] == Basis.WITNESSED
    refused = as_checker.post(
        reverse("api:evidence-list"),
        {"kind": "testimony", "summary": "x", "observed_on": "2017-03-01", "basis": "rumour"},
        format="json",
    )
    assert refused.status_code == 400 and "basis" in refused.json()
