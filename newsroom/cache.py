"""Django's Redis cache, made to treat an unreachable Redis as an empty cache.

Django's ``RedisCache`` raises when Redis is down, which would turn every
page into an error; a cache is an optimisation, so here a lost Redis means
"uncached": reads miss, writes are dropped, and the pages are built from the
database. After a failure Redis is left alone for ``RETRY_AFTER`` seconds, so
an outage costs one refused connection per process per interval, not one per
cache call.

Cached entries are keyed on versions the services bump
(``sources.cache_versions``). A bump lost while Redis was unreachable could
leave an old entry looking current once Redis is back, so a process that lost
one clears the Ledger's keys the first time Redis answers again.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


class ForgivingRedisCache(RedisCache):
    """A ``RedisCache`` whose calls answer "not cached" while Redis cannot be reached."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.retry_after = float(options.pop("RETRY_AFTER", 5.0))
        super().__init__(server, {**params, "OPTIONS": options})
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._lost_invalidation = False

    @property
    def reachable(self) -> bool:
        """Return whether Redis is believed reachable: False in the back-off after a failure."""
        return time.monotonic() >= self._down_until

    def _call(self, default, method, *args, invalidates: bool = False, **kwargs):
        if not self.reachable:
            if invalidates:
                self._lost_invalidation = True
            return default
        try:
            if self._lost_invalidation:
                self._clear_own_keys()
                self._lost_invalidation = False
                logger.warning("Redis is back; cleared the cache after lost invalidations.")
            return method(*args, **kwargs)
        except UNREACHABLE as error:
            with self._lock:
                first = self.reachable
                self._down_until = time.monotonic() + self.retry_after
                if invalidates:
                    self._lost_invalidation = True
            if first:
                logger.warning("Redis unreachable, serving uncached: %s", error)
            return default

    def _clear_own_keys(self) -> None:
        """Delete this cache's keys (its prefix) without flushing the rest of the Redis db.

        The Celery broker may share the database; ``flushdb`` would drop its queue.
        """
        client = self._cache.get_client(write=True)
        pattern = f"{self.key_prefix}:*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) >= 1000:
                client.delete(*batch)
                batch.clear()
        if batch:
            client.delete(*batch)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version, invalidates=True)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        return self._call(None, super().incr, key, delta, version, invalidates=True)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(list(data), super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version, invalidates=True)

    def clear(self):
        return self._call(False, self._clear_own_keys, invalidates=True)
