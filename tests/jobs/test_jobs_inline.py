"""Background jobs run inline: the pages, the access rule, results, failures, retries, the sweeper.

``LEDGER_JOBS=inline`` (the test settings) runs an attempt when the request
that queued it commits; ``django_capture_on_commit_callbacks(execute=True)``
plays that commit inside the test's transaction. tests/jobs/test_worker.py
runs the same jobs on a real Celery worker through Redis.
"""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from sources import roles, services
from sources.jobs import live, runner
from sources.models import Article, Claim, Job, Source, SourceRollup
from tests.exchange.conftest import snapshot
from tests.factories import UserFactory
from tests.jobs.documents import document_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limits(settings):
    settings.JOBS = {**settings.JOBS, "IMPORT_BYTES": 100, "EXPORT_CLAIMS": 0}
    return settings.JOBS


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _import_through_the_page(client, content: bytes, capture, *, dry_run=False) -> Job:
    data = {"file": _upload("big.json", content)}
    if dry_run:
        data["dry_run"] = "on"
    with capture(execute=True):
        response = client.post(reverse("sources:exchange"), data)
    assert response.status_code == 302
    pk = int(re.fullmatch(r"/jobs/(\d+)/", response["Location"]).group(1))
    return Job.objects.get(pk=pk)


def test_a_large_upload_becomes_an_import_job_that_writes_everything(
    client, editor, small_limits, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    job = _import_through_the_page(
        client, document_bytes(claims=12, sources=3), django_capture_on_commit_callbacks
    )
    assert (job.kind, job.status, job.attempts) == ("import", Job.Status.SUCCEEDED, 1)
    assert job.created_by == editor and job.input_name == "big.json"
    # 12 claims, 12 articles and 3 sources, as the document was built.
    assert (Claim.objects.count(), Article.objects.count(), Source.objects.count()) == (12, 12, 3)
    assert job.result["counts"]["claims"] == {"created": 12, "unchanged": 0}
    assert job.done == job.total and job.total > 0
    page = client.get(reverse("sources:job_detail", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'<progress id="job-progress" max="{job.total}" value="{job.total}">' in html
    assert "claims: 12 created, 0 already present" in html
    assert 'src="/static/sources/jobs.js"' in html and "<script>" not in html
    assert "Reload this page" not in html  # finished: nothing left to follow


def test_a_small_upload_is_still_imported_in_the_request(
    client, editor, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    response = client.post(
        reverse("sources:exchange"), {"file": _upload("s.json", document_bytes(claims=2))}
    )
    assert response.status_code == 302 and response["Location"] == reverse("sources:exchange")
    assert Claim.objects.count() == 2 and not Job.objects.exists()


def test_an_import_job_with_a_bad_file_writes_nothing_and_says_why(
    client, editor, small_limits, django_capture_on_commit_callbacks
):
    document = json.loads(document_bytes(claims=5))
    document["claims"][3]["article"] = "no-such-article"
    client.force_login(editor)
    before = snapshot()
    job = _import_through_the_page(
        client, json.dumps(document).encode(), django_capture_on_commit_callbacks
    )
    before["sources.Job"] += 1
    assert snapshot() == before
    assert job.status == Job.Status.FAILED
    assert job.error == "Nothing was imported: 1 problem(s) in big.json."
    assert "no-such-article" in job.log
    page = client.get(reverse("sources:job_detail", args=[job.pk])).content.decode()
    assert "Retry from the start" in page and "Nothing was imported" in page


def test_a_dry_run_job_reports_and_writes_nothing(
    client, editor, small_limits, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    job = _import_through_the_page(
        client, document_bytes(claims=4), django_capture_on_commit_callbacks, dry_run=True
    )
    assert job.status == Job.Status.SUCCEEDED and job.result["dry_run"] is True
    assert job.result["counts"]["claims"] == {"created": 4, "unchanged": 0}
    assert not Claim.objects.exists()


def test_a_large_export_becomes_a_job_with_a_download(
    client, editor, small_limits, django_capture_on_commit_callbacks
):
    from sources.exchange.importer import import_file

    import_file(document_bytes(claims=3), name="seed.json")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sources:exchange_export"), {"format": "json"})
    job = Job.objects.get()
    assert response["Location"] == reverse("sources:job_detail", args=[job.pk])
    assert job.status == Job.Status.SUCCEEDED and job.result_name.endswith(".json")
    download = client.get(reverse("sources:job_download", args=[job.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/json"
    assert 'attachment; filename="newsroom-' in download["Content-Disposition"]
    exported = json.loads(download.content)
    assert sorted(c["external_id"] for c in exported["claims"]) == ["job-c0", "job-c1", "job-c2"]


def test_only_the_owner_and_those_who_may_run_the_kind_see_a_job(
    client, editor, reporter, fact_checker, small_limits, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    job = _import_through_the_page(
        client, document_bytes(claims=2), django_capture_on_commit_callbacks
    )
    other_editor = UserFactory(username="editor2", roles=[roles.EDITOR])
    urls = [
        reverse("sources:job_detail", args=[job.pk]),
        reverse("sources:job_status", args=[job.pk]),
    ]
    client.force_login(other_editor)
    assert [client.get(url).status_code for url in urls] == [200, 200]
    for outsider in (reporter, fact_checker):
        client.force_login(outsider)
        assert [client.get(url).status_code for url in urls] == [404, 404]
        assert client.get(reverse("sources:job_download", args=[job.pk])).status_code == 404
        listed = client.get(reverse("sources:job_list"))
        assert (
            listed.status_code == 200 and f'href="/jobs/{job.pk}/"' not in listed.content.decode()
        )
        assert client.post(reverse("sources:job_list"), {"kind": "recompute"}).status_code == 403
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_the_owner_keeps_sight_of_their_job(db):
    from sources import permissions

    owner = UserFactory(username="owner", roles=[roles.REPORTER])
    job = Job.objects.create(kind="export", created_by=owner, attempts=1)
    assert permissions.can_see_job(viewer=owner, obj=job)
    assert not permissions.can_start_job(viewer=owner, obj="export")


def test_a_failed_job_is_retried_as_a_fresh_attempt_and_old_messages_do_nothing(
    client, editor, small_limits, django_capture_on_commit_callbacks
):
    document = json.loads(document_bytes(claims=3))
    document["claims"][0]["region"] = "nowhere"
    client.force_login(editor)
    job = _import_through_the_page(
        client, json.dumps(document).encode(), django_capture_on_commit_callbacks
    )
    assert job.status == Job.Status.FAILED
    # Mend what the job reads (its stored upload), then retry through the page.
    Job.objects.filter(pk=job.pk).update(input_data=document_bytes(claims=3))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("sources:job_retry", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.status, job.attempts, job.error) == (Job.Status.SUCCEEDED, 2, "")
    assert "Retry by editor: attempt 2." in job.log
    assert Claim.objects.count() == 3
    # A message of attempt 1 delivered late, or attempt 2 delivered twice, runs nothing.
    assert runner.run(job_id=job.pk, attempt=1, worker="late") == "skipped"
    assert runner.run(job_id=job.pk, attempt=2, worker="twice") == "skipped"
    assert Claim.objects.count() == 3
    # Only a failed job can be retried.
    assert client.post(reverse("sources:job_retry", args=[job.pk])).status_code == 400


def test_verify_and_recompute_jobs_find_and_mend_a_rollup_written_around_the_services(
    client, editor, django_capture_on_commit_callbacks
):
    from sources.exchange.importer import import_file

    import_file(document_bytes(claims=6, sources=2), name="seed.json")
    client.force_login(editor)

    def start(kind: str) -> Job:
        with django_capture_on_commit_callbacks(execute=True):
            assert client.post(reverse("sources:job_list"), {"kind": kind}).status_code == 302
        return Job.objects.filter(kind=kind).first()

    clean = start("verify_rollups")
    assert clean.status == Job.Status.SUCCEEDED
    assert clean.result == {"rollup_differences": 0, "claim_differences": 0}
    # Each of the two sources has 3 of the 6 claims; make one rollup say 9.
    rollup = SourceRollup.objects.order_by("source_id").first()
    SourceRollup.objects.filter(pk=rollup.pk).update(claims=9)
    dirty = start("verify_rollups")
    assert dirty.result["rollup_differences"] == 1
    report = client.get(reverse("sources:job_download", args=[dirty.pk])).content.decode()
    assert f"source {rollup.source_id}: claims is 9, should be 3" in report
    mended = start("recompute")
    assert mended.status == Job.Status.SUCCEEDED
    assert mended.summary == "Re-judged 6 claims and recounted 2 rollups."
    assert SourceRollup.objects.get(pk=rollup.pk).claims == 3
    assert start("verify_rollups").result["rollup_differences"] == 0


def test_the_extraction_job_reads_every_article(client, editor, django_capture_on_commit_callbacks):
    from tests.factories import ArticleFactory

    quoted = ArticleFactory(
        body="Meth sold at 14,000 RMB a kilogram, a source in Ryanggang Province said."
    )
    ArticleFactory(body="The weather was fine all week.")
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("sources:job_list"), {"kind": "extract_attributions"})
    job = Job.objects.get(kind="extract_attributions")
    assert job.status == Job.Status.SUCCEEDED and (job.done, job.total) == (2, 2)
    found = json.loads(client.get(reverse("sources:job_download", args=[job.pk])).content)
    assert [item["article"] for item in found] == [quoted.pk]
    assert [a["descriptor"] for a in found[0]["attributions"]] == ["a source in Ryanggang Province"]


def test_the_status_answer_carries_the_progress_the_runner_published(client, editor):
    job = Job.objects.create(
        kind="import", created_by=editor, attempts=2, status=Job.Status.RUNNING, total=40, done=5
    )
    live.publish(job_id=job.pk, attempt=2, done=30, total=40, tail=["12:00:00 Writing claims"])
    client.force_login(editor)
    state = client.get(reverse("sources:job_status", args=[job.pk])).json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == (
        "running",
        30,
        40,
        75,
    )
    assert state["finished"] is False and state["log"].endswith("12:00:00 Writing claims")
    # What an earlier attempt published is not this attempt's progress.
    live.publish(job_id=job.pk, attempt=1, done=39, total=40, tail=[])
    assert client.get(reverse("sources:job_status", args=[job.pk])).json()["done"] == 5
    page = client.get(reverse("sources:job_detail", args=[job.pk])).content.decode()
    assert f'href="/jobs/{job.pk}/" id="job-reload"' in page


def test_the_sweeper_fails_attempts_whose_worker_went_quiet(editor, settings):
    settings.JOBS = {**settings.JOBS, "STALE_SECONDS": 30}
    long_ago = timezone.now() - datetime.timedelta(seconds=31)
    quiet = Job.objects.create(
        kind="import",
        created_by=editor,
        attempts=1,
        status=Job.Status.RUNNING,
        heartbeat_at=long_ago,
        worker="celery@gone:1",
    )
    # Its row has not heard for as long, but the cache heard this attempt just now.
    busy = Job.objects.create(
        kind="import",
        created_by=editor,
        attempts=1,
        status=Job.Status.RUNNING,
        heartbeat_at=long_ago,
    )
    live.publish(job_id=busy.pk, attempt=1, done=1, total=2, tail=[])
    recent = Job.objects.create(
        kind="import",
        created_by=editor,
        attempts=1,
        status=Job.Status.RUNNING,
        heartbeat_at=timezone.now(),
    )
    assert runner.sweep() == [quiet.pk]
    quiet.refresh_from_db()
    assert quiet.status == Job.Status.FAILED
    assert "celery@gone:1" in quiet.error and "Nothing it wrote was kept" in quiet.error
    statuses = set(Job.objects.filter(pk__in=[busy.pk, recent.pk]).values_list("status", flat=True))
    assert statuses == {Job.Status.RUNNING}


def test_an_unknown_kind_is_refused():
    with pytest.raises(Exception, match="No job kind 'nonsense'"):
        services.job_create(kind="nonsense", actor=None)
