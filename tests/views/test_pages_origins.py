"""Independent origins on the pages: basis, reasons, relay confirmation, copy rulings, networks."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from sources import roles, services
from sources.domain.vocab import CopyRuling, Outcome, Relation
from sources.models import Claim, CopyFlag, EvidenceLink, Network, Source
from tests.factories import ArticleFactory, OutletFactory, SourceFactory, UserFactory
from tests.origins_fixture import build_origins

pytestmark = pytest.mark.django_db


@pytest.fixture
def found(editor, fact_checker):
    return build_origins(
        source=SourceFactory(codename="LARCH"),
        peer=SourceFactory(codename="PINE"),
        outlet=OutletFactory(),
        wire_outlet=OutletFactory(),
        editor=editor,
        checker=fact_checker,
    )


def _page(client, user, claim) -> str:
    client.force_login(user)
    response = client.get(reverse("sources:claim_detail", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_claim_page_shows_what_awaits_a_fact_checker_with_the_forms(
    client, found, fact_checker
):
    html = _page(client, fact_checker, found.claim)
    assert "How its originator knew:</strong> Relaying another outlet or organisation" in html
    assert (
        f'Likely copy of article <a href="/articles/{found.ours.pk}/">{found.ours.pk}</a>' in html
    )
    assert "Awaiting review — does not count yet" in html
    assert "Independence not established" in html
    flag = CopyFlag.objects.get()
    assert reverse("sources:claim_copy_rule", args=[found.claim.pk, flag.pk]) in html
    relay = reverse("sources:claim_relay_confirm", args=[found.claim.pk, found.relay_link.pk])
    assert relay in html


def test_a_reporter_sees_the_checks_but_not_the_forms(client, found, reporter):
    html = _page(client, reporter, found.claim)
    assert "Independence not established" in html and "Likely copy of article" in html
    assert "Record the ruling" not in html and "Confirm it is independent" not in html
    url = reverse("sources:claim_relay_confirm", args=[found.claim.pk, found.relay_link.pk])
    assert client.post(url, {f"relay-{found.relay_link.pk}-reason": "Fine."}).status_code == 403
    assert not EvidenceLink.objects.filter(relay_confirmed_at__isnull=False).exists()


def test_confirming_a_relay_on_the_page_makes_it_count(client, found, fact_checker):
    client.force_login(fact_checker)
    link = found.relay_link
    url = reverse("sources:claim_relay_confirm", args=[found.claim.pk, link.pk])
    refused = client.post(url, {f"relay-{link.pk}-reason": ""})
    assert refused.status_code == 400
    assert f'id="id_relay-{link.pk}-reason_error"' in refused.content.decode()
    done = client.post(url, {f"relay-{link.pk}-reason": "The group named its witness to us."})
    assert done.status_code == 302 and done["Location"].endswith(f"#link-{link.pk}")
    link = EvidenceLink.objects.get(pk=link.pk)
    assert link.is_independent and link.relay_confirmed_by == fact_checker
    assert Claim.objects.get(pk=found.claim.pk).outcome == Outcome.CORROBORATED
    html = _page(client, fact_checker, found.claim)
    assert "Relay confirmed independent by checker" in html  # their own name
    other = UserFactory(username="checker-2", roles=[roles.FACT_CHECKER])
    assert "Relay confirmed independent by newsroom staff" in _page(client, other, found.claim)
    assert "corroborated by 1 independent origin (1 item)" in html.lower()


def test_ruling_not_a_copy_on_the_page_makes_the_link_count(client, found, fact_checker):
    client.force_login(fact_checker)
    flag = CopyFlag.objects.get()
    url = reverse("sources:claim_copy_rule", args=[found.claim.pk, flag.pk])
    prefix = f"flag-{flag.pk}"
    assert (
        client.post(url, {f"{prefix}-ruling": "maybe", f"{prefix}-reason": "?"}).status_code == 400
    )
    done = client.post(
        url, {f"{prefix}-ruling": CopyRuling.NOT_COPY, f"{prefix}-reason": "Its own reporter."}
    )
    assert done.status_code == 302
    assert CopyFlag.objects.get().ruling == CopyRuling.NOT_COPY
    assert EvidenceLink.objects.get(pk=found.copy_link.pk).is_independent
    html = _page(client, fact_checker, found.claim)
    assert "Ruled <strong>not a copy</strong>" in html
    other = services.claim_file(
        article=ArticleFactory(),
        text="Another.",
        attributions=[services.AttributionSpec(source=SourceFactory(codename="OAK"))],
    )
    wrong = reverse("sources:claim_copy_rule", args=[other.pk, flag.pk])
    assert (
        client.post(
            wrong, {f"{prefix}-ruling": CopyRuling.COPY, f"{prefix}-reason": "x"}
        ).status_code
        == 404
    )


def test_the_outcome_card_counts_origins_not_items(client, editor):
    larch, pine, wren, oak = (
        SourceFactory(codename=name) for name in ("LARCH", "PINE", "WREN", "OAK")
    )
    claim = services.claim_file(
        article=ArticleFactory(published_on=datetime.date(2016, 8, 25)),
        text="Cadres sold meth at 14,000 RMB a kilogram.",
        attributions=[services.AttributionSpec(source=larch)],
    )
    network = services.network_create(name="Musan couriers", actor=editor)
    services.network_members_set(network=network, sources=[pine, wren], actor=editor)
    for day, source in ((1, pine), (2, wren), (3, oak), (4, oak)):
        services.evidence_record_and_link(
            claim=claim,
            kind="testimony",
            summary=f"Account {day}.",
            observed_on=datetime.date(2017, 1, day),
            source=source,
            relation=Relation.CORROBORATES,
            recorded_by=None,
        )
    html = _page(client, editor, claim)
    # PINE and WREN are one network: 2 origins, 4 items.
    assert "Corroborated by 2 independent origins (4 items)" in html


# Networks -------------------------------------------------------------------------------


def test_an_editor_creates_a_network_sets_its_sources_and_deletes_it(client, editor):
    larch, pine = SourceFactory(codename="LARCH"), SourceFactory(codename="PINE")
    client.force_login(editor)
    assert client.get(reverse("sources:network_list")).status_code == 200
    created = client.post(
        reverse("sources:network_list"), {"name": "Hyesan traders", "kind": "network"}
    )
    network = Network.objects.get()
    assert created["Location"] == reverse("sources:network_detail", args=[network.pk])
    duplicate = client.post(
        reverse("sources:network_list"), {"name": "Hyesan traders", "kind": "network"}
    )
    assert duplicate.status_code == 400 and Network.objects.count() == 1
    detail = reverse("sources:network_detail", args=[network.pk])
    unknown = client.post(detail, {"action": "members", "codenames": "LARCH, NOBODY"})
    assert unknown.status_code == 400 and "NOBODY" in unknown.content.decode()
    saved = client.post(detail, {"action": "members", "codenames": "larch, PINE"})
    assert saved.status_code == 302
    assert set(Source.objects.filter(network=network)) == {larch, pine}
    page = client.get(detail).content.decode()
    assert "Same network as LARCH (Hyesan traders)" in page
    renamed = client.post(
        detail, {"action": "edit", "name": "Hyesan rice traders", "kind": "fixer"}
    )
    assert renamed.status_code == 302 and Network.objects.get().kind == "fixer"
    source_page = client.get(reverse("sources:source_detail", args=[pine.pk])).content.decode()
    assert "Hyesan rice traders" in source_page
    gone = client.post(reverse("sources:network_delete", args=[network.pk]))
    assert gone.status_code == 302 and not Network.objects.exists()
    assert Source.objects.get(pk=pine.pk).network_id is None


def test_fact_checkers_read_networks_and_reporters_do_not(client, editor, fact_checker, reporter):
    network = services.network_create(name="Hyesan traders", actor=editor)
    detail = reverse("sources:network_detail", args=[network.pk])
    client.force_login(fact_checker)
    page = client.get(detail)
    assert page.status_code == 200 and "Save its sources" not in page.content.decode()
    assert client.post(detail, {"action": "edit", "name": "Renamed"}).status_code == 403
    assert client.post(reverse("sources:network_delete", args=[network.pk])).status_code == 403
    client.force_login(reporter)
    assert client.get(reverse("sources:network_list")).status_code == 403
    assert Network.objects.get().name == "Hyesan traders"
