"""Every cached entry a write can make stale is invalidated by that write, at once.

Cached entries key on named versions (sources/cache_versions.py) that the
services bump when a write commits. Two halves: each kind of write (link,
unlink, verdict, letter, burn, import, edit, a staff account or role changed
in the admin) bumps exactly the versions of
what it changes, only once it commits; and the caches that exist (typing
suggestions, reference lists) show the write on the very next page.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import cache_versions
from sources.models import Topic
from tests import writes
from tests.views.pages_data import corroborate, file_claim, newsroom

pytestmark = pytest.mark.django_db

ALL = set(cache_versions.NAMES)
ROLLUPS, CLAIMS = cache_versions.ROLLUPS, cache_versions.CLAIMS
SUGGESTIONS, REFERENCE_LISTS = cache_versions.SUGGESTIONS, cache_versions.REFERENCE_LISTS
STAFF = cache_versions.STAFF


def _versions() -> dict[str, int]:
    return dict(
        zip(cache_versions.NAMES, cache_versions.current(*cache_versions.NAMES), strict=True)
    )


def _bumped(before: dict[str, int]) -> set[str]:
    after = _versions()
    return {name for name in cache_versions.NAMES if after[name] != before[name]}


WRITES = {
    "link": (writes.link, {ROLLUPS, CLAIMS}),
    "unlink": (writes.unlink, {ROLLUPS, CLAIMS}),
    "verdict": (writes.verdict, {ROLLUPS, CLAIMS}),
    "letter": (writes.letter, {ROLLUPS}),
    "burn": (writes.burn, {ROLLUPS, SUGGESTIONS}),
    "import": (writes.import_more, ALL),
    "edit": (writes.edit_article, {ROLLUPS, CLAIMS, SUGGESTIONS}),
    "reference edit": (writes.rename_topic, {REFERENCE_LISTS}),
    "staff edit": (writes.rename_staff, {STAFF}),
    "role given": (writes.give_role, {STAFF}),
    "sign-in": (writes.sign_in, set()),
}


@pytest.fixture
def room(db):
    room = newsroom()
    file_claim(room, "Cadres bought crystal meth inland at 9,000 RMB per kilogram.")
    return room


@pytest.mark.parametrize("name", list(WRITES))
def test_each_write_bumps_what_it_changes_once_it_commits(
    name, room, editor, django_capture_on_commit_callbacks
):
    write, expected = WRITES[name]
    if name == "unlink":
        corroborate(room.claims[0])
    before = _versions()
    with django_capture_on_commit_callbacks() as callbacks:
        write(room, editor)
        # Inside the transaction nothing moved: a reader now would still see the old rows.
        assert _bumped(before) == set()
    for callback in callbacks:
        callback()
    assert _bumped(before) == expected


def test_a_write_that_rolls_back_bumps_nothing(room, editor, django_capture_on_commit_callbacks):
    before = _versions()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        writes.verdict(room, editor)
        raise RuntimeError("the request failed after the write")
    assert _bumped(before) == set()


def test_a_version_the_cache_lost_starts_newer_than_any_before(room):
    (first,) = cache_versions.current(ROLLUPS)
    cache.delete(f"sources:version:{ROLLUPS}")
    (second,) = cache_versions.current(ROLLUPS)
    assert second > first


def _story_form(client) -> str:
    response = client.get(reverse("sources:story_file"))
    assert response.status_code == 200
    return response.content.decode()


def test_suggestions_show_a_new_source_on_the_next_page(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert '<option value="LARCH">' in _story_form(client)  # now cached
    assert '<option value="IMP-S0">' not in _story_form(client)
    with django_capture_on_commit_callbacks(execute=True):
        writes.import_more(room, editor)
    html = _story_form(client)
    assert '<option value="IMP-S0">' in html and '<option value="IMP-S1">' in html


def test_suggestions_show_a_claim_moving_the_busiest_sources_first(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    html = _story_form(client)
    # LARCH has the one claim, so it is listed first.
    assert html.index('<option value="LARCH">') < html.index('<option value="BIRCH">')
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(2):
            file_claim(room, f"Guards took a {n + 2}0% share.", source=room.birch)
    html = _story_form(client)
    assert html.index('<option value="BIRCH">') < html.index('<option value="LARCH">')


def test_reference_lists_show_a_row_saved_by_any_path_on_the_next_page(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    assert "Drug trade" in _story_form(client)  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        writes.rename_topic(room, editor)
        Topic.objects.create(name="Food prices", slug="food")
    html = _story_form(client)
    assert "Narcotics trade" in html and "Food prices" in html and "Drug trade" not in html
    # An import bulk-inserts its topics (no signal); it bumps the lists itself.
    with django_capture_on_commit_callbacks(execute=True):
        writes.import_more(room, editor)
    assert "Imp prices" in _story_form(client)


def test_the_cached_pages_cost_fewer_queries_once_warm(client, room, editor):
    """The caches are worth having: a warm story form skips the suggestion and list reads."""
    client.force_login(editor)
    with CaptureQueriesContext(connection) as cold:
        _story_form(client)
    with CaptureQueriesContext(connection) as warm:
        _story_form(client)
    assert len(warm) < len(cold)
