#!/usr/bin/env python
"""Measure one newsroom size on PostgreSQL and print the figures as JSON.

Run by ``bench/run.py``; it can be run alone:

    .venv/bin/python bench/measure.py --claims 10000 --runs 5

Steps, each bounded:

1. a migrated, empty template database ``<prefix>_empty``;
2. ``<prefix>_<claims>``, filled by ``manage.py generate_newsroom`` (timed: the
   import figure), unless ``--reuse`` finds it already at that size;
3. the same rows loaded again with plain COPY into a fresh copy of the
   template (the import baseline);
4. pages through Django's test client (server time, query counts) beside
   hand-written SQL computing the same figures;
5. gunicorn on a free loopback port loaded by wrk, in short fixed runs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
sys.path.insert(0, str(ROOT))

BENCH_ENV = {
    "DJANGO_SECRET_KEY": "bench-only-secret-not-for-production",
    "DJANGO_DEBUG": "0",
    # The generator lives in the devdata app, which production never installs.
    "LEDGER_DEVDATA": "1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "DJANGO_LOG_LEVEL": "WARNING",
    "SOURCE_IDENTITY_KEYS": "YmVuY2gtb25seS1rZXktYmVuY2gtb25seS1rZXktMDE=",
    "DJANGO_SETTINGS_MODULE": "newsroom.settings",
}
# The rows the generator writes, in the order COPY must load them.
COPY_TABLES = [
    "sources_source",
    "sources_article",
    "sources_article_cites",
    "sources_claim",
    "sources_claim_topics",
    "sources_quantity",
    "sources_attribution",
    "sources_evidence",
    "sources_evidence_cites",
    "sources_evidencelink",
    "sources_verdict",
    "sources_sourcerollup",
]
# Small rows the generator makes through the ORM first; copied untimed.
SETUP_TABLES = [
    "auth_user",
    "auth_user_groups",
    "sources_desk",
    "sources_desk_members",
    "sources_outlet",
    "sources_region",
    "sources_topic",
]


SLOW_PAGE_S = 10.0
GIVE_UP_S = 120.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def median(values):
    return statistics.median(values) if values else None


# Databases ------------------------------------------------------------------------------


def admin_connect(base_url: str):
    import psycopg

    return psycopg.connect(f"{base_url}/postgres", autocommit=True)


def db_exists(base_url: str, name: str) -> bool:
    with admin_connect(base_url) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()


def recreate_db(base_url: str, name: str, template: str | None = None) -> None:
    with admin_connect(base_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        extra = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{name}"{extra}')


def drop_db(base_url: str, name: str) -> None:
    with admin_connect(base_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def env_for(base_url: str, name: str, **extra) -> dict:
    env = dict(os.environ)
    env.update(BENCH_ENV)
    env["DATABASE_URL"] = f"{base_url}/{name}"
    env.update(extra)
    return env


def manage(base_url: str, name: str, *args: str, capture: bool = True) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env_for(base_url, name),
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )
    return result.stdout or ""


def ensure_template(base_url: str, prefix: str) -> str:
    name = f"{prefix}_empty"
    log(f"migrating the empty template {name}")
    recreate_db(base_url, name)
    manage(base_url, name, "migrate", "--no-input", "-v", "0")
    return name


def claim_count(base_url: str, name: str) -> int | None:
    import psycopg

    try:
        with psycopg.connect(f"{base_url}/{name}") as conn:
            return conn.execute("SELECT count(*) FROM sources_claim").fetchone()[0]
    except psycopg.Error:
        return None


def generate(base_url: str, name: str, template: str, sources: int, claims: int, seed: int):
    """Create ``name`` from the template and fill it; return seconds the command reports."""
    recreate_db(base_url, name, template)
    output = manage(
        base_url,
        name,
        "generate_newsroom",
        f"--sources={sources}",
        f"--claims={claims}",
        f"--seed={seed}",
        "--no-progress",
        "--force",
    )
    match = re.search(r"in ([\d.]+) s", output)
    if not match:
        raise RuntimeError(f"generate_newsroom said: {output!r}")
    return float(match.group(1))


# Import baseline: plain COPY of the same rows -------------------------------------------


def dump_tables(base_url: str, name: str, folder: Path) -> None:
    import psycopg

    with psycopg.connect(f"{base_url}/{name}") as conn, conn.cursor() as cur:
        for table in SETUP_TABLES + COPY_TABLES:
            path = folder / f"{table}.copy"
            with open(path, "wb") as out, cur.copy(f"COPY {table} TO STDOUT") as copy:
                for block in copy:
                    out.write(block)


def copy_load(base_url: str, name: str, folder: Path, *, rebuild: bool = False) -> float:
    """Load the dumped rows into ``name`` (fresh from the template); time the big tables.

    Plain: COPY into the tables as they are, indexes and foreign keys live.
    ``rebuild``: the pg_restore way, as the generator does it: drop foreign keys
    and plain indexes, COPY, then build each index and check each key once.
    """
    import psycopg

    with psycopg.connect(f"{base_url}/{name}") as conn:
        with conn.cursor() as cur:
            for table in SETUP_TABLES:
                cur.execute(f"TRUNCATE {table} CASCADE")
                _copy_in(cur, table, folder)
        conn.commit()
        started = time.perf_counter()
        with conn.cursor() as cur:
            statements = _drop_secondary(cur) if rebuild else []
            for table in COPY_TABLES:
                _copy_in(cur, table, folder)
            for statement in statements:
                cur.execute(statement)
        conn.commit()
        return time.perf_counter() - started


def _drop_secondary(cur) -> list[str]:
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
    cur.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
        [COPY_TABLES],
    )
    keys = cur.fetchall()
    cur.execute(
        "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index "
        "WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conindid = indexrelid)",
        [COPY_TABLES],
    )
    indexes = cur.fetchall()
    for table, constraint, _ in keys:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{constraint}"')
    for index, _ in indexes:
        cur.execute(f"DROP INDEX {index}")
    return [definition for _, definition in indexes] + [
        f'ALTER TABLE {table} ADD CONSTRAINT "{constraint}" {definition}'
        for table, constraint, definition in keys
    ]


def _copy_in(cur, table: str, folder: Path) -> None:
    with (
        open(folder / f"{table}.copy", "rb") as source,
        cur.copy(f"COPY {table} FROM STDIN") as copy,
    ):
        while block := source.read(1 << 20):
            copy.write(block)


# In-process measurements ----------------------------------------------------------------


def django_setup(base_url: str, name: str) -> None:
    # Persistent connections, as gunicorn gets below: server time, not connection setup.
    os.environ.update(env_for(base_url, name, DJANGO_CONN_MAX_AGE="60"))
    import django

    django.setup()


class Deadline(BaseException):
    """Raised inside a request that ran too long; not an Exception, so Django won't catch it."""


def _alarm(signum, frame):
    raise Deadline


def get_within(client, url: str, seconds: float):
    """GET in-process, giving up after ``seconds`` (the database connection is then reset)."""
    from django.db import connection

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return client.get(url)
    except Deadline:
        connection.close()
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def time_request(client, url: str, runs: int):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    response = get_within(client, url, GIVE_UP_S)  # warm-up
    first = time.perf_counter() - started
    if response is None:
        log(f"GET {url} gave no answer within {GIVE_UP_S:.0f} s; not measured")
        return {"median_s": None, "gave_up_after_s": GIVE_UP_S, "queries": None}
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    if first > SLOW_PAGE_S:
        # Too slow to repeat: report the one request, flagged.
        log(f"GET {url} took {first:.1f} s; measured once")
        runs = 1
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    queries = len(captured)
    times = []
    size = 0
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        content = response.content
        times.append(time.perf_counter() - started)
        size = len(content)
    return {"median_s": median(times), "runs": times, "queries": queries, "bytes": size}


def time_once(client, url: str):
    """GET once, for pages too slow to repeat (a whole record recounted): time and queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        response = get_within(client, url, GIVE_UP_S)
        seconds = time.perf_counter() - started
    if response is None:
        log(f"GET {url} gave no answer within {GIVE_UP_S:.0f} s; not measured")
        return {"median_s": None, "gave_up_after_s": GIVE_UP_S, "queries": None}
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return {"median_s": seconds, "runs": [seconds], "queries": len(captured)}


def time_sql(sql: str, runs: int, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)  # warm-up
        rows = cursor.fetchall()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            cursor.execute(sql, params)
            rows = cursor.fetchall()
            times.append(time.perf_counter() - started)
    return {"median_s": median(times), "runs": times}, rows


def pages(runs: int) -> dict:
    from django.contrib.auth import get_user_model
    from django.db.models import Count
    from django.test import Client, override_settings
    from django.urls import NoReverseMatch, reverse

    from bench import sql
    from sources import reports
    from sources.models import Claim, SourceRollup

    editor = get_user_model().objects.get(username="gen-editor")
    client = Client()
    client.force_login(editor)
    results: dict = {"checks": {}}

    def url(name, **kwargs):
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            log(f"no URL named {name} yet; skipped")
            return None

    # 1. Leaderboard first page and the full per-source JSON report.
    leaderboard = url("sources:report", by="source")
    if leaderboard:
        leaderboard += "?sort=-interval_low"
        results["leaderboard"] = time_request(client, leaderboard, runs)
        # What the first editor after a write waits for: the fragment built afresh.
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            results["leaderboard_cold"] = time_request(client, leaderboard, runs)
        results["leaderboard_sql"], rows = time_sql(sql.LEADERBOARD_STORED, runs)
        results["leaderboard_sql_normalised"], normalised = time_sql(
            sql.LEADERBOARD_NORMALISED, runs
        )
        page = reports.report_page(viewer=editor, by="source", sort="-interval_low")
        app = [(row.group, round(row.interval_low or 0, 9)) for row in page.rows]
        results["checks"]["leaderboard_matches_sql"] = app == [
            (row[1], round(row[5] or 0, 9)) for row in rows
        ]
        results["checks"]["normalised_sql_matches"] = [r[1] for r in rows] == [
            r[1] for r in normalised
        ]
    full = url("sources:report_download", by="source", fmt="json")
    if full:
        results["full_report"] = time_request(client, full, runs)
        results["full_report_sql"], rows = time_sql(sql.FULL_REPORT_STORED, runs)
        app_rows = json.loads(client.get(full).content)
        app_rows = app_rows.get("rows", app_rows) if isinstance(app_rows, dict) else app_rows
        sql_rows = json.loads(rows[0][0] or "[]")
        results["checks"]["full_report_rows_match_sql"] = len(app_rows) == len(sql_rows)

    # 2. One source's card (the busiest source and a typical one), the vet page.
    rollups = list(SourceRollup.objects.filter(claims__gt=0).order_by("-claims", "pk"))
    busiest, typical = rollups[0].source_id, rollups[len(rollups) // 2].source_id
    results["sources"] = {"busiest": [busiest, rollups[0].claims]}
    results["sources"]["typical"] = [typical, rollups[len(rollups) // 2].claims]
    for label, pk in (("busiest", busiest), ("typical", typical)):
        card = url("sources:source_card", pk=pk)
        if card:
            results[f"card_{label}"] = time_request(client, card, runs)
            results[f"card_{label}_sql"], _ = time_sql(sql.ONE_SOURCE_STORED, runs, [pk])
    vet = url("sources:vet")
    # The vet form takes the source's codename.
    codenames = dict(
        SourceRollup.objects.filter(pk__in=[busiest, typical]).values_list("pk", "source__codename")
    )
    if vet:
        vet_typical = f"{vet}?" + urlencode({"source": codenames[typical]})
        results["vet"] = time_request(client, vet_typical, runs)
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            results["vet_cold"] = time_request(client, vet_typical, runs)
        results["vet_busiest"] = time_request(
            client, f"{vet}?" + urlencode({"source": codenames[busiest]}), runs
        )
        results["vet_text"] = time_request(
            client, f"{vet_typical}&text=meth+price+border+Hyesan", runs
        )
        results["vet_sql"], _ = time_sql(sql.ONE_SOURCE_STORED, runs, [typical])
    claim = (
        Claim.objects.annotate(n=Count("links")).filter(n__gte=2).order_by("pk").first()
        or Claim.objects.order_by("pk").first()
    )
    detail = url("sources:claim_detail", pk=claim.pk)
    if detail:
        results["claim_page"] = time_request(client, detail, runs)
        with override_settings(FRAGMENT_CACHE_SECONDS=0):
            results["claim_page_cold"] = time_request(client, detail, runs)
    # 3. Issue 13: records as of a date, suggested networks, origin counting, the copy check.
    from bench import track_records

    as_of = "2019-12-31"
    for label, pk in (("busiest", busiest), ("typical", typical)):
        card = url("sources:source_card", pk=pk)
        if card:
            results[f"card_{label}_as_of"] = time_request(client, f"{card}?as_of={as_of}", runs)
    if leaderboard:
        # Every claim recounted from its dated rows: timed once, as a download would be.
        results["leaderboard_as_of"] = time_once(client, f"{leaderboard}&as_of={as_of}")
    suggested = url("sources:network_suggestions")
    if suggested:
        results["network_suggestions"] = time_once(client, suggested)
    claims = Claim.objects.count()
    log("origin counting per claim")
    results["origins"] = track_records.origin_counting()
    log("copy check per text")
    results["copies"] = track_records.copy_check(index_size=max(1000, claims // 10))
    # Many claims, one after another, for a load run that misses the page cache.
    many = Claim.objects.order_by("-pk").values_list("pk", flat=True)[:MANY_CLAIMS]
    results["urls"] = {
        "vet": vet_typical if vet else None,
        "claim": detail,
        "claim_many": [url("sources:claim_detail", pk=pk) for pk in many] if detail else None,
        "leaderboard": leaderboard,
        "login": reverse("login"),
    }
    results["session"] = client.cookies["sessionid"].value
    return results


# Under load -----------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not open port {port}")


def warm_up(port: int, path: str, session: str, timeout: float = 90) -> None:
    """Wait until the workers have booted and answered a few real requests."""
    import urllib.request

    deadline = time.time() + timeout
    answered = 0
    while answered < 10:
        if time.time() > deadline:
            raise RuntimeError("gunicorn workers did not answer in time")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": f"sessionid={session}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                answered += response.status == 200
        except OSError:
            time.sleep(0.5)


def parse_wrk(output: str) -> dict:
    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    requests = re.search(r"(\d+) requests in", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else None,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": int(requests.group(1)) if requests else 0,
        "non_2xx": int(bad.group(1)) if bad else 0,
        "timeouts": int(timeouts.group(1)) if timeouts else 0,
    }


# Claim pages the cold load run walks through: more than it can ask for in a run, so
# every request is a first visit for its worker and the page cache never helps.
MANY_CLAIMS = 5000

# wrk asks for each path in turn, each thread starting at its own place in the list.
ROTATE_LUA = """
local threads = 0
function setup(thread)
  thread:set("start", threads * 2000)
  threads = threads + 1
end
function init(args)
  counter = start
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def _rotation_script(folder: Path, paths: list[str]) -> Path:
    script = folder / "rotate.lua"
    listed = ",\n".join(f'  "{path}"' for path in paths)
    script.write_text(f"paths = {{\n{listed}\n}}\n{ROTATE_LUA}")
    return script


def under_load(base_url, name, urls, session, *, duration, connections, runs, slow) -> dict:
    if not shutil.which("wrk"):
        log("wrk is not installed (apt-get install -y wrk); load test skipped")
        return {"skipped": "wrk not installed"}
    port = free_port()
    server = subprocess.Popen(
        [
            GUNICORN,
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env_for(base_url, name, DJANGO_CONN_MAX_AGE="60"),
        start_new_session=True,
    )
    results = {"port": port, "workers": 2, "connections": connections, "duration_s": duration}
    folder = Path(tempfile.mkdtemp(prefix="sl_bench_wrk_"))
    try:
        wait_for(port)
        for label in ("login", "vet", "leaderboard", "claim", "claim_many"):
            path = urls.get(label)
            if not path:
                continue
            if slow.get(label.removesuffix("_many")):
                results[label] = {"skipped": "slower than 2 s per request in-process"}
                continue
            script = []
            if isinstance(path, list):
                script = ["-s", str(_rotation_script(folder, path))]
                path = path[0]
            warm_up(port, path, session)
            target = f"http://127.0.0.1:{port}{path}"
            figures = []
            for _ in range(runs):
                output = subprocess.run(
                    [
                        "wrk",
                        "-t2",
                        f"-c{connections}",
                        f"-d{duration}s",
                        "--timeout",
                        "10s",
                        "--latency",
                        "-H",
                        f"Cookie: sessionid={session}",
                        *script,
                        target,
                    ],
                    check=True,
                    text=True,
                    capture_output=True,
                ).stdout
                figures.append(parse_wrk(output))
            results[label] = {
                "rps": median([f["rps"] for f in figures]),
                "p50_ms": median([f["p50_ms"] for f in figures]),
                "p99_ms": median([f["p99_ms"] for f in figures]),
                "non_2xx": sum(f["non_2xx"] for f in figures),
                "timeouts": sum(f["timeouts"] for f in figures),
                "runs": figures,
            }
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    return results


def too_slow(pages_result: dict, key: str, limit_s: float = 2.0) -> bool:
    """Return whether a page is too slow (or failed) in-process to be worth a load run."""
    median_s = (pages_result.get(key) or {}).get("median_s")
    return median_s is None or median_s > limit_s


# Main -------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10_000)
    parser.add_argument("--sources", type=int, default=None, help="Default: claims ÷ 50.")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--runs", type=int, default=5, help="Timed runs per figure.")
    parser.add_argument("--import-runs", type=int, default=None, help="Default 3, 1 at 1M.")
    parser.add_argument("--load-duration", type=int, default=10, help="Seconds per wrk run.")
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--prefix", default="sl_bench")
    parser.add_argument(
        "--pg", default=os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
    )
    parser.add_argument("--reuse", action="store_true", help="Keep a database at this size.")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--skip-pages", action="store_true", help="Import figures only.")
    args = parser.parse_args()
    sources = args.sources or max(100, args.claims // 50)
    import_runs = args.import_runs or (1 if args.claims >= 500_000 else 3)
    name = f"{args.prefix}_{args.claims}"
    result: dict = {"claims": args.claims, "sources": sources, "seed": args.seed, "db": name}

    template = ensure_template(args.pg, args.prefix)
    have = claim_count(args.pg, name) if args.reuse and db_exists(args.pg, name) else None
    generated = []
    if have != args.claims:
        log(f"generating {args.claims} claims into {name}")
        generated.append(generate(args.pg, name, template, sources, args.claims, args.seed))
    else:
        log(f"reusing {name} ({have} claims)")
        manage(args.pg, name, "migrate", "--no-input", "-v", "0")
    if not args.skip_import:
        scratch = f"{args.prefix}_scratch"
        for _ in range(import_runs - len(generated)):
            log(f"import run: generating {args.claims} claims into {scratch}")
            generated.append(generate(args.pg, scratch, template, sources, args.claims, args.seed))
        copies, rebuilt = [], []
        with tempfile.TemporaryDirectory(prefix="sl_bench_copy_") as folder:
            dump_tables(args.pg, name, Path(folder))
            for _ in range(import_runs):
                recreate_db(args.pg, scratch, template)
                log(f"import baseline: plain COPY of the same rows into {scratch}")
                copies.append(copy_load(args.pg, scratch, Path(folder)))
                recreate_db(args.pg, scratch, template)
                log(f"import baseline: COPY into bare tables + rebuild, into {scratch}")
                rebuilt.append(copy_load(args.pg, scratch, Path(folder), rebuild=True))
        drop_db(args.pg, scratch)
        result["import"] = {
            "generator_s": median(generated),
            "generator_runs": generated,
            "copy_s": median(copies),
            "copy_runs": copies,
            "copy_rebuild_s": median(rebuilt),
            "copy_rebuild_runs": rebuilt,
            "generator_claims_per_s": args.claims / median(generated),
            "copy_claims_per_s": args.claims / median(copies),
            "copy_rebuild_claims_per_s": args.claims / median(rebuilt),
        }

    if args.skip_pages:
        print(json.dumps(result))
        return
    log("pages and SQL baselines")
    manage(args.pg, name, "collectstatic", "--no-input", "-v", "0")
    django_setup(args.pg, name)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        result["postgres"] = cursor.fetchone()[0]
    result["pages"] = pages(args.runs)
    session = result["pages"].pop("session")
    connection.close()
    if not args.skip_load:
        log("under load: gunicorn + wrk")
        result["load"] = under_load(
            args.pg,
            name,
            result["pages"]["urls"],
            session,
            duration=args.load_duration,
            connections=args.connections,
            runs=args.load_runs,
            slow={
                "vet": too_slow(result["pages"], "vet"),
                "claim": too_slow(result["pages"], "claim_page"),
                "leaderboard": too_slow(result["pages"], "leaderboard"),
            },
        )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
