"""Source protection: reveal and denial logging, burning, edits, the access log.

``build_world`` is the newsroom the other security test modules use too: two
desks, a confidential source with a planted identity, and one user per role.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse

from sources import permissions, roles, selectors, services
from sources.domain.vocab import Relation
from sources.models import IdentityAccessLog, Source, SourceIdentity, SourceRollup
from tests.factories import DeskFactory, EvidenceFactory, OutletFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db

CANARY_NAME = "Canary Pak Sun-hui"
CANARY_CONTACT = "wechat:canary-hyesan-7731"
CANARY_NOTES = "Canary notes: meets behind the Hyesan railway station"
CANARIES = (CANARY_NAME, CANARY_CONTACT, CANARY_NOTES, "Pak Sun-hui", "canary-hyesan-7731")
# The handling reporter's username: fact-checkers must never see it.
HANDLER = "jang.handler"


def build_world() -> SimpleNamespace:
    """Create two desks, one user per role, a source with an identity, a claim on it."""
    w = SimpleNamespace()
    w.desk = DeskFactory(name="Hyesan desk", slug="hyesan")
    w.other_desk = DeskFactory(name="Pyongyang desk", slug="pyongyang")
    w.reporter = UserFactory(username=HANDLER, roles=[roles.REPORTER])
    w.colleague = UserFactory(username="deskmate", roles=[roles.REPORTER])
    w.other_reporter = UserFactory(username="outsider", roles=[roles.REPORTER])
    w.fact_checker = UserFactory(username="checker", roles=[roles.FACT_CHECKER])
    w.editor = UserFactory(username="editor", roles=[roles.EDITOR])
    w.admin = UserFactory(username="admin", roles=[roles.ADMIN], is_staff=True, is_superuser=True)
    w.desk.members.add(w.reporter, w.colleague)
    w.other_desk.members.add(w.other_reporter)
    w.region = RegionFactory(name="Ryanggang Province", slug="ryanggang")
    w.source = services.source_create(
        codename="LARCH",
        descriptor="a source in Ryanggang Province",
        region=w.region,
        affiliation=Source.Affiliation.TRADER,
        handler=w.reporter,
        desk=w.desk,
        first_contact_on=datetime.date(2015, 3, 1),
        real_name=CANARY_NAME,
        contact=CANARY_CONTACT,
        meeting_notes=CANARY_NOTES,
        actor=w.reporter,
    )
    w.other_source = services.source_create(
        codename="PINE",
        descriptor="a source in Pyongyang",
        handler=w.other_reporter,
        desk=w.other_desk,
        actor=w.other_reporter,
    )
    w.outlet = OutletFactory(name="Daily NK", slug="daily-nk")
    w.article = services.article_create(
        outlet=w.outlet,
        headline="Security cadres sell crystal meth across the border",
        published_on=datetime.date(2016, 8, 25),
        reporter=w.colleague,
        actor=w.colleague,
    )
    w.claim = services.claim_file(
        article=w.article,
        text="Security cadres bought 8 kg of crystal meth at 9,000 RMB/kg.",
        attributions=[services.AttributionSpec(source=w.source)],
        region=w.region,
        filed_by=w.colleague,
    )
    w.evidence = EvidenceFactory(summary="Chinese court record of a 2017 seizure in Changbai")
    w.link = services.evidence_link(
        claim=w.claim,
        evidence=w.evidence,
        relation=Relation.CORROBORATES,
        recorded_by=w.fact_checker,
    )
    w.verdict = services.verdict_decide(
        claim=w.claim, outcome="corroborated", reason="Court record matches", decided_by=w.editor
    )
    w.claim.refresh_from_db()
    return w


@pytest.fixture
def world():
    return build_world()


def _client(client, user):
    client.force_login(user)
    return client


def _log(**filters):
    return list(IdentityAccessLog.objects.filter(**filters).values_list("action", flat=True))


def _no_canary(body: str):
    for canary in CANARIES:
        assert canary not in body


# Reading an identity ------------------------------------------------------------------


def test_handler_reads_identity_and_the_look_is_logged(client, world):
    response = _client(client, world.reporter).get(
        reverse("sources:identity_detail", args=[world.source.pk])
    )
    assert response.status_code == 200
    assert CANARY_NAME in response.text and CANARY_CONTACT in response.text
    assert "no-store" in response["Cache-Control"]
    entry = IdentityAccessLog.objects.get(user=world.reporter)
    assert (entry.action, entry.source, entry.reason) == (
        "reveal",
        world.source,
        "Handling reporter",
    )
    assert entry.at is not None and entry.ip_address == "127.0.0.1"


def test_editor_sees_only_the_reveal_form_until_giving_a_reason(client, world):
    c = _client(client, world.editor)
    page = c.get(reverse("sources:identity_detail", args=[world.source.pk]))
    assert page.status_code == 200
    assert "Reveal identity" in page.text
    _no_canary(page.text)
    assert _log(user=world.editor) == []

    url = reverse("sources:identity_reveal", args=[world.source.pk])
    no_reason = c.post(url, {"reason": "   "})
    assert no_reason.status_code == 400
    _no_canary(no_reason.text)
    assert _log(user=world.editor, action="reveal") == []

    revealed = c.post(url, {"reason": "Checking the source before the meth story runs"})
    assert revealed.status_code == 200
    assert CANARY_NAME in revealed.text and CANARY_NOTES in revealed.text
    assert "no-store" in revealed["Cache-Control"]
    entry = IdentityAccessLog.objects.get(user=world.editor, action="reveal")
    assert entry.reason == "Checking the source before the meth story runs"
    assert entry.source == world.source


def test_reveal_is_post_only(client, world):
    response = _client(client, world.editor).get(
        reverse("sources:identity_reveal", args=[world.source.pk])
    )
    assert response.status_code == 405
    _no_canary(response.text)


@pytest.mark.parametrize("who", ["fact_checker", "colleague"])
def test_denied_attempts_are_refused_and_logged(client, world, who):
    user = getattr(world, who)
    c = _client(client, user)
    page = c.get(reverse("sources:identity_detail", args=[world.source.pk]))
    assert page.status_code == 403
    _no_canary(page.text)
    reveal = c.post(
        reverse("sources:identity_reveal", args=[world.source.pk]), {"reason": "just curious"}
    )
    assert reveal.status_code == 403
    _no_canary(reveal.text)
    entries = IdentityAccessLog.objects.filter(user=user).order_by("id")
    assert [(e.action, e.reason) for e in entries] == [
        ("denied", "Opened the identity page"),
        ("denied", "just curious"),
    ]
    assert all(e.source == world.source for e in entries)


def test_other_desk_reporter_gets_404_and_the_probe_is_logged(client, world):
    c = _client(client, world.other_reporter)
    for name in ("identity_detail", "identity_edit", "source_burn"):
        response = c.get(reverse(f"sources:{name}", args=[world.source.pk]))
        assert response.status_code == 404
        _no_canary(response.text)
    assert _log(user=world.other_reporter) == ["denied", "denied"]
    assert c.get(reverse("sources:identity_detail", args=[999999])).status_code == 404


def test_identity_for_decides_and_logs(world):
    identity = selectors.identity_for(viewer=world.reporter, source=world.source)
    assert identity.real_name == CANARY_NAME
    with pytest.raises(PermissionDenied):
        selectors.identity_for(viewer=world.editor, source=world.source)
    assert selectors.identity_for(
        viewer=world.editor, source=world.source, reason="Legal review"
    ).contact == (CANARY_CONTACT)
    for user in (world.fact_checker, world.colleague, world.other_reporter):
        with pytest.raises(PermissionDenied):
            selectors.identity_for(viewer=user, source=world.source, reason="I insist")
    assert [
        (e.user.username, e.action)
        for e in IdentityAccessLog.objects.order_by("id").select_related("user")
    ] == [
        (HANDLER, "reveal"),
        ("editor", "denied"),
        ("editor", "reveal"),
        ("checker", "denied"),
        ("deskmate", "denied"),
        ("outsider", "denied"),
    ]


def test_fact_checker_rule_wins_over_other_roles(world):
    both = UserFactory(username="both", roles=[roles.EDITOR, roles.FACT_CHECKER])
    assert not permissions.can_reveal_identity(viewer=both, obj=world.source)
    assert not permissions.can_see_handler(viewer=both)
    with pytest.raises(PermissionDenied):
        selectors.identity_for(viewer=both, source=world.source, reason="both hats")


def test_export_leaves_identities_out_unless_allowed_and_asked(world):
    sources = [world.source, world.other_source]
    assert selectors.identities_for_export(viewer=world.fact_checker, sources=sources) == {}
    assert selectors.identities_for_export(viewer=world.editor, sources=sources) == {}
    with_reason = selectors.identities_for_export(
        viewer=world.editor, sources=sources, reason="Handover to the legal desk"
    )
    assert with_reason[world.source.pk]["real_name"] == CANARY_NAME
    assert with_reason[world.other_source.pk] == {
        "real_name": "",
        "contact": "",
        "meeting_notes": "",
    }
    handler = selectors.identities_for_export(viewer=world.reporter, sources=sources)
    assert list(handler) == [world.source.pk]
    assert _log(user=world.fact_checker) == ["denied", "denied"]
    assert sorted(_log(user=world.editor)) == ["denied", "denied", "export", "export"]


# Editing and burning ------------------------------------------------------------------


def test_handler_edits_identity_encrypted_and_logged(client, world):
    c = _client(client, world.reporter)
    url = reverse("sources:identity_edit", args=[world.source.pk])
    form = c.get(url)
    assert form.status_code == 200 and CANARY_NAME in form.text
    assert "no-store" in form["Cache-Control"]
    response = c.post(url, {"real_name": "New Name", "contact": "signal:new", "meeting_notes": ""})
    assert response.status_code == 302
    assert SourceIdentity.objects.get(source=world.source).real_name == "New Name"
    assert _log(user=world.reporter, action="edit") == ["edit"]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT real_name FROM {SourceIdentity._meta.db_table} WHERE source_id = %s",
            [world.source.pk],
        )
        assert "New Name" not in cursor.fetchone()[0]


@pytest.mark.parametrize("who", ["editor", "fact_checker", "colleague", "admin"])
def test_only_the_handler_edits_identity(client, world, who):
    c = _client(client, getattr(world, who))
    url = reverse("sources:identity_edit", args=[world.source.pk])
    response = c.post(url, {"real_name": "Forged", "contact": "", "meeting_notes": ""})
    assert response.status_code == 403
    assert SourceIdentity.objects.get(source=world.source).real_name == CANARY_NAME


def test_burning_erases_identity_and_keeps_codename_and_record(client, world):
    rollup_before = SourceRollup.objects.get(source=world.source)
    c = _client(client, world.editor)
    url = reverse("sources:source_burn", args=[world.source.pk])
    assert c.get(url).status_code == 200
    refused = c.post(url, {"reason": ""})
    assert refused.status_code == 400  # a refused form answers 400, as every form does
    assert SourceIdentity.objects.filter(source=world.source).exists()

    response = c.post(url, {"reason": "Arrest reported in Hyesan; protect the contact"})
    assert response.status_code == 302
    source = Source.objects.get(pk=world.source.pk)
    assert (source.codename, source.status) == ("LARCH", "burned")
    assert source.burned_at is not None
    assert not SourceIdentity.objects.filter(source=source).exists()
    rollup = SourceRollup.objects.get(source=source)
    assert (rollup.claims, rollup.corroborated) == (rollup_before.claims, 1)
    assert world.claim.attributions.get().source_id == source.pk
    entry = IdentityAccessLog.objects.get(action="burn")
    assert (entry.user, entry.reason) == (
        world.editor,
        "Arrest reported in Hyesan; protect the contact",
    )
    # Nothing survives: not for the handler, not in any table of the database.
    handler = client.__class__()
    handler.force_login(world.reporter)
    page = handler.get(reverse("sources:identity_detail", args=[source.pk]))
    assert page.status_code == 200
    assert "was burned" in page.text
    _no_canary(page.text)
    assert _tables_containing(CANARY_NAME) == []
    # A burned source cannot be given an identity back.
    edit = handler.post(
        reverse("sources:identity_edit", args=[source.pk]),
        {"real_name": "x", "contact": "", "meeting_notes": ""},
    )
    assert edit.status_code == 403


def _tables_containing(text: str) -> list[str]:
    """Return the tables with any text column holding ``text`` (a brute-force scan)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = connection.introspection.get_table_description(cursor, table)
            for column in columns:
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} "
                    f"WHERE CAST({connection.ops.quote_name(column.name)} AS TEXT) LIKE %s",
                    [f"%{text}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_plaintext_is_in_no_table_before_burning_either(world):
    for canary in (CANARY_NAME, CANARY_CONTACT, CANARY_NOTES):
        assert _tables_containing(canary) == []


@pytest.mark.parametrize("who", ["reporter", "fact_checker", "colleague"])
def test_only_editors_and_admins_burn(client, world, who):
    response = _client(client, getattr(world, who)).post(
        reverse("sources:source_burn", args=[world.source.pk]), {"reason": "because"}
    )
    assert response.status_code == 403
    assert SourceIdentity.objects.filter(source=world.source).exists()


# The access log -----------------------------------------------------------------------


def test_admin_reads_the_access_log(client, world):
    selectors.identity_for(viewer=world.reporter, source=world.source)
    with pytest.raises(PermissionDenied):
        selectors.identity_for(viewer=world.fact_checker, source=world.source, reason="<b>hm</b>")
    response = _client(client, world.admin).get(reverse("sources:access_log"))
    assert response.status_code == 200
    assert "Handling reporter" in response.text and "checker" in response.text
    assert "&lt;b&gt;hm&lt;/b&gt;" in response.text and "<b>hm</b>" not in response.text
    denied_only = client.get(reverse("sources:access_log"), {"action": "denied"})
    assert "Handling reporter" not in denied_only.text
    _no_canary(response.text)


@pytest.mark.parametrize("who", ["reporter", "editor", "fact_checker"])
def test_access_log_is_for_admins_only(client, world, who):
    response = _client(client, getattr(world, who)).get(reverse("sources:access_log"))
    assert response.status_code == 403
    assert selectors.access_log_for(viewer=getattr(world, who)).count() == 0


def test_access_log_query_count_does_not_grow(client, world, django_assert_num_queries):
    c = _client(client, world.admin)
    url = reverse("sources:access_log")
    c.get(url)  # warm the session
    for _ in range(3):
        services.identity_access_record(
            source=world.source, user=world.editor, action="denied", reason="x"
        )
    # session, user, count, page
    with django_assert_num_queries(4):
        assert c.get(url).status_code == 200
    for _ in range(60):
        services.identity_access_record(
            source=world.other_source, user=world.editor, action="denied", reason="y"
        )
    with django_assert_num_queries(4):
        assert c.get(url).status_code == 200


def test_access_log_in_the_admin_is_read_only_and_admin_only(client, world):
    selectors.identity_for(viewer=world.reporter, source=world.source)
    c = _client(client, world.admin)
    listing = c.get(reverse("admin:sources_identityaccesslog_changelist"))
    assert listing.status_code == 200 and "LARCH" in listing.text
    entry = IdentityAccessLog.objects.get()
    assert c.get(reverse("admin:sources_identityaccesslog_add")).status_code == 403
    assert (
        c.post(reverse("admin:sources_identityaccesslog_delete", args=[entry.pk])).status_code
        == 403
    )
    staff_editor = UserFactory(username="staffeditor", roles=[roles.EDITOR], is_staff=True)
    other = client.__class__()
    other.force_login(staff_editor)
    assert other.get(reverse("admin:sources_identityaccesslog_changelist")).status_code == 403
