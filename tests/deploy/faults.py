#!/usr/bin/env python
"""The fault test (``make faults``): break the deployment under load and count what failed.

    make faults                      # about two minutes
    .venv/bin/python -m tests.deploy.faults --seconds 8 --threads 4

Everything runs on private servers started for the run, so no other user of
this machine is disturbed: a PostgreSQL cluster of its own (``initdb`` into a
temporary directory, as the postgres user, on a free port), a ``redis-server``
of its own, one Celery worker and gunicorn with two workers, all with the
production settings (debug off) and persistent database connections.

Load threads, each a signed-in editor, read source cards, claim pages and the
leaderboard and record verdicts, while in turn:

1. PostgreSQL is restarted (``pg_ctl restart -m fast``): requests in flight
   and until it is back must get the 503 page, never a 500; the app must
   recover by itself.
2. Every gunicorn worker is SIGKILLed while one of them writes a large import
   inside its transaction: nothing of that file may stay.
3. Redis is stopped for a while and started again, empty: pages must still
   serve, uncached.

Then ``verify_rollups --all`` must find 0 differences. The figures are
printed and written to artifacts/faults.json; docs/deploy.md reports them.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tests.deploy.processes import (
    BIN,
    ROOT,
    Browser,
    free_port,
    port_open,
    start,
    start_gunicorn,
    start_worker,
    wait_until,
)

_PG_BINS = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))
PG_BIN = _PG_BINS[-1] if _PG_BINS else None
PASSWORD = "faults-editor-pass-7"
VERSION = re.compile(r'name="version" value="(\d+)"')
OUTCOMES = ["corroborated", "contradicted", "disputed", "unverifiable"]


def log(message: str) -> None:
    print(f"[faults {time.strftime('%H:%M:%S')}] {message}", flush=True)


def as_postgres(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class PrivatePostgres:
    """A PostgreSQL cluster of this run's own, in a temporary directory."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.data = folder / "pgdata"
        self.port = free_port()

    def init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        shutil.chown(self.folder, "postgres", "postgres")
        as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust"]
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.folder}'\nfsync = off\n"
                "max_connections = 60\n"
            )

    def pg_ctl(self, *args: str) -> None:
        as_postgres(
            [
                str(PG_BIN / "pg_ctl"),
                "-D",
                str(self.data),
                "-l",
                str(self.folder / "pg.log"),
                "-w",
                "-t",
                "60",
                *args,
            ]
        )

    def start(self) -> None:
        self.pg_ctl("start")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self.pg_ctl("-m", "immediate", "stop")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"


class Tally:
    """Every request's answer, by phase: status codes, and errors with no answer at all."""

    def __init__(self):
        self.lock = threading.Lock()
        self.phase = "warm-up"
        self.signed_in = 0
        self.counts: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
        self.events: list[tuple[float, str, str]] = []

    def record(self, outcome: str) -> None:
        with self.lock:
            self.counts[self.phase][outcome] += 1
            self.events.append((time.monotonic(), self.phase, outcome))

    def set_phase(self, phase: str) -> None:
        with self.lock:
            self.phase = phase


def load(base: str, tally: Tally, stop: threading.Event, *, claims: list[int], sources: list[int]):
    """Read and write like an editor until ``stop``; record each answer."""
    browser = Browser(timeout=15)
    rng = random.Random()
    while not stop.is_set():
        try:
            browser.log_in(base, username="faults-editor", password=PASSWORD)
            with tally.lock:
                tally.signed_in += 1
            break
        except Exception:
            time.sleep(0.2)
    while not stop.is_set():
        choice = rng.random()
        try:
            if choice < 0.35:
                answer = browser.get(f"{base}/reports/sources/{rng.choice(sources)}/")
            elif choice < 0.55:
                answer = browser.get(f"{base}/reports/source/")
            else:
                claim = rng.choice(claims)
                answer = browser.get(f"{base}/claims/{claim}/")
                found = VERSION.search(answer.text) if answer.status == 200 else None
                if choice >= 0.8 and found:
                    tally.record(str(answer.status))
                    answer = browser.post(
                        f"{base}/claims/{claim}/verdict/",
                        {
                            "outcome": rng.choice(OUTCOMES),
                            "reason": "Load test verdict.",
                            "version": found.group(1),
                        },
                    )
            tally.record(str(answer.status))
            if answer.status >= 500 and answer.status != 503:
                tally.record(f"body:{answer.text[:120]!r}")
        except Exception as error:  # a connection the server dropped or refused
            tally.record(f"no answer ({type(error).__name__})")
            time.sleep(0.05)


def first_success_after(tally: Tally, start: float) -> float | None:
    with tally.lock:
        times = [t for t, _, outcome in tally.events if t > start and outcome in ("200", "302")]
    return min(times) - start if times else None


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def writing_transactions(database: str) -> list[tuple]:
    """Return the open transactions on ``database`` that have written something."""
    from django.db import connection

    connection.close()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, now() - xact_start FROM pg_stat_activity "
            "WHERE datname = %s AND backend_xid IS NOT NULL AND pid <> pg_backend_pid()",
            [database],
        )
        return cursor.fetchall()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="Load per phase.")
    parser.add_argument("--threads", type=int, default=4, help="Load threads.")
    parser.add_argument("--claims", type=int, default=400, help="Claims in the newsroom.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()
    if PG_BIN is None or shutil.which("redis-server") is None:
        log("needs PostgreSQL's server binaries and redis-server on this machine")
        return 2

    folder = Path(tempfile.mkdtemp(prefix="ledger-faults-"))
    folder.chmod(0o755)  # the postgres user keeps its cluster inside
    postgres = PrivatePostgres(folder / "pg")
    processes = []
    redis_port = free_port()

    def start_redis():
        server = start(
            "redis",
            [
                shutil.which("redis-server"),
                "--port",
                str(redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            env=dict(os.environ),
            folder=folder,
        )
        wait_until(lambda: port_open("127.0.0.1", redis_port), timeout=10, what="redis")
        return server

    results: dict = {}
    stop = threading.Event()
    try:
        log(f"private PostgreSQL on port {postgres.port}, Redis on {redis_port}, in {folder}")
        postgres.init()
        postgres.start()
        subprocess.run(
            [
                str(PG_BIN / "createdb"),
                "-h",
                "127.0.0.1",
                "-p",
                str(postgres.port),
                "-U",
                "postgres",
                "ledger_faults",
            ],
            check=True,
        )
        redis = start_redis()
        processes.append(redis)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DJANGO_DEBUG": "off",
            "DJANGO_SECRET_KEY": "faults-only-secret-key-not-for-production-use",
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "off",
            "DJANGO_SECURE_COOKIES": "off",
            "DJANGO_HSTS_SECONDS": "0",
            "SOURCE_IDENTITY_KEYS": "ZmF1bHRzLW9ubHkta2V5LWZhdWx0cy1vbmx5LWtleTE=",
            "DATABASE_URL": postgres.url("ledger_faults"),
            "DJANGO_CONN_MAX_AGE": "60",
            "REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
            "LEDGER_JOBS": "celery",
            "LEDGER_JOB_IMPORT_BYTES": str(50 * 1024 * 1024),
            "AXES_ENABLED": "off",
            "DJANGO_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        os.environ.update({k: env[k] for k in env if k not in ("PYTHONUNBUFFERED",)})
        log("migrating, collecting static files")
        subprocess.run(
            [str(BIN / "python"), "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        subprocess.run(
            [str(BIN / "python"), "manage.py", "migrate", "--no-input", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.db import connection

        from sources import roles
        from sources.exchange.importer import import_file
        from sources.models import Article, Claim, Source
        from tests.jobs.documents import document_bytes

        editor = get_user_model().objects.create_user("faults-editor", password=PASSWORD)
        editor.groups.add(*Group.objects.filter(name=roles.EDITOR))
        import_file(document_bytes(claims=args.claims, sources=20, prefix="seed"), name="seed")
        claims = list(Claim.objects.values_list("pk", flat=True))
        sources = list(Source.objects.values_list("pk", flat=True))
        connection.close()

        processes.append(start_worker(env=env, folder=folder))
        port = free_port()
        gunicorn = start_gunicorn(port=port, env=env, folder=folder, workers=2)
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{port}"

        tally = Tally()
        threads = [
            threading.Thread(
                target=load,
                args=(base, tally, stop),
                kwargs={"claims": claims, "sources": sources},
                daemon=True,
            )
            for _ in range(args.threads)
        ]
        for thread in threads:
            thread.start()
        wait_until(lambda: tally.signed_in == len(threads), timeout=120, step=0.1, what="sign-ins")
        time.sleep(1)

        tally.set_phase("baseline")
        log("baseline load")
        time.sleep(args.seconds)

        tally.set_phase("postgres restart")
        log("restarting PostgreSQL under load")
        restart_at = time.monotonic()
        postgres.restart()
        back_at = time.monotonic()
        time.sleep(args.seconds)
        results["postgres_restart_seconds"] = round(back_at - restart_at, 2)
        results["first_success_after_restart_began_s"] = first_success_after(tally, restart_at)

        tally.set_phase("worker killed mid-write")
        log("killing every gunicorn worker while one writes an import")
        upload = Browser(timeout=60)
        upload.log_in(base, username="faults-editor", password=PASSWORD)
        upload.get(f"{base}/exchange/")
        answer: dict = {}

        def post_import():
            try:
                document = document_bytes(claims=4000, sources=5, prefix="killed")
                answer["response"] = upload.post(
                    f"{base}/exchange/", {}, files={"file": ("killed.json", document)}
                )
            except Exception as error:
                answer["error"] = f"{type(error).__name__}: {error}"

        poster = threading.Thread(target=post_import)
        poster.start()
        writing = wait_until(
            lambda: [
                t for t in writing_transactions("ledger_faults") if t[1].total_seconds() > 0.3
            ],
            timeout=60,
            step=0.05,
            what="the import to be writing",
        )
        workers = children(gunicorn.popen.pid)
        kill_at = time.monotonic()
        for pid in workers:
            os.kill(pid, 9)
        poster.join(timeout=60)
        time.sleep(args.seconds)
        results["killed_workers"] = len(workers)
        results["writing_transactions_at_kill"] = len(writing)
        results["import_request_outcome"] = answer.get("error") or answer["response"].status
        results["first_answer_after_kill_s"] = first_success_after(tally, kill_at)
        connection.close()
        results["rows_left_by_killed_import"] = {
            "articles": Article.objects.filter(external_id__startswith="killed-").count(),
            "claims": Claim.objects.filter(external_id__startswith="killed-").count(),
            "sources": Source.objects.filter(codename__startswith="KILLED-").count(),
        }

        tally.set_phase("redis down")
        log("stopping Redis under load")
        redis.kill()
        time.sleep(args.seconds)
        tally.set_phase("redis back")
        log("starting Redis again (empty)")
        redis = start_redis()
        processes.append(redis)
        time.sleep(args.seconds)

        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        log("verify_rollups --all")
        verified = subprocess.run(
            [str(BIN / "python"), "manage.py", "verify_rollups", "--all"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        results["verify_rollups"] = {
            "exit": verified.returncode,
            "output": verified.stdout.strip().splitlines()[-2:],
        }
        results["phases"] = {phase: dict(counter) for phase, counter in tally.counts.items()}
        server_errors = sum(
            n
            for counter in tally.counts.values()
            for outcome, n in counter.items()
            if outcome.isdigit() and int(outcome) >= 500 and outcome != "503"
        )
        results["server_errors_other_than_503"] = server_errors
        passed = (
            server_errors == 0
            and verified.returncode == 0
            and not any(results["rows_left_by_killed_import"].values())
            and results["first_success_after_restart_began_s"] is not None
        )
        results["passed"] = passed
        out = ROOT / "artifacts"
        out.mkdir(exist_ok=True)
        (out / "faults.json").write_text(json.dumps(results, indent=2, default=str))
        print(json.dumps(results, indent=2, default=str))
        for process in processes:
            if process.name.startswith("gunicorn") and "Traceback" in process.output():
                log(f"{process.name} logged a traceback (see {process.log})")
        log("PASSED" if passed else "FAILED")
        return 0 if passed else 1
    finally:
        stop.set()
        for process in processes:
            process.stop()
        postgres.stop()
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
