"""Who may read and change what through the API: the same rules as the pages."""

import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient

from sources import roles
from tests.api.conftest import IDENTITY_KEYS, IDENTITY_STRINGS, client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LISTS = [
    "api:source-list",
    "api:article-list",
    "api:claim-list",
    "api:attribution-list",
    "api:evidence-list",
    "api:link-list",
    "api:verdict-list",
    "api:letter-list",
    "api:claimreview-list",
]


def _ids(response) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def _keys(value) -> set[str]:
    """Return every key at any depth of a JSON value."""
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize("name", LISTS)
def test_anonymous_callers_are_refused(newsroom, name):
    response = APIClient().get(reverse(name))
    assert response.status_code in (401, 403)
    assert "results" not in response.json()


def test_anonymous_callers_cannot_read_report_schema_or_docs(newsroom):
    client = APIClient()
    assert client.get(reverse("api:report", args=["source"])).status_code in (401, 403)
    assert client.get(reverse("api:schema")).status_code in (401, 403)
    docs = client.get(reverse("api:docs"))
    assert docs.status_code == 302
    assert docs["Location"].startswith(reverse("login"))


def test_a_bad_token_is_refused_with_401(newsroom):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get(reverse("api:claim-list")).status_code == 401


@pytest.mark.parametrize("name", LISTS)
def test_signed_in_users_without_a_newsroom_role_are_refused(newsroom, name):
    outsider = UserFactory(username="outsider")
    response = client_for(outsider).get(reverse(name))
    assert response.status_code == 403


def test_token_is_obtained_with_username_and_password(reporter, newsroom):
    client = APIClient()
    response = client.post(
        reverse("api:token"), {"username": "reporter", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert client.get(reverse("api:claim-list")).json()["count"] == 3


def test_token_is_refused_for_a_wrong_password(reporter):
    response = APIClient().post(
        reverse("api:token"), {"username": "reporter", "password": "wrong-horse"}
    )
    assert response.status_code == 400
    assert "token" not in response.json()


def test_session_authentication_works_for_signed_in_staff(client, editor, newsroom):
    client.force_login(editor)
    assert client.get(reverse("api:claim-list")).json()["count"] == 3


@pytest.mark.parametrize("fixture", ["reporter", "editor", "fact_checker", "admin_user"])
def test_every_role_reads_every_claim_article_and_piece_of_evidence(request, newsroom, fixture):
    client = client_for(request.getfixturevalue(fixture))
    claims = client.get(reverse("api:claim-list"))
    assert claims.status_code == 200
    assert _ids(claims) == {newsroom.corroborated.pk, newsroom.contradicted.pk, newsroom.pending.pk}
    articles = client.get(reverse("api:article-list"))
    assert _ids(articles) == {newsroom.article.pk, newsroom.later_article.pk}
    assert _ids(client.get(reverse("api:evidence-list"))) == {newsroom.evidence.pk}


def test_a_reporter_sees_only_the_sources_of_their_desks(as_reporter, newsroom):
    listed = as_reporter.get(reverse("api:source-list"))
    assert _ids(listed) == {newsroom.reporter_source.pk}
    mine = as_reporter.get(reverse("api:source-detail", args=[newsroom.reporter_source.pk]))
    assert mine.status_code == 200
    assert mine.json()["codename"] == "ORCHID"
    other = as_reporter.get(reverse("api:source-detail", args=[newsroom.other_source.pk]))
    assert other.status_code == 404
    assert "JUNIPER" not in other.content.decode()


@pytest.mark.parametrize("client_fixture", ["as_editor", "as_checker", "as_admin"])
def test_editors_checkers_and_admins_see_every_source(request, newsroom, client_fixture):
    listed = request.getfixturevalue(client_fixture).get(reverse("api:source-list"))
    assert _ids(listed) == {newsroom.reporter_source.pk, newsroom.other_source.pk}


def test_fact_checkers_never_see_a_handler(as_checker, newsroom):
    listed = as_checker.get(reverse("api:source-list")).json()["results"]
    detail = as_checker.get(reverse("api:source-detail", args=[newsroom.reporter_source.pk])).json()
    assert "handler" not in _keys(listed) | _keys(detail)
    assert "reporter" not in json.dumps(listed) + json.dumps(detail)


@pytest.mark.parametrize("client_fixture", ["as_reporter", "as_editor"])
def test_reporters_and_editors_see_the_handler(request, newsroom, client_fixture):
    client = request.getfixturevalue(client_fixture)
    detail = client.get(reverse("api:source-detail", args=[newsroom.reporter_source.pk]))
    assert detail.json()["handler"] == "reporter"


def test_a_reporter_sees_the_descriptor_but_not_an_unknown_source(as_reporter, newsroom):
    claim = as_reporter.get(reverse("api:claim-detail", args=[newsroom.pending.pk])).json()
    by_descriptor = {a["descriptor"]: a for a in claim["attributions"]}
    mine = by_descriptor["a source in Ryanggang Province"]
    theirs = by_descriptor["an additional source in Ryanggang Province"]
    assert (mine["source"], mine["source_codename"]) == (newsroom.reporter_source.pk, "ORCHID")
    assert (theirs["source"], theirs["source_codename"]) == (None, None)
    attributions = as_reporter.get(reverse("api:attribution-list")).content.decode()
    assert "JUNIPER" not in attributions
    assert "ORCHID" in attributions


def test_an_editor_sees_every_attributed_source(as_editor, newsroom):
    claim = as_editor.get(reverse("api:claim-detail", args=[newsroom.pending.pk])).json()
    assert {a["source_codename"] for a in claim["attributions"]} == {"ORCHID", "JUNIPER"}


def test_a_reporter_cannot_filter_claims_by_an_unknown_source(as_reporter, newsroom):
    url = reverse("api:claim-list")
    mine = as_reporter.get(url, {"source": newsroom.reporter_source.pk})
    assert _ids(mine) == {newsroom.corroborated.pk, newsroom.pending.pk}
    # Another desk's source matches nothing, as if it did not exist.
    theirs = as_reporter.get(url, {"source": newsroom.other_source.pk})
    assert theirs.status_code == 200
    assert theirs.json()["count"] == 0
    missing = as_reporter.get(url, {"source": 999999})
    assert missing.json() == theirs.json()
    everyone = as_reporter.get(
        reverse("api:attribution-list"), {"source": newsroom.other_source.pk}
    )
    assert everyone.json()["count"] == 0


def _crawl(client, newsroom, *, staff_names: bool = True) -> list[str]:
    """Return the bodies of every list, detail and report the API offers.

    The report by reporter is refused (403) to those who may not see staff names.
    """
    bodies = []
    for name in LISTS:
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        bodies.append(response.content.decode())
    details = {
        "api:source-detail": [newsroom.reporter_source.pk, newsroom.other_source.pk],
        "api:claim-detail": [newsroom.corroborated.pk, newsroom.pending.pk],
        "api:claim-claimreview": [newsroom.corroborated.pk, newsroom.contradicted.pk],
        "api:article-detail": [newsroom.article.pk],
        "api:evidence-detail": [newsroom.evidence.pk],
    }
    for name, pks in details.items():
        for pk in pks:
            response = client.get(reverse(name, args=[pk]))
            # A reporter is told another desk's source does not exist; check that answer too.
            assert response.status_code in (200, 404), name
            bodies.append(response.content.decode())
    for by in ("source", "descriptor", "region", "reporter", "outlet", "topic", "year"):
        response = client.get(reverse("api:report", args=[by]))
        assert response.status_code == (200 if staff_names or by != "reporter" else 403), by
        bodies.append(response.content.decode())
    return bodies


@pytest.mark.parametrize(
    "fixture", ["reporter", "editor", "fact_checker", "admin_user"], ids=lambda f: f
)
def test_identity_details_appear_in_no_answer_for_any_role(request, newsroom, fixture):
    client = client_for(request.getfixturevalue(fixture))
    bodies = _crawl(client, newsroom, staff_names=fixture != "fact_checker")
    assert len(bodies) == len(LISTS) + 8 + 7
    for body in bodies:
        for secret in IDENTITY_STRINGS:
            assert secret not in body
        assert not _keys(json.loads(body)) & IDENTITY_KEYS


def test_the_report_shows_a_reporter_only_their_sources(as_reporter, as_editor, newsroom):
    url = reverse("api:report", args=["source"])
    mine = as_reporter.get(url).json()
    assert [row["group"] for row in mine["results"]] == ["ORCHID"]
    everyone = as_editor.get(url).json()
    assert {row["group"] for row in everyone["results"]} == {"ORCHID", "JUNIPER"}


def test_an_unknown_report_grouping_is_404(as_editor, newsroom):
    response = as_editor.get(reverse("api:report", args=["horoscope"]))
    assert response.status_code == 404
    assert "source" in response.json()["detail"]


def test_out_of_scope_writes_look_like_missing_rows(as_reporter, newsroom):
    response = as_reporter.post(
        reverse("api:claim-list"),
        {
            "article": newsroom.article.pk,
            "text": "Border guards were paid in meth.",
            "attributions": [{"source": newsroom.other_source.pk}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "object does not exist" in json.dumps(response.json()["attributions"])


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("api:claim-list", {roles.REPORTER, roles.EDITOR, roles.ADMIN}),
        ("api:evidence-list", {roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN}),
        ("api:link-list", {roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN}),
        # Admins may decide and record letters (docs/security.md), as on the pages.
        ("api:verdict-list", {roles.EDITOR, roles.ADMIN}),
        ("api:letter-list", {roles.EDITOR, roles.ADMIN}),
    ],
)
@pytest.mark.parametrize("role", roles.ALL)
def test_writes_are_limited_to_the_roles_whose_job_they_are(newsroom, name, allowed, role):
    user = UserFactory(username=f"someone-{role}", roles=[role])
    # An empty body: allowed roles get a validation error, the others a refusal.
    response = client_for(user).post(reverse(name), {}, format="json")
    assert response.status_code == (400 if role in allowed else 403)


def test_a_reporter_may_not_delete_a_link(as_reporter, newsroom):
    link = newsroom.corroborated.links.get()
    response = as_reporter.delete(reverse("api:link-detail", args=[link.pk]))
    assert response.status_code == 403
    newsroom.corroborated.refresh_from_db()
    assert newsroom.corroborated.outcome == "corroborated"


def test_failed_token_requests_count_toward_the_login_lockout(reporter, settings):
    settings.AXES_ENABLED = True
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("api:token"), {"username": "reporter", "password": "wrong-horse"})
    locked = client.post(
        reverse("api:token"), {"username": "reporter", "password": "correct-horse-battery"}
    )
    # The right password no longer gets a token: the account and address are locked.
    assert locked.status_code == 400
    assert "token" not in locked.json()
    attempt = AccessAttempt.objects.get(username="reporter")
    assert attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT


def test_fact_checkers_get_no_staff_names(as_checker, as_editor, reporter, editor, newsroom):
    """Whoever filed, wrote, linked, decided or recorded reads as "newsroom staff" to them."""
    from sources import services
    from sources.models import Article, EvidenceLink

    Article.objects.filter(pk=newsroom.article.pk).update(byline="By Ri Chol-su")
    EvidenceLink.objects.update(recorded_by=editor)
    services.evidence_record(
        kind="document",
        summary="A customs ledger photographed in Dandong.",
        observed_on=datetime.date(2016, 12, 1),
        recorded_by=editor,
    )
    names = {
        "api:claim-detail": ([newsroom.pending.pk], ("filed_by",)),
        "api:article-detail": ([newsroom.article.pk], ("reporter", "byline")),
    }
    lists = {
        "api:evidence-list": "recorded_by",
        "api:link-list": "recorded_by",
        "api:verdict-list": "decided_by",
        "api:letter-list": "recorded_by",
    }
    for client, expected in ((as_editor, None), (as_checker, "newsroom staff")):
        seen = []
        for name, (args, fields) in names.items():
            body = client.get(reverse(name, args=args)).json()
            seen += [body[field] for field in fields]
        for name, field in lists.items():
            rows = client.get(reverse(name)).json()["results"]
            assert rows, name
            seen += [row[field] for row in rows]
        # Rows nobody recorded (an import) stay null for everyone.
        if expected is None:  # the positive control: editors see the names
            assert set(seen) - {None} == {reporter.username, "By Ri Chol-su", editor.username}
        else:
            assert set(seen) - {None} == {expected}
    listed = as_checker.get(reverse("api:claim-list")).content.decode()
    assert reporter.username not in listed and "newsroom staff" in listed
