"""Jobs on a real Celery worker, through the machine's Redis: progress, failure, a killed worker.

The worker is a separate ``celery -A newsroom worker`` process on the same
committed database (tests/jobs/conftest.py). Without Redis these tests skip
saying so; ``.ci/run`` sets ``LEDGER_REQUIRE_SERVICES=1``, so in CI a
missing Redis fails them instead.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection

from sources import roles, selectors, services
from sources.jobs import runner
from sources.management.commands.verify_rollups import claim_differences, rollup_differences
from sources.models import Article, Claim, Job, Source
from sources.tasks import run_job
from tests.deploy.processes import start_worker, wait_until
from tests.exchange.conftest import snapshot
from tests.factories import UserFactory
from tests.jobs.documents import document_bytes, newsroom_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def worker(worker_env, tmp_path):
    started = start_worker(env=worker_env, folder=tmp_path)
    yield started
    started.stop()


@pytest.fixture
def actor(committed_database):
    return UserFactory(username="importer", roles=[roles.EDITOR])


def _follow(job_id: int, *, timeout: float = 120) -> list[tuple]:
    """Watch a job as its page would, until it finishes; return (status, done, total, row done)."""
    samples = []

    def finished():
        job = Job.objects.defer("input_data", "result_data").get(pk=job_id)
        seen = selectors.job_progress(job=job)
        samples.append((seen.status, seen.done, seen.total, job.done))
        return seen.finished

    wait_until(finished, timeout=timeout, step=0.05, what=f"job {job_id} to finish")
    return samples


def _import_job(actor, content: bytes, name: str = "big.json") -> Job:
    return services.job_create(
        kind="import", actor=actor, params={"dry_run": False}, input_name=name, input_data=content
    )


def test_a_worker_imports_a_file_and_its_progress_shows_while_it_runs(worker, actor):
    job = _import_job(actor, document_bytes(claims=3000, sources=3))
    samples = _follow(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.error + worker.output()[-2000:]
    assert job.worker.startswith("celery@") and job.attempts == 1
    assert (Claim.objects.count(), Article.objects.count(), Source.objects.count()) == (
        3000,
        3000,
        3,
    )
    running = [s for s in samples if s[0] == Job.Status.RUNNING]
    # Seen part-way: more than nothing, less than everything.
    assert any(0 < done < total for _, done, total, _ in running if total), samples[-5:]
    dones = [done for _, done, _, _ in samples]
    assert dones == sorted(dones)
    assert (job.done, job.total) == (samples[-1][1], samples[-1][2]) and job.done == job.total
    if connection.vendor == "postgresql":
        # The row itself heard of the progress, through the reporter's own connection,
        # while the import's transaction was still open.
        assert any(0 < row_done < job.total for *_, row_done in running)
    else:
        # SQLite lets no other writer in during the import: the row heard at the end.
        assert all(row_done == 0 for *_, row_done in running)


def test_a_failing_job_says_why_and_writes_nothing(worker, actor):
    document = newsroom_document(claims=40)
    document["claims"][39]["article"] = "no-such-article"
    before = snapshot()
    bad = _import_job(actor, json.dumps(document).encode(), name="bad.json")
    export = services.job_create(kind="export", actor=actor, params={"format": "xml"})
    _follow(bad.pk)
    _follow(export.pk)
    bad.refresh_from_db()
    export.refresh_from_db()
    assert bad.status == Job.Status.FAILED
    assert bad.error == "Nothing was imported: 1 problem(s) in bad.json."
    assert "no-such-article" in bad.log
    assert (export.status, export.error) == (
        Job.Status.FAILED,
        "Unknown export format 'xml': choose json or csv.",
    )
    before["sources.Job"] += 2
    assert snapshot() == before


@pytest.fixture
def poisoned_claims(committed_database):
    """Make the database refuse any claim whose text says POISON, as a mid-import failure."""
    table = Claim._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION ledger_test_poison() RETURNS trigger LANGUAGE plpgsql AS "
                "$$ BEGIN RAISE EXCEPTION 'poisoned claim'; END $$"
            )
            cursor.execute(
                f"CREATE TRIGGER ledger_test_poison BEFORE INSERT ON {table} FOR EACH ROW "
                "WHEN (NEW.text LIKE '%POISON%') EXECUTE FUNCTION ledger_test_poison()"
            )
        else:
            cursor.execute(
                f"CREATE TRIGGER ledger_test_poison BEFORE INSERT ON {table} "
                "WHEN NEW.text LIKE '%POISON%' BEGIN SELECT RAISE(ABORT, 'poisoned claim'); END"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS ledger_test_poison ON {table}")
            cursor.execute("DROP FUNCTION IF EXISTS ledger_test_poison()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS ledger_test_poison")


def test_an_import_that_fails_after_writing_thousands_of_rows_keeps_none(
    worker, actor, poisoned_claims
):
    document = newsroom_document(claims=3000, sources=3)
    document["claims"][-1]["text"] = "POISON: the database refuses this last claim."
    before = snapshot()
    job = _import_job(actor, json.dumps(document).encode())
    samples = _follow(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "poisoned claim" in job.error and "Nothing it wrote was kept" in job.error
    # It had written the sources and all 3000 articles (and begun the claims) when it failed.
    assert max(done for _, done, _, _ in samples) >= 3000 + 3
    before["sources.Job"] += 1
    assert snapshot() == before


def _slow_trigger(*, create: bool) -> None:
    """Make the database dwell on a claim whose text says SLOW, so a kill lands mid-write.

    PostgreSQL sleeps four seconds; SQLite, which has no sleep, counts a join
    of the articles just written with themselves twice over, for far longer.
    Either way the import has written its sources and articles, in its open
    transaction, when it stalls.
    """
    table = Claim._meta.db_table
    articles = Article._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            if create:
                cursor.execute(
                    "CREATE FUNCTION ledger_test_slow() RETURNS trigger LANGUAGE plpgsql AS "
                    "$$ BEGIN PERFORM pg_sleep(4); RETURN NEW; END $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER ledger_test_slow BEFORE INSERT ON {table} FOR EACH ROW "
                    "WHEN (NEW.text LIKE '%SLOW%') EXECUTE FUNCTION ledger_test_slow()"
                )
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS ledger_test_slow ON {table}")
                cursor.execute("DROP FUNCTION IF EXISTS ledger_test_slow()")
        elif create:
            cursor.execute(
                f"CREATE TRIGGER ledger_test_slow BEFORE INSERT ON {table} "
                f"WHEN NEW.text LIKE '%SLOW%' BEGIN SELECT count(*) FROM {articles} a, "
                f"{articles} b, {articles} c; END"
            )
        else:
            cursor.execute("DROP TRIGGER IF EXISTS ledger_test_slow")


@pytest.fixture
def slow_claims(committed_database):
    _slow_trigger(create=True)
    yield
    _slow_trigger(create=False)


def test_a_killed_worker_leaves_nothing_half_written_and_the_job_can_be_retried(
    worker_env, tmp_path, actor, slow_claims
):
    claims = 3000
    document = newsroom_document(claims=claims, sources=3)
    document["claims"][-1]["text"] = "SLOW: the database dwells on this last claim."
    first = start_worker(env=worker_env, folder=tmp_path)
    job = _import_job(actor, json.dumps(document).encode())
    try:
        # Kill it while it writes the claims: the sources and articles are in.
        wait_until(
            lambda: selectors.job_progress(job=Job.objects.get(pk=job.pk)).done > claims,
            timeout=120,
            what="the import to reach its claims",
        )
        first.kill()
    finally:
        first.stop()
    assert (Claim.objects.count(), Article.objects.count(), Source.objects.count()) == (0, 0, 0)
    assert Job.objects.get(pk=job.pk).status == Job.Status.RUNNING  # as the worker left it
    assert wait_until(runner.sweep, timeout=30, step=0.25, what="the sweeper") == [job.pk]
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED and job.attempts == 1
    assert "stopped answering" in job.error and job.worker in job.error

    _slow_trigger(create=False)
    second = start_worker(env=worker_env, folder=tmp_path)
    try:
        services.job_retry(job=job, actor=actor)
        _follow(job.pk)
        job.refresh_from_db()
        assert (job.status, job.attempts) == (Job.Status.SUCCEEDED, 2), job.error
        assert (Claim.objects.count(), Article.objects.count(), Source.objects.count()) == (
            claims,
            claims,
            3,
        )
        # The killed attempt's message, or this one's, delivered again runs nothing.
        run_job.apply_async(args=[job.pk, 1])
        run_job.apply_async(args=[job.pk, 2])
        wait_until(
            lambda: second.output().count("is not queued; nothing to run") >= 2,
            timeout=30,
            what="the worker to drop both stale messages",
        )
        assert Claim.objects.count() == claims
    finally:
        second.stop()
    assert rollup_differences() == []
    assert claim_differences(list(Claim.objects.values_list("pk", flat=True))) == []
