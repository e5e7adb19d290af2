"""The database router: report reads on the replica, a writer's reads on the primary, lag.

The router's rules run on every PostgreSQL pass, with the "replica" alias
pointed at the primary's own test database (a second connection) or at a
port where nothing answers. Against a real streaming standby, started by
``make replica`` on 127.0.0.1:5433, the last tests check the routing, the
read-your-writes rule and the lag handling with replay paused; they skip,
saying so, when no standby answers.

The alias is added for each test and removed after: the rest of the suite
runs on one database (newsroom/settings_test.py).
"""

from __future__ import annotations

import contextlib
import math

import dj_database_url
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from newsroom import routers
from sources import roles, services
from sources.models import Source
from tests.deploy.processes import port_open, wait_until
from tests.factories import UserFactory

ON_POSTGRES = connection.vendor == "postgresql"
pytestmark = (
    [pytest.mark.django_db(transaction=True)]
    if ON_POSTGRES
    else [
        pytest.mark.skip(
            reason="a read replica is a PostgreSQL standby: runs when DATABASE_URL points at "
            "PostgreSQL (127.0.0.1:5432; `make replica` adds the standby on 5433)"
        )
    ]
)

STANDBY_PORT = 5433


@contextlib.contextmanager
def replica_alias(url: str):
    """Serve ``replica`` from ``url`` for the duration; the suite's settings have none.

    The connection is made here rather than listed in the settings, so the
    rest of the suite never sees it (and the test database is not flushed on it).
    """
    config = connections.configure_settings({"default": dj_database_url.parse(url)})["default"]
    replica = type(connections["default"])(config, alias=routers.REPLICA)
    connections[routers.REPLICA] = replica
    enabled = settings.REPLICA
    settings.REPLICA = {**enabled, "ENABLED": True}
    routers.lag_probe.forget()
    try:
        yield replica
    finally:
        settings.REPLICA = enabled
        replica.close()
        del connections[routers.REPLICA]
        routers.lag_probe.forget()


def _test_database_url(port: int) -> str:
    s = connection.settings_dict
    return f"postgres://{s.get('USER') or 'postgres'}@127.0.0.1:{port}/{s['NAME']}"


@pytest.fixture
def quick_router(settings):
    settings.REPLICA = {
        **settings.REPLICA,
        "LAG_CHECK_SECONDS": 0.0,
        "MAX_LAG_SECONDS": 0.5,
        "PRIMARY_AFTER_WRITE_SECONDS": 30.0,
    }
    return settings.REPLICA


@pytest.fixture
def editor_client(client):
    user = UserFactory(username="routed-editor", roles=[roles.EDITOR])
    client.force_login(user)
    client.user = user
    return client


def _ledger_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if '"sources_' in q["sql"]]


def _get(client, url: str, replica) -> tuple[int, list[str], list[str]]:
    """GET ``url``; return the status and the newsroom-table queries on primary and replica."""
    with CaptureQueriesContext(connection) as primary, CaptureQueriesContext(replica) as copy:
        status = client.get(url).status_code
    return status, _ledger_queries(primary), _ledger_queries(copy)


def _source_card(source) -> str:
    return reverse("sources:source_card", args=[source.pk])


def test_without_a_replica_the_router_leaves_every_read_on_the_primary():
    assert routers.REPLICA not in settings.DATABASES and not settings.REPLICA["ENABLED"]
    with routers.replica_reads():
        assert routers.ReplicaRouter().db_for_read(Source) is None


def test_report_pages_read_from_the_replica_and_other_pages_from_the_primary(
    editor_client, quick_router
):
    source = services.source_create(codename="LARCH", descriptor="a trader", actor=None)
    with replica_alias(_test_database_url(5432)) as replica:
        status, on_primary, on_replica = _get(editor_client, _source_card(source), replica)
        assert status == 200 and on_replica and on_primary == []
        # Sessions, users and roles are never read from the replica.
        with CaptureQueriesContext(replica) as copy:
            editor_client.get(_source_card(source))
        assert not any('"auth_' in q["sql"] or '"django_session"' in q["sql"] for q in copy)
        status, on_primary, on_replica = _get(
            editor_client, reverse("sources:source_detail", args=[source.pk]), replica
        )
        assert status == 200 and on_primary and on_replica == []
        # Inside a write transaction a read must see the write: the primary.
        with transaction.atomic(), routers.replica_reads():
            assert routers.ReplicaRouter().db_for_read(Source) == "default"
        with routers.replica_reads():
            assert routers.ReplicaRouter().db_for_read(Source) == routers.REPLICA
            assert routers.ReplicaRouter().db_for_read(get_user_model()) is None


def test_a_writer_reads_from_the_primary_for_a_while_on_any_device(
    client, editor_client, quick_router
):
    source = services.source_create(codename="LARCH", descriptor="a trader", actor=None)
    card = _source_card(source)
    with replica_alias(_test_database_url(5432)) as replica:
        assert _get(editor_client, card, replica)[2]
        # A write (here: starting a job) sets the "wrote until" cookie and a note in the cache.
        response = editor_client.post(reverse("sources:job_list"), {"kind": "verify_rollups"})
        assert response.status_code == 302 and routers.COOKIE in response.cookies
        status, on_primary, on_replica = _get(editor_client, card, replica)
        assert status == 200 and on_primary and on_replica == []
        # The same person on another device, without the cookie: the cache's note holds.
        other_device = type(client)()
        other_device.force_login(editor_client.user)
        assert _get(other_device, card, replica)[2] == []
        # Someone else still reads from the replica.
        colleague = type(client)()
        colleague.force_login(UserFactory(username="colleague", roles=[roles.EDITOR]))
        assert _get(colleague, card, replica)[2]
        # A refused write (403) wrote nothing and changes nothing.
        checker = type(client)()
        checker.force_login(UserFactory(username="checker2", roles=[roles.FACT_CHECKER]))
        refused = checker.post(reverse("sources:job_list"), {"kind": "recompute"})
        assert refused.status_code == 403 and routers.COOKIE not in refused.cookies
        assert _get(checker, card, replica)[2]


def test_a_replica_that_does_not_answer_is_skipped(editor_client, quick_router):
    source = services.source_create(codename="LARCH", descriptor="a trader", actor=None)
    with replica_alias(f"postgres://postgres@127.0.0.1:1/{connection.settings_dict['NAME']}"):
        assert routers.measure_lag() == math.inf
        with CaptureQueriesContext(connection) as primary:
            assert editor_client.get(_source_card(source)).status_code == 200
        assert _ledger_queries(primary)


@pytest.fixture
def standby():
    """Return the real standby's connection for the test database, or skip without one."""
    if not port_open("127.0.0.1", STANDBY_PORT):
        pytest.skip(
            f"needs a streaming standby on 127.0.0.1:{STANDBY_PORT}: run `make replica` "
            "(pg_basebackup of 127.0.0.1:5432)"
        )
    with replica_alias(_test_database_url(STANDBY_PORT)) as replica:
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery()")
            if not cursor.fetchone()[0]:
                pytest.skip(f"127.0.0.1:{STANDBY_PORT} answers but is not a standby")
        yield replica
        with replica.cursor() as cursor:
            cursor.execute("SELECT pg_wal_replay_resume()")


def _on_standby(source) -> bool:
    return Source.objects.using(routers.REPLICA).filter(pk=source.pk).exists()


def test_the_standby_serves_report_reads_once_it_has_the_rows(editor_client, quick_router, standby):
    source = services.source_create(codename="LARCH", descriptor="a trader", actor=None)
    wait_until(lambda: _on_standby(source), timeout=30, what="the standby to replay the source")
    assert routers.measure_lag() <= quick_router["MAX_LAG_SECONDS"]
    status, on_primary, on_replica = _get(editor_client, _source_card(source), standby)
    assert status == 200 and on_replica and on_primary == []


def test_with_replay_paused_a_writer_still_sees_their_write_and_lag_sends_everyone_back(
    client, editor_client, quick_router, settings, standby
):
    first = services.source_create(codename="LARCH", descriptor="a trader", actor=None)
    wait_until(lambda: _on_standby(first), timeout=30, what="the standby to replay")
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_pause()")
    reader = type(client)()
    reader.force_login(UserFactory(username="reader", roles=[roles.EDITOR]))
    # The editor writes; the standby does not replay it.
    assert editor_client.post(reverse("sources:job_list"), {"kind": "verify_rollups"}).status_code
    fresh = services.source_create(codename="BIRCH", descriptor="a guard", actor=None)
    card = _source_card(fresh)

    # Lag ignored: the reader gets the stale standby (no such source yet); the writer does not.
    settings.REPLICA = {**settings.REPLICA, "MAX_LAG_SECONDS": 1e9}
    assert _get(reader, card, standby)[0] == 404
    status, on_primary, on_replica = _get(editor_client, card, standby)
    assert status == 200 and on_primary and on_replica == []

    # With the threshold, the lag is noticed and everyone reads from the primary.
    settings.REPLICA = {**settings.REPLICA, "MAX_LAG_SECONDS": quick_router["MAX_LAG_SECONDS"]}
    lag = wait_until(
        lambda: (lag := routers.measure_lag()) > quick_router["MAX_LAG_SECONDS"] and lag,
        timeout=30,
        what="the paused standby's lag to pass the threshold",
    )
    assert lag > quick_router["MAX_LAG_SECONDS"]
    status, on_primary, on_replica = _get(reader, card, standby)
    assert status == 200 and on_primary and on_replica == []

    # Replay resumes, the standby catches up, and reports go back to it.
    with standby.cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")
    wait_until(lambda: _on_standby(fresh), timeout=30, what="the standby to catch up")
    wait_until(lambda: routers.measure_lag() == 0.0, timeout=30, what="the lag to clear")
    status, on_primary, on_replica = _get(reader, card, standby)
    assert status == 200 and on_replica and on_primary == []
