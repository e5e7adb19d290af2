"""Parts of pages rendered once and served from the cache until a write changes them.

A fragment is stored under the current versions of what it is built from
(``sources.cache_versions``, bumped by the services when a write commits) and
under the viewer's scope (``permissions.visibility_key``), never under the
address alone: a write shows at once, and a fragment rendered for one viewer
reaches only viewers the access policy shows the same rows and names.

What belongs to one request is never cached. A fragment that holds a form
leaves a hole for each such value (its CSRF token, a form's one-time submit
token), marked by a random string made with the entry, and each request fills
the holes with its own values: nobody is ever served another's token.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from typing import Any

from django.conf import settings
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from sources import cache_versions, permissions

# The context name Django's {% csrf_token %} reads.
CSRF_HOLE = "csrf_token"


def cached_fragment(
    *,
    viewer: permissions.Viewer,
    name: str,
    versions: tuple[str, ...],
    parts: tuple[Any, ...],
    template: str,
    build: Callable[[Mapping[str, str]], dict[str, Any]],
    keep: tuple[str, ...] = (),
    personal: bool = False,
    request=None,
    fill: Mapping[str, Callable[[], str]] | None = None,
) -> dict[str, Any]:
    """Return ``template`` rendered with the context ``build`` makes, and the ``keep`` values.

    ``build`` runs only on a miss; it is given the marker of each hole named
    in ``fill`` to put where that value goes, and ``fill`` makes each value
    afresh for every request. ``parts`` must name everything else the
    fragment depends on (the query, the day). A ``personal`` fragment (one
    that says "you" or offers forms by role) is keyed on the viewer's account
    and roles too (``permissions.personal_key``).
    With ``request``, the template renders with the context processors and a
    CSRF hole; without, it sees only what ``build`` gives it. With
    ``FRAGMENT_CACHE_SECONDS`` at 0 the cache is neither read nor written.
    """
    fill = dict(fill or {})
    if request is not None:
        fill.setdefault(CSRF_HOLE, lambda: get_token(request))

    def render() -> dict[str, Any]:
        marker = secrets.token_hex(16)
        holes = {hole: f"{marker}-{hole}" for hole in fill}
        context = build(holes)
        if CSRF_HOLE in holes:
            context[CSRF_HOLE] = holes[CSRF_HOLE]
        html = render_to_string(template, context, request=request)
        return {"html": html, "holes": holes, **{k: context[k] for k in keep}}

    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        # Switched off: every request builds its own, and nothing cached is read.
        entry = render()
    else:
        entry = cache_versions.get_or_set(
            names=versions,
            parts=(
                name,
                *parts,
                *permissions.visibility_key(viewer=viewer),
                *(permissions.personal_key(viewer=viewer) if personal else ()),
            ),
            build=render,
            timeout=settings.FRAGMENT_CACHE_SECONDS,
        )
    html = entry["html"]
    for hole, marker in entry["holes"].items():
        if marker in html:
            html = html.replace(marker, fill[hole]())
    return {**entry, "html": _ours(html)}


def _ours(html: str) -> SafeString:
    """Mark our own template's output safe again: it was escaped when it was rendered."""
    return mark_safe(html)
