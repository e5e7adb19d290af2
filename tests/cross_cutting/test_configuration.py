"""Starting the app: a missing setting gets a short message, and `make demo` takes a PORT."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False
    )


def test_manage_py_without_debug_or_a_secret_key_says_what_to_set():
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"DJANGO_SETTINGS_MODULE", "DJANGO_DEBUG", "DJANGO_SECRET_KEY"}
    }
    result = run(sys.executable, "manage.py", "check", env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "DJANGO_SECRET_KEY is not set" in result.stderr
    assert "export DJANGO_SECRET_KEY=" in result.stderr and "DJANGO_DEBUG=1" in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 5


def test_make_demo_serves_on_the_port_asked_for_with_the_public_record_on():
    given = run("make", "-n", "demo", "PORT=8123").stdout
    assert "runserver 127.0.0.1:8123" in given and "PUBLIC_TRACK_RECORD=1" in given
    assert "runserver 127.0.0.1:8000" in run("make", "-n", "demo").stdout


def test_make_test_installs_axe_core_with_npm_ci():
    # -W pretends the lock file just changed, so make shows what it would run.
    planned = run("make", "-n", "-W", "package-lock.json", "node_modules").stdout
    assert "npm ci" in planned
    lock = (ROOT / "package-lock.json").read_text()
    assert '"node_modules/axe-core"' in lock and '"integrity": "sha512-' in lock
