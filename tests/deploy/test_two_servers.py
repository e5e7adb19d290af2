"""Two app servers, one PostgreSQL, one Redis, one Celery worker: what one writes, the other shows.

Two gunicorn servers on different ports share the test database and a Redis
database (cache and job queue), with one worker. A verdict posted to server A
changes the source's card that server B serves on the very next request, and
an import started on A shows its progress on B. PostgreSQL only: two servers
need a shared server database (SQLite lives in one process's files).
"""

from __future__ import annotations

import re

import pytest
from django.db import connection

from sources import roles
from sources.models import Claim, Job
from tests.deploy.processes import (
    Browser,
    base_env,
    database_url,
    flush_redis,
    free_port,
    redis_url,
    start_gunicorn,
    start_worker,
    wait_until,
)
from tests.factories import UserFactory
from tests.jobs.documents import document_bytes
from tests.views.pages_data import file_claim, newsroom

ON_POSTGRES = connection.vendor == "postgresql"
pytestmark = (
    [pytest.mark.django_db(transaction=True)]
    if ON_POSTGRES
    else [
        pytest.mark.skip(
            reason="two servers need a shared server database: runs when DATABASE_URL "
            "points at PostgreSQL (SQLite is one process's file)"
        )
    ]
)

PASSWORD = "two-servers-pass-9"
CONTRADICTED = re.compile(r'<td class="contradicted" data-label="[^"]*">(\d+)</td>')


@pytest.fixture(scope="module")
def deployment(django_db_setup, tmp_path_factory):
    """Start the worker and servers A and B once; yield their base URLs; stop them all."""
    tmp_path = tmp_path_factory.mktemp("servers")
    redis = redis_url("servers")
    flush_redis(redis)
    env = base_env(
        DATABASE_URL=database_url(connection.settings_dict),
        REDIS_URL=redis,
        LEDGER_JOBS="celery",
        LEDGER_JOB_IMPORT_BYTES="1000",
        DJANGO_SECURE_COOKIES="off",
    )
    processes = []
    try:
        processes.append(start_worker(env=env, folder=tmp_path))
        ports = [free_port(), free_port()]
        for port in ports:
            processes.append(start_gunicorn(port=port, env=env, folder=tmp_path))
        yield [f"http://127.0.0.1:{port}" for port in ports]
    except BaseException:
        for process in processes:
            print(f"--- {process.name}\n{process.output()[-3000:]}")
        raise
    finally:
        for process in processes:
            process.stop()
        flush_redis(redis)


@pytest.fixture
def editor_browser():
    user = UserFactory(username="two-server-editor", roles=[roles.EDITOR])
    user.set_password(PASSWORD)
    user.save()
    return Browser()


def test_a_verdict_on_one_server_shows_on_the_other_at_once(deployment, editor_browser):
    room = newsroom()
    claim = file_claim(room, "Cadres bought crystal meth inland at 9,000 RMB per kilogram.")
    a, b = deployment
    browser = editor_browser
    browser.log_in(a, username="two-server-editor", password=PASSWORD)
    card = f"/reports/sources/{room.larch.pk}/"
    before = browser.get(b + card)
    assert before.status == 200 and CONTRADICTED.findall(before.text) == ["0"]
    # The card was served (and anything it caches was cached) by B before the write.
    assert CONTRADICTED.findall(browser.get(b + card).text) == ["0"]
    browser.get(f"{a}/claims/{claim.pk}/")
    posted = browser.post(
        f"{a}/claims/{claim.pk}/verdict/",
        {"outcome": "contradicted", "reason": "A second trader denies it.", "version": 0},
    )
    assert posted.status == 302, posted.text[:500]
    after = browser.get(b + card)
    assert after.status == 200 and CONTRADICTED.findall(after.text) == ["1"]
    assert Claim.objects.get(pk=claim.pk).verdict == "contradicted"


def test_an_import_started_on_one_server_shows_its_progress_on_the_other(
    deployment, editor_browser
):
    a, b = deployment
    browser = editor_browser
    browser.log_in(a, username="two-server-editor", password=PASSWORD)
    browser.get(f"{a}/exchange/")
    started = browser.post(
        f"{a}/exchange/", {}, files={"file": ("big.json", document_bytes(claims=3000))}
    )
    assert started.status == 302, started.text[:500]
    job_page = started.headers["Location"]
    pk = int(re.fullmatch(r"/jobs/(\d+)/", job_page).group(1))
    seen = []

    def finished():
        state = browser.get(f"{b}/jobs/{pk}/status/").json()
        seen.append((state["status"], state["done"], state["total"]))
        return state["finished"]

    wait_until(finished, timeout=120, step=0.1, what="the import to finish, as seen from B")
    assert any(s == "running" and total and 0 < done < total for s, done, total in seen), seen
    assert seen[-1][0] == "succeeded" and seen[-1][1] == seen[-1][2]
    page = browser.get(b + job_page)
    assert page.status == 200 and "claims: 3000 created, 0 already present" in page.text
    assert Job.objects.get(pk=pk).worker.startswith("celery@")
    assert Claim.objects.count() == 3000
