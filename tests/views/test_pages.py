"""Login, the dashboard, sources, articles, search and the error pages."""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from sources import roles
from sources.domain.vocab import Relation
from sources.models import Source
from tests.factories import DeskFactory, SourceFactory, UserFactory
from tests.views.pages_data import (
    RYANGGANG,
    corroborate,
    file_claim,
    file_claims,
    newsroom,
)

pytestmark = pytest.mark.django_db


# Login and layout ----------------------------------------------------------------------


def test_pages_need_login(client):
    for name in ("home", "vet", "queue", "source_list", "search", "story_file"):
        response = client.get(reverse(f"sources:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_login_form_has_labelled_fields(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<label for="id_username">' in html
    assert '<label for="id_password">' in html


def test_login_and_logout_through_the_form(client, editor):
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": "correct-horse-battery"},
        REMOTE_ADDR="10.0.0.1",
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sources:home")
    assert client.get(reverse("sources:home")).status_code == 200
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("sources:home")).status_code == 302


def test_wrong_password_shows_an_error_beside_the_form(client, editor):
    response = client.post(
        reverse("login"),
        {"username": "editor", "password": "wrong"},
        REMOTE_ADDR="10.0.0.2",
    )
    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()


def test_navigation_follows_roles(client, editor, fact_checker):
    client.force_login(editor)
    html = client.get(reverse("sources:home")).content.decode()
    assert reverse("sources:story_file") in html
    assert 'aria-current="page"' in html
    assert reverse("sources:reports_index") in html
    client.force_login(fact_checker)
    html = client.get(reverse("sources:home")).content.decode()
    assert reverse("sources:story_file") not in html
    assert reverse("sources:queue") in html


def test_pages_send_a_strict_content_security_policy(client, editor):
    client.force_login(editor)
    response = client.get(reverse("sources:home"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "style=" not in response.content.decode()


# Dashboard -----------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 10])
def test_home_counts_waiting_claims_in_fixed_queries(
    client, editor, rows, django_assert_num_queries
):
    room = newsroom()
    file_claims(room, rows, filed_by=editor)
    corroborate(room.claims[0])
    client.force_login(editor)
    # 9: with the claims assigned to the viewer (issue 16), none here.
    with django_assert_num_queries(9):
        response = client.get(reverse("sources:home"))
    assert response.status_code == 200
    assert response.context["waiting_count"] == rows - 1
    assert len(response.context["my_claims"]) == min(rows, 5)


def test_home_empty_state_says_what_to_do(client, reporter):
    client.force_login(reporter)
    html = client.get(reverse("sources:home")).content.decode()
    assert "Nothing waits for a check" in html
    assert "You have not filed any claims yet" in html
    assert reverse("sources:story_file") in html


# Sources -------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 10])
def test_source_list_in_fixed_queries(client, editor, rows, django_assert_num_queries):
    for _ in range(rows):
        SourceFactory()
    client.force_login(editor)
    with django_assert_num_queries(5):
        response = client.get(reverse("sources:source_list"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


def test_source_list_filters_by_text_and_status(client, editor):
    SourceFactory(codename="LARCH", descriptor=RYANGGANG)
    SourceFactory(codename="BIRCH", descriptor="a trader in Hyesan", status=Source.Status.DORMANT)
    client.force_login(editor)
    html = client.get(reverse("sources:source_list"), {"q": "hyesan"}).content.decode()
    assert "BIRCH" in html and "LARCH" not in html
    html = client.get(reverse("sources:source_list"), {"status": "active"}).content.decode()
    assert "LARCH" in html and "BIRCH" not in html
    html = client.get(reverse("sources:source_list"), {"q": "nobody"}).content.decode()
    assert "No sources match" in html


def test_reporter_sees_only_their_sources(client, reporter):
    desk = DeskFactory()
    desk.members.add(reporter)
    mine = SourceFactory(codename="MINE", handler=reporter)
    deskmate = SourceFactory(codename="DESKMATE", desk=desk)
    other = SourceFactory(codename="OTHER")
    client.force_login(reporter)
    html = client.get(reverse("sources:source_list")).content.decode()
    assert "MINE" in html and "DESKMATE" in html and "OTHER" not in html
    assert client.get(reverse("sources:source_detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("sources:source_detail", args=[deskmate.pk])).status_code == 200
    response = client.get(reverse("sources:source_detail", args=[other.pk]))
    assert response.status_code == 404
    assert "OTHER" not in response.content.decode()


@pytest.mark.parametrize("rows", [3, 10])
def test_source_detail_in_fixed_queries(client, editor, rows, django_assert_num_queries):
    room = newsroom(reporter=UserFactory(username="rita", roles=[roles.REPORTER]))
    file_claims(room, rows)
    corroborate(room.claims[0])
    client.force_login(editor)
    # 10, not 13: the track record of a source alone is read from its rollup
    # (one query, instead of a visibility check and three counting queries).
    with django_assert_num_queries(10):
        response = client.get(reverse("sources:source_detail", args=[room.larch.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "LARCH" in html and RYANGGANG in html
    assert reverse("sources:source_card", args=[room.larch.pk]) in html
    assert f"{reverse('sources:vet')}?source={room.larch.pk}" in html


def test_source_detail_hides_the_handler_from_fact_checkers(client, fact_checker, editor):
    room = newsroom(reporter=UserFactory(username="rita", roles=[roles.REPORTER]))
    client.force_login(editor)
    assert (
        "rita"
        in client.get(reverse("sources:source_detail", args=[room.larch.pk])).content.decode()
    )
    client.force_login(fact_checker)
    html = client.get(reverse("sources:source_detail", args=[room.larch.pk])).content.decode()
    assert "rita" not in html
    assert "Handler" not in html


def test_source_detail_never_shows_identity(client, editor):
    from sources import services

    source = services.source_create(
        codename="WILLOW", descriptor=RYANGGANG, real_name="Kim Secret-Name", contact="+86 555"
    )
    client.force_login(editor)
    html = client.get(reverse("sources:source_detail", args=[source.pk])).content.decode()
    assert "WILLOW" in html
    assert "Kim Secret-Name" not in html and "+86 555" not in html


def test_source_detail_empty_state(client, editor):
    source = SourceFactory(codename="NEW")
    client.force_login(editor)
    html = client.get(reverse("sources:source_detail", args=[source.pk])).content.decode()
    assert "No claims rest on this source yet" in html


# Articles ------------------------------------------------------------------------------


@pytest.mark.parametrize("rows", [3, 10])
def test_article_detail_in_fixed_queries(client, editor, rows, django_assert_num_queries):
    room = newsroom()
    file_claims(room, rows)
    client.force_login(editor)
    with django_assert_num_queries(8):
        response = client.get(reverse("sources:article_detail", args=[room.article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert room.article.headline in html
    assert html.count('class="badge pending"') == rows


def test_article_detail_404(client, editor):
    client.force_login(editor)
    response = client.get(reverse("sources:article_detail", args=[999999]))
    assert response.status_code == 404


# Search --------------------------------------------------------------------------------


def test_search_finds_claims_sources_and_articles(client, editor):
    room = newsroom()
    file_claim(room, "Cadres sold crystal meth in China at 14,000 RMB per kilogram.")
    file_claim(room, "Border guards were replaced in Hyesan.", source=room.birch)
    client.force_login(editor)
    response = client.get(reverse("sources:search"), {"q": "meth"})
    assert response.status_code == 200
    assert [c.text for c in response.context["claims"]] == [
        "Cadres sold crystal meth in China at 14,000 RMB per kilogram."
    ]
    assert list(response.context["articles"]) == [room.article]
    response = client.get(reverse("sources:search"), {"q": "Hyesan"})
    assert [s.codename for s in response.context["sources"]] == ["BIRCH"]
    assert len(response.context["claims"]) == 1


def test_search_empty_states(client, editor):
    client.force_login(editor)
    assert "Type words from a claim" in client.get(reverse("sources:search")).content.decode()
    html = client.get(reverse("sources:search"), {"q": "zzzz"}).content.decode()
    assert "Nothing matches" in html


def test_search_respects_what_a_reporter_may_see(client, reporter):
    SourceFactory(codename="HIDDEN", descriptor="a source in Hyesan")
    client.force_login(reporter)
    response = client.get(reverse("sources:search"), {"q": "hidden"})
    assert response.context["sources"] == []


@pytest.mark.parametrize("rows", [3, 10])
def test_search_in_fixed_queries(client, editor, rows, django_assert_num_queries):
    room = newsroom()
    file_claims(room, rows)
    client.force_login(editor)
    with django_assert_num_queries(7):
        response = client.get(reverse("sources:search"), {"q": "crystal meth"})
    assert len(response.context["claims"]) == rows


# Error pages ---------------------------------------------------------------------------


def test_404_page_matches_the_site(client, editor):
    client.force_login(editor)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Not found" in html and "Source Ledger" in html and "ledger.css" in html


def test_403_page_matches_the_site(client, fact_checker):
    client.force_login(fact_checker)
    response = client.get(reverse("sources:story_file"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "You may not do this" in html and "ledger.css" in html


@override_settings(DEBUG=False)
def test_500_page_matches_the_site_without_detail(rf):
    from sources.views.errors import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "Something went wrong" in html and "ledger.css" in html
    assert "Traceback" not in html


def test_claim_page_404_for_unknown_claim(client, editor):
    client.force_login(editor)
    assert client.get(reverse("sources:claim_detail", args=[424242])).status_code == 404


def test_static_stylesheet_is_served(client):
    response = client.get("/static/sources/ledger.css")
    assert response.status_code == 200


def test_corroborate_helper_links_independent_evidence(db):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    link = corroborate(claim, relation=Relation.CORROBORATES)
    assert link.is_independent


def test_csrf_failure_page_matches_the_site(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(reverse("logout"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This form has expired" in html and "ledger.css" in html


def test_identity_button_only_for_those_who_may_reveal(client, reporter, editor, fact_checker):
    desk = DeskFactory()
    desk.members.add(reporter)
    handler = UserFactory(username="handler-rita", roles=[roles.REPORTER])
    source = SourceFactory(codename="DESKED", desk=desk, handler=handler)
    url = reverse("sources:source_detail", args=[source.pk])
    identity_url = reverse("sources:identity_detail", args=[source.pk])
    # A desk reporter may see the handler's name but would be refused the identity.
    client.force_login(reporter)
    html = client.get(url).content.decode()
    assert "handler-rita" in html
    assert identity_url not in html
    client.force_login(fact_checker)
    assert identity_url not in client.get(url).content.decode()
    for allowed in (handler, editor):
        client.force_login(allowed)
        assert identity_url in client.get(url).content.decode()


def test_article_page_names_the_reporter_except_to_fact_checkers(client, editor, fact_checker):
    room = newsroom(reporter=UserFactory(username="rita", roles=[roles.REPORTER]))
    url = reverse("sources:article_detail", args=[room.article.pk])
    client.force_login(editor)
    assert "filed by rita" in client.get(url).content.decode()
    client.force_login(fact_checker)
    assert "rita" not in client.get(url).content.decode()
