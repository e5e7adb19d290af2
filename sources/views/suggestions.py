"""What forms suggest while a codename or a descriptor is typed.

A select listing every source would hold 20,000 options in a large newsroom;
the vet page and the story form take a typed codename instead, helped by a
datalist of the viewer's busiest sources and of the descriptors printed most.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.html import format_html, format_html_join

from sources import cache_versions, selectors

DESCRIPTOR_OPTIONS = 200
DESCRIPTOR_WINDOW = 5000
SOURCE_OPTIONS = 200


def _datalist(list_id: str, values: list[str]) -> str:
    return format_html(
        '<datalist id="{}">{}</datalist>',
        list_id,
        format_html_join("", '<option value="{}">', ((value,) for value in values)),
    )


def _build(viewer) -> dict:
    found = {
        "codenames": list(selectors.codename_suggestions(viewer=viewer, limit=SOURCE_OPTIONS)),
        "descriptors": list(
            selectors.descriptor_suggestions(
                viewer=viewer, limit=DESCRIPTOR_OPTIONS, window=DESCRIPTOR_WINDOW
            )
        ),
    }
    found["datalists"] = _datalist("source-options", found["codenames"]) + _datalist(
        "descriptor-options", found["descriptors"]
    )
    return found


def suggestions(viewer) -> dict:
    """Return the codenames and descriptors to suggest while typing, with their datalists.

    They are hints, not answers: any codename or descriptor the viewer may use
    can be typed. For viewers who see every source (one list for all of them)
    they are cached under the "suggestions" version, which every rollup
    refresh and every new or burned source bumps: three queries fewer on every
    visit, 400 options not rendered again, and a new codename listed on the
    next page. A reporter's list depends on their desks, so it is read afresh.
    """
    scope = selectors.shared_scope(viewer=viewer)
    if scope is None:
        return _build(viewer)
    return cache_versions.get_or_set(
        names=(cache_versions.SUGGESTIONS,),
        parts=(scope,),
        build=lambda: _build(viewer),
        timeout=settings.SUGGESTIONS_CACHE_SECONDS,
    )
