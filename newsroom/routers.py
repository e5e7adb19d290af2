"""Send report reads to a read replica, and a user's reads to the primary right after they write.

With ``DATABASE_REPLICA_URL`` set, the database alias ``replica`` is a
streaming standby of the primary. Reads of the newsroom's tables (the
``sources`` app) go to it when all of these hold:

- the request is a GET or HEAD of a report page (``settings.REPLICA["PATHS"]``),
  or the code asked for it with ``replica_reads()``;
- the reader did not write in the last ``PRIMARY_AFTER_WRITE_SECONDS``
  (read-your-writes: a cookie, and for signed-in users a note in the shared
  cache, so a token client or a second browser is covered too);
- no write transaction is open on the primary (a read inside one must see it);
- the standby's replay lag is under ``MAX_LAG_SECONDS``, asked of the servers
  at most once every ``LAG_CHECK_SECONDS`` per process; a standby that does
  not answer counts as lagging.

Everything else (writes, sessions, users and roles, other pages) uses the
primary. Without a replica the router answers nothing and Django uses
``default`` throughout.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import threading
import time
from collections.abc import Iterator

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

REPLICA = "replica"
# Only the newsroom's own tables are read from the standby; auth and sessions never are.
REPLICA_APPS = frozenset({"sources"})
COOKIE = "ledger_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_allowed: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "ledger_replica_allowed", default=False
)


def replica_configured() -> bool:
    return bool(settings.REPLICA.get("ENABLED"))


@contextlib.contextmanager
def replica_reads(allowed: bool = True) -> Iterator[None]:
    """Let (or stop) the newsroom's reads inside go to the replica, e.g. in a report command."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


def measure_lag() -> float:
    """Return how many seconds of the primary's commits the replica has yet to replay.

    Zero when the replica has replayed everything the primary had written when
    asked; otherwise the time since the last transaction it replayed (the
    standby's own clock, as PostgreSQL reports it). Infinity when either
    server cannot say.
    """
    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        return 0.0
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_is_in_recovery(), pg_current_wal_lsn()::text")
            primary_in_recovery, primary_lsn = cursor.fetchone()
        if primary_in_recovery:
            return math.inf
        with replica.cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(),"
                " pg_wal_lsn_diff(%s::pg_lsn, pg_last_wal_replay_lsn()),"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())",
                [primary_lsn],
            )
            in_recovery, behind_bytes, since_replay = cursor.fetchone()
    except DatabaseError:
        return math.inf
    if not in_recovery:
        # Pointed at a server that is not a standby (the primary itself, or a promoted one).
        return 0.0
    if behind_bytes is not None and behind_bytes <= 0:
        return 0.0
    return math.inf if since_replay is None else max(float(since_replay), 0.0)


class LagProbe:
    """Remember the replica's lag for ``LAG_CHECK_SECONDS``, so a page asks once, not per query."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._checked_at = -math.inf
        self._lag = math.inf

    def lag(self) -> float:
        interval = settings.REPLICA["LAG_CHECK_SECONDS"]
        now = time.monotonic()
        if now - self._checked_at >= interval:
            with self._lock:
                if now - self._checked_at >= interval:
                    self._lag = measure_lag()
                    self._checked_at = time.monotonic()
        return self._lag

    def forget(self) -> None:
        self._checked_at = -math.inf


lag_probe = LagProbe()


def replica_usable() -> bool:
    return lag_probe.lag() <= settings.REPLICA["MAX_LAG_SECONDS"]


class ReplicaRouter:
    """Route the newsroom's reads to ``replica`` when the rules above allow; all else to default."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or model._meta.app_label not in REPLICA_APPS:
            return None
        if not replica_configured():
            return None
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA if replica_usable() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The standby replays the primary's schema; nothing is migrated on it.
        return False if db == REPLICA else None


def _primary_key(user) -> str:
    return f"sources:primary-until:{user.pk}"


def _wrote_recently(request) -> bool:
    now = time.time()
    try:
        if float(request.COOKIES.get(COOKIE, "0")) > now:
            return True
    except ValueError:
        pass
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return (cache.get(_primary_key(user)) or 0) > now
    return False


class ReplicaRoutingMiddleware:
    """Allow replica reads for report pages, and keep a writer on the primary for a while."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        allowed = (
            request.method in ("GET", "HEAD")
            and request.path.startswith(tuple(settings.REPLICA["PATHS"]))
            and not _wrote_recently(request)
        )
        token = _replica_allowed.set(allowed)
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            self._remember_write(request, response)
        return response

    def _remember_write(self, request, response) -> None:
        seconds = settings.REPLICA["PRIMARY_AFTER_WRITE_SECONDS"]
        until = time.time() + seconds
        response.set_cookie(
            COOKIE,
            f"{until:.3f}",
            max_age=math.ceil(seconds),
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            cache.set(_primary_key(user), until, timeout=math.ceil(seconds))
