"""Cached page fragments: a write shows on the very next page, and nobody sees another's view.

The claim page's body and the leaderboard's table are cached under the
versions the services bump when a write commits (sources/views/fragments.py).
Each test warms the cache with one request, makes a write the way a page or
the admin makes it, lets it commit, and reads the page again: the change must
be there. Writes that never commit (a test's own transaction) are let through
with ``django_capture_on_commit_callbacks(execute=True)``, as a commit would.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sources import roles, services
from sources.models import Forecast
from tests import writes
from tests.factories import SourceFactory, UserFactory
from tests.views.pages_data import RYANGGANG, corroborate, file_claim, newsroom

pytestmark = pytest.mark.django_db

# Sign-in: the session, the user and the viewer's roles.
SIGN_IN_QUERIES = 3


@pytest.fixture
def room(db):
    room = newsroom()
    file_claim(room, "Cadres bought crystal meth inland at 9,000 RMB per kilogram.")
    return room


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def _claim_url(room) -> str:
    return reverse("sources:claim_detail", args=[room.claims[0].pk])


LEADERBOARD = reverse("sources:report", kwargs={"by": "source"})


# The claim page -------------------------------------------------------------------------


# (write, what the page shows before, what it shows after); None: shown or absent alone.
CLAIM_WRITES = {
    "link": (writes.link, None, "A defector confirms the price."),
    "unlink": (writes.unlink, '<ol class="timeline">', "No evidence linked yet."),
    "verdict": (writes.verdict, None, "A second trader denies it."),
    "correction": (
        writes.correct_claim,
        "inland at 9,000 RMB per kilogram.</blockquote>",
        "inland at 9,500 RMB per kilogram.</blockquote>",
    ),
    "assignment": (writes.assign, "Not assigned", "Assigned to checker2"),
    "forecast": (writes.forecast, "No forecast yet.", "<strong>73%</strong>"),
    "source rename": (writes.rename_source, ">LARCH</a>", ">SPRUCE</a>"),
    "evidence edit": (writes.edit_evidence, "A defector confirms the price.", "Court papers name"),
    "topic rename": (writes.rename_topic, "Drug trade", "Narcotics trade"),
}


@pytest.mark.parametrize("name", list(CLAIM_WRITES))
def test_the_claim_page_shows_each_write_on_the_next_request(
    name, client, room, editor, django_capture_on_commit_callbacks
):
    write, before, after = CLAIM_WRITES[name]
    if name in ("unlink", "evidence edit"):
        with django_capture_on_commit_callbacks(execute=True):
            corroborate(room.claims[0])
    if name == "topic rename":
        room.claims[0].topics.add(room.drugs)
        with django_capture_on_commit_callbacks(execute=True):
            services.claim_update(claim=room.claims[0], data={"credibility": 2}, actor=editor)
    client.force_login(editor)
    url = _claim_url(room)
    first = _page(client, url)
    assert _untokened(_page(client, url)) == _untokened(first)  # served from the cache
    if before:
        assert before in first
    if after:
        assert after not in first
    with django_capture_on_commit_callbacks(execute=True):
        write(room, editor)
    html = _page(client, url)
    if after:
        assert after in html
    if before:
        assert before not in html


def test_the_claim_page_shows_a_renamed_assignee_on_the_next_request(
    client, room, editor, django_capture_on_commit_callbacks
):
    checker = UserFactory(username="checker3", roles=[roles.FACT_CHECKER])
    with django_capture_on_commit_callbacks(execute=True):
        services.claim_assign(claim=room.claims[0], assignee=checker, actor=editor)
    client.force_login(editor)
    url = _claim_url(room)
    assert "Assigned to checker3" in _page(client, url)
    # What the admin does to an account: a plain save, through no service.
    with django_capture_on_commit_callbacks(execute=True):
        checker.first_name, checker.last_name = "Min", "Cho"
        checker.save()
    assert "Assigned to Min Cho" in _page(client, url)


def test_signing_in_does_not_empty_the_cache(client, room, editor):
    """Django saves last_login alone at each sign-in; that changes no page."""
    client.force_login(editor)
    url = _claim_url(room)
    _page(client, url)
    Client().force_login(editor)  # a second sign-in, which saves last_login
    with CaptureQueriesContext(connection) as warm:
        _page(client, url)
    assert len(warm) == SIGN_IN_QUERIES


def _tokens(html: str) -> tuple[list[str], list[str]]:
    csrf = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    submit = re.findall(r'name="submit_token" value="([^"]+)"', html)
    return csrf, submit


def _untokened(html: str) -> str:
    """Return the page without its tokens, which differ on every request."""
    return re.sub(r'name="(csrfmiddlewaretoken|submit_token)" value="[^"]+"', "", html)


def test_a_warm_claim_page_reads_only_the_sign_in(client, room, editor, fact_checker):
    for viewer in (editor, fact_checker):
        client.force_login(viewer)
        url = _claim_url(room)
        with CaptureQueriesContext(connection) as cold:
            _page(client, url)
        with CaptureQueriesContext(connection) as warm:
            _page(client, url)
        assert len(cold) > SIGN_IN_QUERIES + 10
        assert len(warm) == SIGN_IN_QUERIES


def test_each_request_gets_its_own_tokens_and_they_work(room, editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    url = _claim_url(room)
    _page(client, url)
    html = _page(client, url)  # from the cache
    csrf, submit = _tokens(html)
    assert csrf and len(submit) == 1
    again_csrf, again_submit = _tokens(_page(client, url))
    assert again_submit != submit  # a one-time token is never handed out twice
    assert "-csrf_token" not in html and "-submit_token" not in html  # every hole filled
    # The CSRF token of the cached page is this client's own: the forecast form posts.
    response = client.post(
        reverse("sources:claim_forecast", args=[room.claims[0].pk]),
        {"percent": "64", "csrfmiddlewaretoken": csrf[-1]},
    )
    assert response.status_code == 302
    assert Forecast.objects.get().percent == 64


def test_another_viewer_never_gets_a_page_cached_for_someone_else(
    client, room, editor, fact_checker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        corroborate(room.claims[0])
        writes.verdict(room, editor)
    client.force_login(editor)
    url = _claim_url(room)
    by_editor = _page(client, url)
    assert "editor, " in by_editor  # the verdict's decider, by name
    client.force_login(fact_checker)
    by_checker = _page(client, url)
    assert "editor, " not in by_checker and "newsroom staff" in by_checker
    csrf_editor, _ = _tokens(by_editor)
    csrf_checker, _ = _tokens(by_checker)
    assert not set(csrf_editor) & set(csrf_checker)


def test_a_reporter_outside_the_sources_desk_is_not_shown_its_codename(client, room, editor):
    outsider = UserFactory(username="outsider", roles=[roles.REPORTER])
    client.force_login(editor)
    assert ">LARCH</a>" in _page(client, _claim_url(room))  # cached for the editor
    client.force_login(outsider)
    html = _page(client, _claim_url(room))
    assert "LARCH" not in html and RYANGGANG in html


# The leaderboard ------------------------------------------------------------------------


def _row(html: str, codename: str) -> str:
    match = re.search(
        rf"<tr>\s*<th scope=\"row\"><a [^>]*>{codename}</a></th>(.*?)</tr>", html, re.S
    )
    assert match, codename
    return match.group(1)


def test_the_leaderboard_shows_each_write_on_the_next_request(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = f"{LEADERBOARD}?sort=-interval_low"
    pending = _row(_page(client, url), "LARCH")
    assert _row(_page(client, url), "LARCH") == pending  # served from the cache
    steps = [
        (writes.link, lambda row: '<td class="count corroborated">1</td>' in row),
        (
            writes.letter,
            lambda row: 'class="recorded-letter"><span title="Known to us for years.">B' in row,
        ),
        (writes.verdict, lambda row: '<td class="count contradicted">1</td>' in row),
    ]
    for write, shows in steps:
        assert not shows(_row(_page(client, url), "LARCH"))
        with django_capture_on_commit_callbacks(execute=True):
            write(room, editor)
        assert shows(_row(_page(client, url), "LARCH")), write.__name__
    with django_capture_on_commit_callbacks(execute=True):
        writes.rename_source(room, editor)
    assert "SPRUCE" in _page(client, url) and ">LARCH<" not in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        writes.import_more(room, editor)
    assert "IMP-S0" in _page(client, url)


def test_group_leaderboards_show_renamed_labels(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "region"})
    services.claim_update(claim=room.claims[0], data={"region": room.region}, actor=editor)
    with django_capture_on_commit_callbacks(execute=True):
        file_claim(room, "Guards took a 20% share.", region=room.region)
    assert "Ryanggang Province" in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        room.region.name = "Yanggang Province"
        room.region.save()
    html = _page(client, url)
    assert "Yanggang Province" in html and "Ryanggang Province" not in html


def test_the_reporter_leaderboard_shows_a_renamed_reporter(
    client, editor, django_capture_on_commit_callbacks
):
    writer = UserFactory(username="writer", first_name="Rita", last_name="Kim", roles=["reporter"])
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(reporter=writer)
        file_claim(room, "Cadres bought crystal meth inland.")
    client.force_login(editor)
    url = reverse("sources:report", kwargs={"by": "reporter"})
    assert "Rita Kim" in _page(client, url)
    with django_capture_on_commit_callbacks(execute=True):
        writer.last_name = "Park"
        writer.save()
    html = _page(client, url)
    assert "Rita Park" in html and "Rita Kim" not in html


def test_a_reporter_sees_only_their_sources_and_a_desk_joined_in_the_admin(
    client, editor, django_capture_on_commit_callbacks
):
    writer = UserFactory(username="writer", roles=[roles.REPORTER])
    with django_capture_on_commit_callbacks(execute=True):
        room = newsroom(reporter=writer)
        desk = services.desk_get_or_create(slug="border", name="Border desk")
        elm = SourceFactory(codename="ELM", descriptor="a smuggler", desk=desk)
        file_claim(room, "Cadres bought crystal meth inland.")
        file_claim(room, "Guards took a cut.", source=elm)
        file_claim(room, "Traders paid in yuan.", source=room.birch)
    client.force_login(editor)
    assert "ELM" in _page(client, LEADERBOARD) and "BIRCH" in _page(client, LEADERBOARD)
    client.force_login(writer)
    html = _page(client, LEADERBOARD)
    assert "LARCH" in html and "ELM" not in html and "BIRCH" not in html
    # The admin adds the reporter to the desk: no service runs, no version moves.
    desk.members.add(writer)
    html = _page(client, LEADERBOARD)
    assert "ELM" in html and "BIRCH" not in html


def test_a_warm_leaderboard_reads_only_the_sign_in(client, room, editor):
    client.force_login(editor)
    _page(client, LEADERBOARD)
    with CaptureQueriesContext(connection) as warm:
        _page(client, LEADERBOARD)
    assert len(warm) == SIGN_IN_QUERIES


# The vet page ---------------------------------------------------------------------------

VET = reverse("sources:vet")


def test_the_vet_page_shows_a_new_link_on_the_next_request(
    client, room, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    url = f"{VET}?source=LARCH"
    before = _page(client, url)
    with CaptureQueriesContext(connection) as warm:
        assert _untokened(_page(client, url)) == _untokened(before)
    assert len(warm) == SIGN_IN_QUERIES
    assert "n = 0 resolved" in before and "0 independent corroborating" in before
    with django_capture_on_commit_callbacks(execute=True):
        writes.link(room, editor)
    after = _page(client, url)
    assert "n = 1 resolved" in after and "1 independent corroborating" in after


def test_the_vet_page_keeps_each_query_apart(client, room, editor):
    client.force_login(editor)
    assert "Track record: LARCH" in _page(client, f"{VET}?source=LARCH")
    birch = _page(client, f"{VET}?source=BIRCH")
    assert "Track record: BIRCH" in birch and "Track record: LARCH" not in birch


def test_a_reporter_is_not_shown_a_card_cached_for_an_editor(client, room, editor):
    client.force_login(editor)
    url = f"{VET}?source=LARCH"
    assert "Track record: LARCH" in _page(client, url)
    outsider = UserFactory(username="outsider", roles=[roles.REPORTER])
    client.force_login(outsider)
    assert "Track record: LARCH" not in _page(client, url)


def test_switched_off_the_fragment_cache_builds_every_page(client, room, editor, settings):
    settings.FRAGMENT_CACHE_SECONDS = 0
    client.force_login(editor)
    for url in (_claim_url(room), LEADERBOARD, f"{VET}?source=LARCH"):
        _page(client, url)  # warms the suggestions and lists, which stay cached
        with CaptureQueriesContext(connection) as second:
            _page(client, url)
        assert len(second) > SIGN_IN_QUERIES + 2, url
