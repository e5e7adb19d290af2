"""Every cached entry a write can make stale is invalidated by that write, at once.

Cached entries key on named versions (sources/cache_versions.py) that the
services bump when a write commits. Two halves: each kind of write (link,
unlink, verdict, letter, burn, import, edit) bumps exactly the versions of
what it changes, only once it commits; and the caches that exist (typing
suggestions, reference lists) show the write on the very next page.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import cache_versions, services
from sources.exchange.importer import import_file
from sources.models import EvidenceLink, Topic
from tests.jobs.documents import document_bytes
from tests.views.pages_data import corroborate, file_claim, newsroom

pytestmark = pytest.mark.django_db

ALL = set(cache_versions.NAMES)
ROLLUPS, CLAIMS = cache_versions.ROLLUPS, cache_versions.CLAIMS
SUGGESTIONS, REFERENCE_LISTS = cache_versions.SUGGESTIONS, cache_versions.REFERENCE_LISTS


def _versions() -> dict[str, int]:
    return dict(
        zip(cache_versions.NAMES, cache_versions.current(*cache_versions.NAMES), strict=True)
    )


def _bumped(before: dict[str, int]) -> set[str]:
    after = _versions()
    return {name for name in cache_versions.NAMES if after[name] != before[name]}


def _link(room, editor):
    corroborate(room.claims[0])


def _unlink(room, editor):
    services.evidence_unlink(link=EvidenceLink.objects.get(), actor=editor)


def _verdict(room, editor):
    claim = room.claims[0]
    claim.refresh_from_db()
    services.verdict_decide(
        claim=claim, outcome="contradicted", reason="A second trader denies it.", decided_by=editor
    )


def _letter(room, editor):
    services.letter_override_record(
        group_kind="source",
        group_key=str(room.larch.pk),
        letter="B",
        reason="Known to us for years.",
        recorded_by=editor,
    )


def _burn(room, editor):
    services.source_burn(source=room.birch, actor=editor, reason="Exposed by a leak.")


def _import(room, editor):
    import_file(document_bytes(claims=2, prefix="imp"), name="more.json", actor=editor)


def _edit(room, editor):
    services.article_update(
        article=room.article, data={"headline": "Cadres move meth, a second look"}, actor=editor
    )


def _rename_topic(room, editor):
    # What the admin does: a plain save of a reference row.
    room.drugs.name = "Narcotics trade"
    room.drugs.save()


WRITES = {
    "link": (_link, {ROLLUPS, CLAIMS}),
    "unlink": (_unlink, {ROLLUPS, CLAIMS}),
    "verdict": (_verdict, {ROLLUPS, CLAIMS}),
    "letter": (_letter, {ROLLUPS}),
    "burn": (_burn, {ROLLUPS, SUGGESTIONS}),
    "import": (_import, ALL),
    "edit": (_edit, {ROLLUPS, CLAIMS, SUGGESTIONS}),
    "reference edit": (_rename_topic, {REFERENCE_LISTS}),
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
        _verdict(room, editor)
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
        _import(room, editor)
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
        _rename_topic(room, editor)
        Topic.objects.create(name="Food prices", slug="food")
    html = _story_form(client)
    assert "Narcotics trade" in html and "Food prices" in html and "Drug trade" not in html
    # An import bulk-inserts its topics (no signal); it bumps the lists itself.
    with django_capture_on_commit_callbacks(execute=True):
        _import(room, editor)
    assert "Imp prices" in _story_form(client)


def test_the_cached_pages_cost_fewer_queries_once_warm(client, room, editor):
    """The caches are worth having: a warm story form skips the suggestion and list reads."""
    client.force_login(editor)
    with CaptureQueriesContext(connection) as cold:
        _story_form(client)
    with CaptureQueriesContext(connection) as warm:
        _story_form(client)
    assert len(warm) < len(cold)
