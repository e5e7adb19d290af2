"""Named versions of what the services write, so that cached entries never go stale.

An entry built from, say, the rollups is stored under a key that holds the
current "rollups" version. Every write that can change the rollups bumps that
version, so the next read misses and builds afresh: a write shows at once, on
every server sharing the cache, and no entry waits for a timeout. Timeouts
only bound memory.

Versions are bumped when the write's transaction commits, not inside it. A
bump inside would let a reader who comes between the bump and the commit read
the old rows and cache them under the new version, where they would stay until
the next write; bumped after the commit, such a reader caches under the old
version, which nobody asks for again. A rolled-back write bumps nothing.

A version missing from the cache (evicted, or Redis restarted empty) starts
again from the clock in nanoseconds, which is larger than any version handed
out before, so an entry left over from before can never look current. If the
cache cannot be reached at all, every read gets a fresh version: uncached,
never stale.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextlib import suppress
from functools import partial
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

# A source's figures, letter or status: cards, leaderboards, reports.
ROLLUPS = "rollups"
# A claim's outcome, links, verdicts or attributions: claim pages and lists.
CLAIMS = "claims"
# Topics, regions, outlets and desks: the choices every form lists.
REFERENCE_LISTS = "reference-lists"
# The codenames and descriptors offered while typing.
SUGGESTIONS = "suggestions"
# Staff accounts: the names pages show beside who filed, linked or decided.
STAFF = "staff"
NAMES = (ROLLUPS, CLAIMS, REFERENCE_LISTS, SUGGESTIONS, STAFF)

# The models whose rows are the reference lists; any save or delete of one bumps them.
REFERENCE_MODELS = ("Desk", "Outlet", "Region", "Topic")


def _version_key(name: str) -> str:
    if name not in NAMES:
        raise ValueError(f"Unknown cache version {name!r}; known: {', '.join(NAMES)}.")
    return f"sources:version:{name}"


def _fresh() -> int:
    return time.time_ns()


def current(*names: str) -> tuple[int, ...]:
    """Return the current version of each name, starting any that the cache lacks."""
    keys = [_version_key(name) for name in names]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        for key in missing:
            cache.add(key, _fresh(), timeout=None)
        # Another process may have started the same version first: use whichever won.
        found.update(cache.get_many(missing))
    return tuple(found[key] if key in found else _fresh() for key in keys)


def key(*names: str, parts: tuple[Any, ...] = ()) -> str:
    """Return a cache key for an entry built from ``names``, holding their current versions.

    The versions and parts are hashed, so that a key stays short (memcached
    refuses keys over 250 characters, and Django warns of them) however many
    names and parts it holds.
    """
    versions = ".".join(str(version) for version in current(*names))
    held = "\x1f".join([versions, *(str(part) for part in parts)])
    return ":".join(["sources", *names, hashlib.sha256(held.encode()).hexdigest()])


def get_or_set(
    *, names: tuple[str, ...], parts: tuple[Any, ...], build: Callable[[], Any], timeout: int | None
) -> Any:
    """Return the entry for ``parts`` under the current versions of ``names``, building it once."""
    return cache.get_or_set(key(*names, parts=parts), build, timeout)


def _increment(names: tuple[str, ...]) -> None:
    for name in names:
        version_key = _version_key(name)
        try:
            cache.incr(version_key)
        except ValueError:
            # Missing (never started, or evicted): start it newer than any earlier version.
            if not cache.add(version_key, _fresh(), timeout=None):
                with suppress(ValueError):
                    cache.incr(version_key)


def bump(*names: str, using: str | None = None) -> None:
    """Bump the versions of ``names`` when the current transaction commits (now, outside one)."""
    for name in names:
        _version_key(name)
    transaction.on_commit(partial(_increment, tuple(names)), using=using)


def _reference_row_changed(sender, **kwargs) -> None:
    bump(REFERENCE_LISTS, using=kwargs.get("using"))


def _staff_changed(sender, update_fields=None, **kwargs) -> None:
    # Signing in saves the account's last_login alone, which no page shows.
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump(STAFF, using=kwargs.get("using"))


def _roles_changed(sender, action: str = "", **kwargs) -> None:
    # A role given or taken changes who may be assigned a claim or handle a source.
    if action in ("post_add", "post_remove", "post_clear"):
        bump(STAFF, using=kwargs.get("using"))


def connect() -> None:
    """Bump the reference lists and staff names whenever one of their rows changes, by any path.

    Topics, regions, outlets and desks are written by the admin, the importer
    and the services alike; listening on the models catches every one of them.
    Bulk inserts send no signals, so the importers bump the lists themselves.
    Staff accounts and their roles are edited in the admin alone, whose saves
    send them too.
    """
    from django.apps import apps
    from django.contrib.auth import get_user_model

    for name in REFERENCE_MODELS:
        model = apps.get_model("sources", name)
        post_save.connect(_reference_row_changed, sender=model, dispatch_uid=f"ref-save-{name}")
        post_delete.connect(_reference_row_changed, sender=model, dispatch_uid=f"ref-delete-{name}")
    user = get_user_model()
    post_save.connect(_staff_changed, sender=user, dispatch_uid="staff-save")
    post_delete.connect(_staff_changed, sender=user, dispatch_uid="staff-delete")
    m2m_changed.connect(_roles_changed, sender=user.groups.through, dispatch_uid="staff-roles")
