"""The embedded default: with no Redis, a job runs in a thread of the web process.

The request that starts it only queues it; the thread of this process
(not the request) runs it, with the same result as a worker.
"""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.urls import reverse

from sources.exchange.importer import import_file
from sources.models import Job
from tests.deploy.processes import wait_until
from tests.jobs.documents import document_bytes

pytestmark = pytest.mark.django_db(transaction=True)


def test_without_redis_a_job_runs_in_a_thread_after_the_request_returns(client, editor, settings):
    settings.LEDGER_JOBS = "thread"
    import_file(document_bytes(claims=30, sources=3), name="seed.json")
    client.force_login(editor)
    response = client.post(reverse("sources:job_list"), {"kind": "verify_rollups"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"

    def finished():
        try:
            job.refresh_from_db()
        except OperationalError:  # SQLite: the job's thread holds the lock for a moment
            return False
        return job.finished

    wait_until(finished, timeout=60, step=0.1, what="the thread to finish the job")
    assert job.status == Job.Status.SUCCEEDED, job.error
    assert job.worker.startswith("thread@")
    assert job.result == {"rollup_differences": 0, "claim_differences": 0}
    assert (job.done, job.total) == (31, 31)  # 30 claims and the rollup recount
