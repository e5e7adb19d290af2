"""Canaries: a planted identity, and staff names, never show up where nobody needs them.

The world holds a confidential source whose real name, contact and notes are
canary strings. Every route of the URLconf (pages, search, reports in every
grouping and format, the API as JSON and browsable HTML, exports, the admin)
is requested by every role without need-to-know, also with the query
parameters an API might take as "include the identity"; no response, no log
line and no error page may carry a canary. Nor may a reporter learn the
codename of another desk's source.

Every staff member has a distinctive username and full name, and an article
carries a byline naming one of them. No response to a fact-checker (or to a
fact-checker who is also an editor) may carry any of them but their own: the
documented rule is that a fact-checker sees no staff names, anywhere. The
editor is the positive control: the same pages show them the names. The raw
database never holds the identity in plaintext.
"""

import io
import logging
import zipfile

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from sources import permissions
from sources.models import Article, Claim
from tests.factories import UserFactory
from tests.security.test_identities import CANARIES, CANARY_NAME, HANDLER, _tables_containing
from tests.security.test_permissions_matrix import (
    REQUESTS,
    build_matrix_world,
    cases_for,
    query_of,
    request_id,
    url_of,
)

# Roles with no need to know this source's identity. The editor and the admin see
# identities only after Reveal (a POST with a reason), never on a plain request.
NO_NEED = ("anonymous", "none", "other", "checker", "both", "colleague", "editor", "admin")
# Roles who may see no staff name at all (the fact-checker rule wins).
NO_STAFF_NAMES = ("checker", "both")
EXPLICIT_ASKS = (
    {"include_identity": "1"},
    {"identity": "1"},
    {"fields": "real_name,contact,meeting_notes"},
    {"expand": "identity"},
)

# Every staff member, by the world's attribute: (username, first name, last name).
STAFF = {
    "reporter": (HANDLER, "Jang", "Myonghwa"),
    "colleague": ("kim.deskmate", "Kim", "Okdeskmate"),
    "other_reporter": ("ri.outsider", "Ri", "Sooutsider"),
    "fact_checker": ("choe.checker", "Choe", "Aecheck"),
    "editor": ("pak.editor", "Pak", "Cholediting"),
    "admin": ("han.admin", "Han", "Giladmin"),
    "both": ("yun.twohats", "Yun", "Mitwohats"),
}
BYLINE = "By Kim Okdeskmate in Seoul"


def _takes_explicit_asks(route) -> bool:
    """API responses and exports are where "include the identity" flags would live."""
    return route.key.startswith("api:") or any(word in route.key for word in ("download", "export"))


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        w = build_matrix_world()
        w.users["colleague"] = w.colleague
        w.clients["colleague"] = Client()
        w.clients["colleague"].force_login(w.colleague)
        for attribute, (username, first, last) in STAFF.items():
            user = getattr(w, attribute)
            user.username, user.first_name, user.last_name = username, first, last
            user.save()
        Article.objects.filter(pk=w.article.pk).update(byline=BYLINE)
        Claim.objects.filter(pk=w.claim.pk).update(assessed_by=w.editor)
        w.staff_names = {
            attribute: (username, f"{first} {last}")
            for attribute, (username, first, last) in STAFF.items()
        }
        yield w
        transaction.set_rollback(True)


# Codenames of sources outside a reporter's scope: they must not learn these exist.
OUT_OF_SCOPE = {"other": "LARCH", "colleague": "PINE"}


def _own_names(world, role: str) -> set[str]:
    user = world.users[role]
    return {user.get_username(), user.get_full_name()} if user is not None else set()


def _staff_names_in(text: str, world, role: str) -> list[str]:
    """Return the staff names in ``text`` that are not the viewer's own."""
    own = _own_names(world, role)
    return sorted(
        name
        for names in world.staff_names.values()
        for name in names
        if name not in own and name in text
    ) + ([f"byline {BYLINE!r}"] if BYLINE in text else [])


def _leaks(text: str, role: str, world=None) -> list[str]:
    found = [canary for canary in CANARIES if canary in text]
    if role in NO_STAFF_NAMES:
        if HANDLER in text:
            found.append(f"handler name {HANDLER}")
        if world is not None:
            found += [f"staff name {name}" for name in _staff_names_in(text, world, role)]
    if role in OUT_OF_SCOPE and OUT_OF_SCOPE[role] in text:
        found.append(f"codename {OUT_OF_SCOPE[role]} outside the reporter's scope")
    return found


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


@pytest.mark.django_db
@pytest.mark.parametrize("item", REQUESTS, ids=[request_id(item) for item in REQUESTS])
def test_no_route_shows_an_identity_or_a_staff_name_to_a_role_without_need(item, world, caplog):
    caplog.set_level(logging.DEBUG)
    route, case = item
    leaks = {}
    with override_settings(**case.settings):
        url, query = url_of(route, case, world), query_of(route, case, world)
        # The admin is for admins; everyone else is sent to its login page.
        who = ("admin", *NO_STAFF_NAMES) if route.key.startswith("admin") else NO_NEED
        # Explicit asks once per route (its first variant), to keep the run short.
        explicit = _takes_explicit_asks(route) and case is cases_for(route)[0]
        for role in who:
            asks = [query, *({**query, **ask} for ask in EXPLICIT_ASKS)] if explicit else [query]
            for ask in asks:
                response = world.clients[role].get(url, ask)
                found = _leaks(_body(response), role, world)
                if found:
                    leaks[f"{role} {url}?{ask}"] = found
    assert leaks == {}
    assert [c for c in CANARIES if c in caplog.text] == []


# Where the names live: the editor sees them there, so the search above can find them.
NAMED_PAGES = (
    ("sources:claim_detail", lambda w: {"pk": w.claim.pk}, {}),
    ("sources:article_detail", lambda w: {"pk": w.article.pk}, {}),
    ("sources:source_detail", lambda w: {"pk": w.source.pk}, {}),
    ("sources:report", lambda w: {"by": "reporter"}, {}),
    ("sources:report_download", lambda w: {"by": "reporter", "fmt": "csv"}, {}),
    ("sources:calibration", lambda w: {}, {}),
    ("api:claim-detail", lambda w: {"pk": w.claim.pk}, {}),
    ("api:article-detail", lambda w: {"pk": w.article.pk}, {}),
    ("api:link-list", lambda w: {}, {}),
    ("api:verdict-list", lambda w: {}, {"format": "api"}),
)


@pytest.mark.django_db
def test_the_staff_names_are_there_for_an_editor(world):
    """The positive control: an editor reads every name the fact-checker must not."""
    seen = set()
    for name, kwargs, query in NAMED_PAGES:
        response = world.clients["editor"].get(reverse(name, kwargs=kwargs(world)), query)
        assert response.status_code == 200, name
        seen.update(_staff_names_in(_body(response), world, "anonymous"))
        checker = world.clients["checker"].get(reverse(name, kwargs=kwargs(world)), query)
        assert _staff_names_in(_body(checker), world, "checker") == [], name
    named = world.staff_names
    assert seen >= {
        named["reporter"][0],  # the handler, on the source page
        named["colleague"][0],  # who filed the claim and reported the article
        named["colleague"][1],  # the reporter report's label
        named["fact_checker"][0],  # who linked the evidence
        named["editor"][0],  # who decided the verdict and assessed the claim
        f"byline {BYLINE!r}",
    }
    assert permissions.NEUTRAL_STAFF_NAME in _body(
        world.clients["checker"].get(reverse("sources:article_detail", args=[world.article.pk]))
    )


@pytest.mark.django_db
def test_the_canary_is_reachable_for_the_handler(world):
    """Guards the test above: the canary is really planted and readable by its handler."""
    response = world.clients["reporter"].get(
        reverse("sources:identity_detail", args=[world.source.pk])
    )
    assert CANARY_NAME in response.text


@pytest.mark.django_db
def test_search_does_not_find_a_source_by_its_identity(world):
    for role in ("reporter", "editor", "checker", "admin"):
        for query in (CANARY_NAME, "Pak Sun-hui", "canary-hyesan"):
            response = world.clients[role].get(reverse("sources:search"), {"q": query})
            assert response.status_code == 200
            assert "LARCH" not in response.text, (role, query)


@pytest.mark.django_db
def test_reveals_do_not_put_the_identity_in_log_output(world, caplog):
    caplog.set_level(logging.DEBUG)
    reveal = world.clients["editor"].post(
        reverse("sources:identity_reveal", args=[world.source.pk]), {"reason": "Legal check"}
    )
    assert CANARY_NAME in reveal.text  # the editor asked, with a reason
    handler = world.clients["reporter"].get(
        reverse("sources:identity_detail", args=[world.source.pk])
    )
    assert CANARY_NAME in handler.text
    world.clients["reporter"].post(
        reverse("sources:identity_edit", args=[world.source.pk]),
        {"real_name": CANARY_NAME, "contact": CANARY_CONTACT_EDIT, "meeting_notes": ""},
    )
    assert [c for c in (*CANARIES, CANARY_CONTACT_EDIT) if c in caplog.text] == []


CANARY_CONTACT_EDIT = "signal:canary-edit-0042"


@pytest.mark.django_db
def test_error_page_with_debug_off_shows_neither_identity_nor_ciphertext(world, caplog):
    assert django_settings.DEBUG is False
    caplog.set_level(logging.DEBUG)
    client = Client(raise_request_exception=False)
    client.force_login(world.reporter)
    with override_settings(SOURCE_IDENTITY_KEYS=[Fernet.generate_key().decode()]):
        response = client.get(reverse("sources:identity_detail", args=[world.source.pk]))
    assert response.status_code == 500
    body = response.content.decode()
    assert _leaks(body, "reporter") == []
    assert "gAAAA" not in body  # no Fernet token
    assert "Traceback" not in body and "SOURCE_IDENTITY_KEYS" not in body
    assert _leaks(caplog.text, "reporter") == []
    assert "gAAAA" not in caplog.text
    assert "cannot be decrypted" in caplog.text  # the clear error is logged for the admins


@pytest.mark.django_db
def test_raw_database_never_holds_the_plaintext(world):
    for canary in CANARIES:
        assert _tables_containing(canary) == []


@pytest.mark.django_db
def test_a_user_without_any_role_sees_nothing(world):
    nobody = UserFactory(username="intern-2")
    assert not permissions.can_use_newsroom(viewer=nobody)
    client = Client()
    client.force_login(nobody)
    for name in ("sources:source_list", "sources:search", "api:source-list"):
        response = client.get(reverse(name), {"q": "Ryanggang"})
        assert response.status_code == 403, name
        body = _body(response)
        assert "LARCH" not in body and _leaks(body, "checker") == []


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_exports_from_the_exchange_page_leave_identities_out(world, fmt, caplog):
    caplog.set_level(logging.DEBUG)
    for role in ("editor", "admin"):
        response = world.clients[role].post(reverse("sources:exchange_export"), {"format": fmt})
        assert response.status_code == 200
        data = response.content
        if fmt == "csv":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                text = "".join(archive.read(name).decode() for name in archive.namelist())
        else:
            text = data.decode()
        assert "LARCH" in text  # the export is real and holds the source
        assert _leaks(text, role) == []
        assert "gAAAA" not in text
    assert _leaks(caplog.text, "editor") == []
