"""The sample newsroom: an exchange fixture the importer loads, once, with something to show."""

import copy
import datetime
import json
import os
import re
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.urls import reverse

from devdata import topics
from devdata.demo import FIXTURE, IMPORTER, LOGINS, demo_load, fixture_document
from sources import roles
from sources.domain.vocab import Outcome
from sources.exchange.exporter import export_document
from sources.exchange.formats import (
    FORMAT_NAME,
    FORMAT_VERSION,
    IDENTITY_FIELDS,
    SECTIONS,
    ExchangeError,
)
from sources.exchange.validation import validate
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import (
    Article,
    Claim,
    Desk,
    Evidence,
    EvidenceLink,
    IdentityAccessLog,
    Source,
    SourceIdentity,
    SourceRollup,
    Verdict,
)

pytestmark = pytest.mark.django_db

DEMO = json.loads(FIXTURE.read_text(encoding="utf-8"))
IDENTITIES = {row["codename"]: row["identity"] for row in DEMO["sources"] if "identity" in row}


def _rows(section: str) -> list[dict]:
    return DEMO[section]


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module (it takes seconds), rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", stdout=out, force=True)
        yield out.getvalue()
        transaction.set_rollback(True)


def _counts():
    return (
        get_user_model().objects.count(),
        Source.objects.count(),
        Article.objects.count(),
        Claim.objects.count(),
        Evidence.objects.count(),
        EvidenceLink.objects.count(),
        Verdict.objects.count(),
        SourceIdentity.objects.count(),
        IdentityAccessLog.objects.count(),
        Article.history.count(),
        Claim.history.count(),
    )


# The fixture itself.


def test_the_fixture_is_an_exchange_document_the_importer_validates():
    assert DEMO["format"] == FORMAT_NAME and DEMO["version"] == FORMAT_VERSION
    assert set(DEMO) == {"format", "version"} | {section.name for section in SECTIONS}
    document = fixture_document()
    for row in document.rows("sources"):
        row.values.pop("identity", None)
    plan = validate(document, actor=None)
    counts = plan.counts()
    for section in SECTIONS:
        rows = len(DEMO[section.name])
        planned = counts.get(section.name, {"created": 0, "unchanged": 0})
        assert planned["created"] + planned["unchanged"] == rows, section.name
    cited = sum(len(row["cites"]) for row in _rows("articles"))
    assert cited == 2
    assert counts["citations"]["created"] + counts["citations"]["unchanged"] == cited


def test_identities_are_why_the_editor_cannot_import_the_fixture_whole(loaded):
    """The importer's own rule refuses the identities, and only them, from the editor.

    That is why load_demo imports without them and has each handler write their own.
    Renamed codenames make the sources new again, so the rule applies to them.
    """
    editor = get_user_model().objects.get(username=IMPORTER)
    document = fixture_document()
    for row in document.rows("sources"):
        row.values["codename"] = f"NEW-{row.values['codename']}"
    with pytest.raises(ExchangeError) as refused:
        validate(document, actor=editor)
    problems = [(p.where, p.field) for p in refused.value.problems]
    with_identity = [
        f"sources row {index}"
        for index, row in enumerate(_rows("sources"), start=1)
        if "identity" in row
    ]
    assert problems == [(where, "identity") for where in with_identity]


def test_the_fixture_shows_what_the_demo_is_for():
    assert len(_rows("claims")) >= 55
    assert len(_rows("sources")) >= 8
    assert {row["status"] for row in _rows("sources")} == {"active", "dormant", "burned"}
    assert len({row["region"] for row in _rows("sources") if row["region"]}) >= 6
    assert len({row["published_on"][:4] for row in _rows("articles")}) >= 2
    assert len(_rows("links")) > 40
    assert {row["relation"] for row in _rows("links")} == {
        "corroborates",
        "partly_corroborates",
        "contradicts",
        "context",
    }
    assert len(IDENTITIES) >= 3
    assert all(set(identity) <= set(IDENTITY_FIELDS) for identity in IDENTITIES.values())
    # A claim whose stories describe one source differently from its default.
    defaults = {row["codename"]: row["descriptor"] for row in _rows("sources")}
    assert any(
        a["descriptor"] != defaults[a["source"]]
        for claim in _rows("claims")
        for a in claim["attributions"]
    )


def test_the_fixture_keeps_its_rows_in_key_order_for_hand_editing():
    # The exporter's order: by key, and verdicts of one claim by when they were decided.
    order = {section.name: section.key for section in SECTIONS}
    order["verdicts"] = ("claim", "decided_at")
    for name, fields in order.items():
        keys = [tuple(str(row.get(field)) for field in fields) for row in DEMO[name]]
        assert keys == sorted(keys), name


def test_the_generator_and_the_fixture_share_the_topics():
    assert {row["slug"]: row["name"] for row in _rows("topics")} == dict(topics.TOPICS)


# Loading it.


def test_loads_every_row_of_the_fixture(loaded):
    assert Claim.objects.count() == len(_rows("claims"))
    assert Source.objects.count() == len(_rows("sources"))
    assert Article.objects.count() == len(_rows("articles"))
    home = [row for row in _rows("articles") if row["outlet"] == "daily-nk"]
    assert Article.objects.filter(outlet__slug="daily-nk").count() == len(home)
    assert Evidence.objects.count() == len(_rows("evidence"))
    assert EvidenceLink.objects.count() == len(_rows("links"))
    assert Verdict.objects.count() == len(_rows("verdicts"))
    assert SourceRollup.objects.count() == Source.objects.count()
    assert Source.objects.values("region").distinct().count() >= 6
    years = {d.year for d in Article.objects.values_list("published_on", flat=True)}
    assert len(years) >= 2
    assert (
        f"{len(_rows('articles'))} articles, {len(_rows('claims'))} claims, "
        f"{len(_rows('evidence'))} pieces of evidence, {len(_rows('sources'))} sources" in loaded
    )


def test_running_twice_adds_nothing_and_resets_the_logins(loaded):
    editor = get_user_model().objects.get(username="editor")
    editor.set_password("changed-by-someone")
    editor.save()
    Desk.objects.get(slug="border").members.remove(
        get_user_model().objects.get(username="reporter")
    )
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out, force=True)
    assert "already loaded" in out.getvalue()
    assert _counts() == before
    assert get_user_model().objects.get(username="editor").check_password("ledger-editor-2016")
    assert Desk.objects.get(slug="border").members.filter(username="reporter").exists()


def test_exporting_the_loaded_demo_gives_the_fixture_back(loaded):
    editor = get_user_model().objects.get(username="editor")
    exported = export_document(identities_for=editor, reason="Checking the demo fixture")
    for section in SECTIONS:
        fixture_rows = {tuple(r[k] for k in section.key): r for r in DEMO[section.name]}
        export_rows = {tuple(r[k] for k in section.key): r for r in exported[section.name]}
        if section.name == "users":
            # Every login is named by some row: the admin by its forecasts (issue 14).
            assert set(fixture_rows) == set(export_rows)
        else:
            assert set(export_rows) == set(fixture_rows), section.name
        assert len(export_rows) == len(exported[section.name]), section.name
        for key, row in export_rows.items():
            given = fixture_rows[key]
            assert {name: row.get(name) for name in given} == given, (section.name, key)


def test_shows_circular_reporting_and_same_source_evidence(loaded):
    meth = Claim.objects.get(external_id="demo:dnk-2016-08-meth-1")
    link = meth.links.get()
    assert not link.is_independent
    assert "chain of 2 citations" in link.dependence_reason
    assert meth.outcome == Outcome.PENDING
    assert meth.dependent_links == 1
    assert {(q.value, q.unit) for q in meth.quantities.all()} == {(8, "kg")}
    reasons = set(EvidenceLink.objects.dependent().values_list("dependence_reason", flat=True))
    assert "It comes from a source the claim rests on." in reasons


def test_shows_every_outcome_a_disputed_claim_and_the_editors_verdicts(loaded):
    assert set(Claim.objects.values_list("outcome", flat=True)) == set(Outcome.ALL)
    disputed = Claim.objects.disputed().get()
    assert disputed.corroborating_links == 1 and disputed.contradicting_links == 1
    verdicts = Verdict.objects.select_related("claim", "decided_by")
    assert {v.outcome for v in verdicts} == {Outcome.RETRACTED, Outcome.UNVERIFIABLE}
    decided = {row["claim"]: row["decided_at"] for row in _rows("verdicts")}
    for verdict in verdicts:
        assert verdict.claim.outcome == verdict.outcome
        assert verdict.decided_by.username == "editor"
        assert verdict.decided_at == datetime.datetime.fromisoformat(
            decided[verdict.claim.external_id]
        )


def test_track_records_differ(loaded):
    letters = set(SourceRollup.objects.values_list("letter", flat=True))
    assert len(letters) >= 3
    magpie = SourceRollup.objects.get(source__codename="MAGPIE")
    pine = SourceRollup.objects.get(source__codename="PINE")
    assert magpie.interval_low < pine.interval_low


def test_shows_an_expired_claim_an_already_public_one_and_a_record_as_of_a_vetting(loaded):
    from sources import reports

    # Nothing ever settled the Jagang corn claim; its check-by date, 14 February 2019, is past.
    corn = Claim.objects.get(external_id="demo:dnk-2017-02-jagang-corn-1")
    assert (corn.outcome, corn.check_by) == (Outcome.PENDING, datetime.date(2019, 2, 14))
    # The resale price of the reference story was on a price sheet a month before it ran.
    prices = Claim.objects.get(external_id="demo:dnk-2016-08-meth-2")
    assert prices.settled_before_publication
    editor = get_user_model().objects.get(username="editor")
    pine = Source.objects.get(codename="PINE")
    (vetting,) = reports.vetting_records(viewer=editor, source=pine)
    assert vetting.on == datetime.date(2016, 8, 24)
    now = reports.track_record(viewer=editor, source=pine)
    assert now.already_public >= 1 and vetting.figures.already_public == 0
    # The record the editor saw the day before the story differs from today's.
    assert (vetting.figures.claims, vetting.figures.resolved) != (now.claims, now.resolved)
    assert vetting.figures.claims < now.claims


def test_rollups_and_outcomes_match_a_full_recomputation(loaded):
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
    call_command("verify_rollups", "--all", stdout=StringIO())  # raises when anything differs


def test_one_login_per_role_with_working_passwords(loaded):
    names = {row["username"]: row for row in _rows("users")}
    for login in LOGINS:
        user = get_user_model().objects.get(username=login.username)
        assert user.check_password(login.password), login.username
        assert user.is_active
        assert login.role in roles.roles_of(user)
        assert (user.first_name, user.last_name) == (
            names[login.username]["first_name"],
            names[login.username]["last_name"],
        )
        assert f"{login.username:<10} {login.password}" in loaded
    assert {login.role for login in LOGINS} == set(roles.ALL)
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    reporters = get_user_model().objects.filter(groups__name=roles.REPORTER)
    assert reporters.count() >= 3
    assert {slug for user in reporters for slug in user.desks.values_list("slug", flat=True)} == {
        "border",
        "interior",
    }
    for row in _rows("desks"):
        members = Desk.objects.get(slug=row["slug"]).members.values_list("username", flat=True)
        assert sorted(members) == row["members"]


def test_every_login_signs_in_through_the_login_page(loaded, client):
    for login in LOGINS:
        response = client.post(
            reverse("login"), {"username": login.username, "password": login.password}
        )
        assert response.status_code == 302, login.username
        assert client.get(reverse("sources:home")).status_code == 200, login.username
        client.logout()
    client.post(reverse("login"), {"username": "editor", "password": "ledger-editor-2016"})
    meth = Claim.objects.get(external_id="demo:dnk-2016-08-meth-1")
    page = client.get(reverse("sources:claim_detail", args=[meth.pk]))
    assert "8 kg of crystal meth" in page.content.decode()


def _tables_containing(texts: list[str]) -> list[str]:
    """Return the columns, in any table, whose text holds any of ``texts`` (a brute-force scan)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            for column in connection.introspection.get_table_description(cursor, table):
                quoted = connection.ops.quote_name(column.name)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE "
                    + " OR ".join(f"CAST({quoted} AS TEXT) LIKE %s" for _ in texts),
                    [f"%{text}%" for text in texts],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{column.name}")
    return found


def test_identities_are_written_by_their_handlers_and_stored_encrypted(loaded):
    assert not Source.objects.filter(desk=None).exists()
    assert not Source.objects.filter(handler=None).exists()
    assert Desk.objects.get(slug="border").sources.exists()
    stored = {
        identity.source.codename: {name: getattr(identity, name) for name in IDENTITY_FIELDS}
        for identity in SourceIdentity.objects.select_related("source")
    }
    assert stored == IDENTITIES
    assert stored["PINE"]["real_name"] == "Ri Myong-suk"
    for codename in IDENTITIES:
        source = Source.objects.get(codename=codename)
        edit = IdentityAccessLog.objects.get(source=source, action=IdentityAccessLog.Action.EDIT)
        assert edit.user == source.handler
        assert roles.REPORTER in roles.roles_of(edit.user)
    table = connection.ops.quote_name(SourceIdentity._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT real_name, contact FROM {table}")
        raw = cursor.fetchall()
    assert len(raw) == len(IDENTITIES)
    assert all(value.startswith("gAAAA") for row in raw for value in row)
    plaintexts = [value for identity in IDENTITIES.values() for value in identity.values() if value]
    assert _tables_containing(plaintexts) == []


def test_a_burned_source_keeps_its_record_and_has_no_identity(loaded):
    burned = [row for row in _rows("sources") if row["status"] == "burned"]
    assert [row["codename"] for row in burned] == ["HERON"]
    heron = Source.objects.get(codename="HERON")
    assert heron.status == Source.Status.BURNED
    assert heron.burned_at == datetime.datetime.fromisoformat(burned[0]["burned_at"])
    assert not SourceIdentity.objects.filter(source=heron).exists()
    assert heron.attributions.count() == sum(
        a["source"] == "HERON" for claim in _rows("claims") for a in claim["attributions"]
    )


def test_a_failure_after_the_import_leaves_nothing_written(tmp_path):
    """An identity the handler may not write fails after the import ran: all of it rolls back."""
    broken = copy.deepcopy(DEMO)
    for section, key in (("sources", "codename"), ("articles", "external_id")):
        for row in broken[section]:
            row[key] = f"broken-{row[key]}"
    for row in broken["articles"]:
        row["cites"] = [f"broken-{cited}" for cited in row["cites"]]
    broken["claims"] = broken["evidence"] = broken["links"] = broken["verdicts"] = []
    gull = next(row for row in broken["sources"] if row["codename"] == "broken-GULL")
    gull["handler"] = "checker"  # a fact-checker handles no source
    gull["identity"] = {"real_name": "Nobody", "contact": "", "meeting_notes": ""}
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    get_user_model().objects.filter(username="editor").update(password="!unusable")
    with pytest.raises(ExchangeError, match="handling reporter"):
        demo_load(path=path)
    assert not Source.objects.filter(codename__startswith="broken-").exists()
    assert not Article.objects.filter(external_id__startswith="broken-").exists()
    editor = get_user_model().objects.filter(username="editor").first()
    assert editor is None or not editor.check_password("ledger-editor-2016")


def test_refuses_to_reset_demo_passwords_without_debug_or_force(settings):
    get_user_model().objects.filter(username="admin").delete()
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").is_superuser


# `make demo`, as the Makefile runs it, on a database of its own.


def _make_demo_commands() -> list[list[str]]:
    """Return the manage.py commands of the Makefile's demo target, checking their order."""
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^demo:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE).group(1)
    # A command continued over several lines (a trailing backslash) is one command.
    lines = [line for line in recipe.replace("\\\n", " ").splitlines() if "manage.py" in line]
    assert all("DJANGO_DEBUG=1" in line for line in lines)
    commands = [line.split("manage.py", 1)[1].split() for line in lines]
    assert [command[0] for command in commands] == ["migrate", "load_demo", "runserver"]
    return commands[:-1]


@pytest.fixture
def scratch_database(tmp_path):
    """Yield the URL of an empty database on the backend the suite runs on, then drop it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'demo.sqlite3'}"
        return
    import psycopg

    name = f"{db['NAME']}_demo"
    params = {
        key: value
        for key, value in {
            "host": db["HOST"],
            "port": db["PORT"],
            "user": db["USER"],
            "password": db["PASSWORD"],
        }.items()
        if value
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    try:
        yield f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_make_demo_migrates_and_loads_an_empty_database(scratch_database):
    # The environment `make demo` runs in: the real settings, debug on, nothing from the tests.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "LEDGER_", "SOURCE_IDENTITY", "DATABASE_URL"))
    }
    env.update(DJANGO_DEBUG="1", DATABASE_URL=scratch_database)
    outputs = []
    for command in [*_make_demo_commands(), ["verify_rollups", "--all"]]:
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-2000:])
        outputs.append(done.stdout)
    assert f"{len(_rows('claims'))} claims" in outputs[1]
    for login in LOGINS:
        assert f"{login.username:<10} {login.password:<24} {login.role}" in outputs[1]


def test_a_short_record_differs_visibly_from_its_pooled_estimate_and_forecasts_are_scored(
    loaded, client
):
    """Issue 14 in the demo: a source with few resolved claims, pooled well away from its raw rate.

    The raw rate is the rollup's counted share; the pooled one leans toward the
    group prior, so with 1–3 resolved claims the two differ by a tenth or more.
    """
    short = [
        rollup
        for rollup in SourceRollup.objects.filter(resolved__gte=1, resolved__lte=3)
        if rollup.pooled_rate is not None
        and rollup.confirmation_rate is not None
        and abs(rollup.pooled_rate - rollup.confirmation_rate) >= 0.1
    ]
    assert short, "no short-record source whose pooled estimate differs visibly"
    client.force_login(get_user_model().objects.get(username="editor"))
    card = client.get(reverse("sources:source_card", kwargs={"pk": short[0].source_id}))
    assert card.status_code == 200 and "pooled" in card.content.decode().lower()
    page = client.get(reverse("sources:report", kwargs={"by": "calibration"}))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="forecast-scores"' in html and "chart-reliability" in html and "<svg" in html
    # The demo editors' forecasts on settled claims are scored, with a Brier score in [0, 1].
    card = page.context["calibration"].forecasts.newsroom.card
    assert card.n >= 5 and 0 <= card.brier <= 1
