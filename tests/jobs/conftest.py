"""Fixtures for jobs run by a real Celery worker on a real Redis.

The worker is another process, so it must read what the test wrote: the
test runs on a committed database. On PostgreSQL that is the test database
itself (``transactional_db``); on SQLite, whose test database lives in this
process's memory, it is a file copied from it, which this process then uses
too. Redis is the machine's, on a database number of the suite's own that is
emptied before and after (tests/deploy/processes.py).
"""

from __future__ import annotations

import contextlib
import sqlite3

import pytest

from newsroom.celery import app as celery_app
from tests.deploy.processes import database_url, flush_redis, redis_url

# The worker and the sweeper give a silent attempt this long before calling it dead.
STALE_SECONDS = 2


@contextlib.contextmanager
def celery_broker(url: str):
    """Send this process's tasks to ``url`` (and back to the settings' broker afterwards)."""
    conf = celery_app.conf
    saved = {"broker_url": conf.broker_url, "result_backend": conf.result_backend}

    def reset() -> None:
        # Connection pools are made per broker URL on first use; forget the ones in hand.
        celery_app._pool = None
        celery_app.amqp._producer_pool = None

    conf.update(broker_url=url, result_backend=url)
    reset()
    try:
        yield
    finally:
        reset()
        conf.update(**saved)


@pytest.fixture
def committed_database(request, django_db_blocker, tmp_path):
    """Yield the DATABASE_URL of a committed database that this test and a worker share.

    Use it in tests marked ``django_db(transaction=True)``.
    """
    from django.db import connection, connections

    if connection.vendor != "sqlite":
        yield database_url(connection.settings_dict)
        return
    path = tmp_path / "jobs.sqlite3"
    with django_db_blocker.unblock():
        original = connections["default"]
        # Only ever the test database, never a file of real data.
        assert original.is_in_memory_db(), original.settings_dict["NAME"]
        original.ensure_connection()
        target = sqlite3.connect(path)
        original.connection.backup(target)
        target.close()
        copy = type(original)({**original.settings_dict, "NAME": str(path)}, alias="default")
        connections["default"] = copy
        try:
            yield database_url(copy.settings_dict)
        finally:
            copy.close()
            connections["default"] = original


@pytest.fixture
def job_redis(settings):
    """Use a real Redis for this test's cache and job queue; return its URL."""
    url = redis_url("jobs")
    flush_redis(url)
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "ledger",
        }
    }
    settings.LEDGER_JOBS = "celery"
    settings.JOBS = {**settings.JOBS, "STALE_SECONDS": STALE_SECONDS}
    with celery_broker(url):
        yield url
    flush_redis(url)


@pytest.fixture
def worker_env(committed_database, job_redis):
    """Return the environment a worker for this test runs in."""
    from tests.deploy.processes import base_env

    return base_env(
        DATABASE_URL=committed_database,
        REDIS_URL=job_redis,
        LEDGER_JOBS="celery",
        LEDGER_JOB_STALE_SECONDS=str(STALE_SECONDS),
    )
