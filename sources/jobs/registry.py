"""The kinds of background job, and who may start them and see them.

A kind is registered once, at import, by a module listed in
``settings.JOBS["MODULES"]`` (the built-in kinds are ``sources.jobs.kinds``).
Another part of the app adds a job by writing its function and registering
it the same way, for example a slow fit::

    register(JobKind(name="fit_priors", label="Fit the priors", run=fit,
                     permitted=permissions.can_exchange, startable=True))

Every process that starts or runs jobs (web servers, workers) loads the same
modules, so a kind is known wherever its job lands.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from sources.jobs.runner import JobContext, JobResult


@dataclass(frozen=True)
class JobKind:
    """One kind of job: its function, its name on the pages, and who may run it."""

    name: str
    label: str
    run: Callable[[JobContext], JobResult]
    # Who may start this kind and see everyone's jobs of it (their own they always see).
    permitted: Callable[..., bool]
    # True when the whole job is one transaction: all of it is written, or none.
    atomic: bool = False
    # True when the jobs page offers a button to start it (it needs no uploaded input).
    startable: bool = False
    description: str = ""
    # The parameters a start from the jobs page passes.
    default_params: dict[str, Any] | None = None


_kinds: dict[str, JobKind] = {}
_loaded = False
_lock = threading.Lock()


def register(kind: JobKind) -> JobKind:
    """Add a kind; registering the same name twice is refused, unless it is the same kind."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"A job kind named {kind.name!r} is already registered.")
    _kinds[kind.name] = kind
    return kind


def _load() -> None:
    global _loaded
    if _loaded:
        return
    with _lock:
        if not _loaded:
            for module in settings.JOBS["MODULES"]:
                import_module(module)
            _loaded = True


def get(name: str) -> JobKind:
    """Return the kind called ``name``; raise LookupError naming the known ones otherwise."""
    _load()
    try:
        return _kinds[name]
    except KeyError:
        known = ", ".join(sorted(_kinds)) or "none"
        raise LookupError(f"No job kind {name!r}; known kinds: {known}.") from None


def kinds() -> list[JobKind]:
    """Return every registered kind, by name."""
    _load()
    return [_kinds[name] for name in sorted(_kinds)]
