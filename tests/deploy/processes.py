"""Start and stop the real processes of a deployment for tests: Celery workers, gunicorn, Redis.

Used by the job tests (a real worker on a real Redis), the two-server test
and ``make faults``. Every process is started in its own session so it can
be killed with all its children, and its output goes to a log file that a
failing test prints.
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# Each user of Redis in the suite gets its own database number, per xdist worker.
REDIS_DBS = {"jobs": 7, "servers": 8, "cache": 9}


def require_services() -> bool:
    """Return whether a missing service must fail the test (``LEDGER_REQUIRE_SERVICES=1``)."""
    return os.environ.get("LEDGER_REQUIRE_SERVICES", "").strip() == "1"


def skip_or_fail(reason: str) -> None:
    if require_services():
        pytest.fail(f"{reason}; LEDGER_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
    pytest.skip(reason)


def port_open(host: str, port: int, timeout: float = 0.3) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


def redis_url(purpose: str) -> str:
    """Return the URL of this purpose's Redis database, or skip (fail in CI) without Redis."""
    if not port_open(REDIS_HOST, REDIS_PORT):
        skip_or_fail(f"needs Redis on {REDIS_HOST}:{REDIS_PORT} (apt-get install redis-server)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    index = int(worker[2:]) if worker[2:].isdigit() else 0
    db = REDIS_DBS[purpose] + 3 * index
    return f"redis://{REDIS_HOST}:{REDIS_PORT}/{db}"


def flush_redis(url: str) -> None:
    """Empty this one Redis database (never the others)."""
    import redis

    redis.Redis.from_url(url).flushdb()


def database_url(settings_dict: dict) -> str:
    """Return a DATABASE_URL for the database a Django connection's settings name."""
    if "sqlite" in settings_dict["ENGINE"]:
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or "postgres"
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}" if password else user
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}@{host}:{port}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def base_env(**extra: str) -> dict[str, str]:
    """Return the environment for a server or worker running the test settings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "newsroom.settings_test",
        "PYTHONUNBUFFERED": "1",
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    env.update(extra)
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def output(self) -> str:
        try:
            return self.log.read_text(errors="replace")
        except OSError:
            return ""

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the process and its children at once: no clean-up runs."""
        if self.alive():
            os.killpg(self.popen.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def stop(self, timeout: float = 10) -> None:
        if not self.alive():
            return
        os.killpg(self.popen.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()


def start(name: str, args: list[str], *, env: dict[str, str], folder: Path) -> Process:
    folder.mkdir(parents=True, exist_ok=True)
    log = folder / f"{name}-{uuid.uuid4().hex[:6]}.log"
    with log.open("wb") as out:
        popen = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    return Process(name=name, popen=popen, log=log)


def wait_until(test, *, timeout: float, step: float = 0.05, what: str = "condition"):
    """Call ``test`` until it returns something true, and return that; fail after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        found = test()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(step)


def start_worker(*, env: dict[str, str], folder: Path, timeout: float = 90) -> Process:
    """Start ``celery -A newsroom worker`` (one process) and wait until it takes tasks."""
    worker = start(
        "celery",
        [
            str(BIN / "celery"),
            "-A",
            "newsroom",
            "worker",
            "--pool=solo",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "-n",
            f"test-{uuid.uuid4().hex[:8]}@%h",
        ],
        env=env,
        folder=folder,
    )
    try:
        wait_until(
            lambda: "ready." in worker.output() or not worker.alive(),
            timeout=timeout,
            step=0.2,
            what="the Celery worker to be ready",
        )
    except AssertionError:
        worker.kill()
        raise
    if not worker.alive():
        raise AssertionError(f"the Celery worker exited:\n{worker.output()[-3000:]}")
    return worker


def start_gunicorn(
    *, port: int, env: dict[str, str], folder: Path, workers: int = 1, timeout: float = 60
) -> Process:
    """Start gunicorn serving the project on 127.0.0.1:``port`` and wait until it answers."""
    server = start(
        f"gunicorn-{port}",
        [
            str(BIN / "gunicorn"),
            "newsroom.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--graceful-timeout",
            "2",
        ],
        env=env,
        folder=folder,
    )
    try:
        wait_until(
            lambda: port_open("127.0.0.1", port) or not server.alive(),
            timeout=timeout,
            step=0.1,
            what=f"gunicorn on port {port}",
        )
    except AssertionError:
        server.kill()
        raise
    if not server.alive():
        raise AssertionError(f"gunicorn exited:\n{server.output()[-3000:]}")
    return server


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def json(self):
        return json.loads(self.body)


class Browser:
    """A cookie-keeping HTTP client, like a person with one browser, for several servers.

    Cookies belong to the host, not the port, so a session begun on one server
    is sent to the other, as a proxy in front of both would arrange.
    """

    def __init__(self, *, timeout: float = 30):
        self.cookies = http.cookiejar.CookieJar()
        self.timeout = timeout
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirect()
        )

    def cookie(self, name: str) -> str | None:
        return next((c.value for c in self.cookies if c.name == name), None)

    def request(self, url: str, *, data: bytes | None = None, headers=None) -> Answer:
        req = urllib.request.Request(url, data=data, headers=headers or {})
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, url: str) -> Answer:
        return self.request(url)

    def post(
        self, url: str, fields: dict, *, files: dict | None = None, referer: str = ""
    ) -> Answer:
        """POST a form with the CSRF token from the cookie; ``files``: name -> (filename, bytes)."""
        fields = {"csrfmiddlewaretoken": self.cookie("csrftoken") or "", **fields}
        headers = {"Referer": referer or url}
        if files:
            boundary = uuid.uuid4().hex
            parts = []
            for name, value in fields.items():
                parts.append(
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                    f"{value}\r\n".encode()
                )
            for name, (filename, content) in files.items():
                head = (
                    f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                    f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
                )
                parts.append(head.encode() + content + b"\r\n")
            parts.append(f"--{boundary}--\r\n".encode())
            body = b"".join(parts)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            body = urllib.parse.urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        return self.request(url, data=body, headers=headers)

    def log_in(self, base: str, *, username: str, password: str) -> None:
        self.get(f"{base}/accounts/login/")
        answer = self.post(f"{base}/accounts/login/", {"username": username, "password": password})
        if answer.status != 302:
            raise AssertionError(f"login refused ({answer.status}): {answer.text[:500]}")
