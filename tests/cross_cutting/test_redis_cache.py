"""The shared cache when Redis goes away: pages serve uncached, and nothing stale survives.

A private ``redis-server`` is started on a free port for these tests, so it
can be stopped and frozen without touching the machine's Redis.
"""

from __future__ import annotations

import os
import shutil
import signal
import time

import pytest
import redis
from django.urls import reverse

from newsroom.cache import ForgivingRedisCache
from tests.deploy.processes import free_port, port_open, skip_or_fail, start, wait_until
from tests.views.pages_data import newsroom


@pytest.fixture
def redis_server(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        skip_or_fail("needs redis-server (apt-get install redis-server)")
    port = free_port()
    server = start(
        "redis",
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        env=dict(os.environ),
        folder=tmp_path,
    )
    wait_until(lambda: port_open("127.0.0.1", port), timeout=10, what="redis-server")
    server.port = port
    yield server
    if server.alive():
        os.killpg(server.popen.pid, signal.SIGCONT)
    server.stop()


def _cache(port: int) -> ForgivingRedisCache:
    return ForgivingRedisCache(
        f"redis://127.0.0.1:{port}/0",
        {
            "KEY_PREFIX": "ledger",
            "OPTIONS": {
                "RETRY_AFTER": 0.2,
                "socket_connect_timeout": 0.2,
                "socket_timeout": 0.2,
            },
        },
    )


def test_with_redis_stopped_every_call_answers_uncached_and_quickly(redis_server):
    cache = _cache(redis_server.port)
    cache.set("k", "cached")
    assert cache.get("k") == "cached"
    redis_server.kill()
    started = time.monotonic()
    assert cache.get("k", "missing") == "missing"
    assert cache.set("k", "again") is None
    assert cache.get_many(["k", "j"]) == {}
    assert cache.incr("counter") is None
    assert cache.add("k", 1) is False
    builds = []
    for _ in range(3):
        assert cache.get_or_set("built", lambda: builds.append(1) or "fresh") == "fresh"
    assert len(builds) == 3  # nothing was kept: each read built it again
    assert time.monotonic() - started < 2.0
    assert not cache.reachable


def test_a_bump_lost_while_redis_was_frozen_clears_the_cache_when_it_answers_again(
    redis_server,
):
    cache = _cache(redis_server.port)
    raw = redis.Redis(host="127.0.0.1", port=redis_server.port)
    cache.set("sources:version:rollups", 5, timeout=None)
    cache.set("card", "built from version 5")
    raw.set("celery-queue-key", "not ours")
    os.killpg(redis_server.popen.pid, signal.SIGSTOP)
    try:
        # A write commits and bumps its version while Redis does not answer.
        assert cache.incr("sources:version:rollups") is None
    finally:
        os.killpg(redis_server.popen.pid, signal.SIGCONT)
    time.sleep(0.25)  # past RETRY_AFTER: the cache tries Redis again
    # Redis kept the old version and entry; they must not be served as current.
    assert cache.get("card") is None
    assert cache.get("sources:version:rollups") is None
    assert raw.get("celery-queue-key") == b"not ours"  # only the Ledger's keys were cleared


def test_pages_still_serve_when_the_shared_cache_is_down(client, editor, settings):
    dead = free_port()  # nothing listens there
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": f"redis://127.0.0.1:{dead}/0",
            "KEY_PREFIX": "ledger",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    newsroom()
    client.force_login(editor)
    for name in ("sources:story_file", "sources:vet", "sources:home"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
    assert '<option value="LARCH">' in client.get(reverse("sources:story_file")).content.decode()
