"""Identity canary: a planted identity never shows up where nobody needs to know it.

The world holds a confidential source whose real name, contact and notes are
canary strings. Every route of the URLconf (pages, search, reports, the API,
exports, the admin) is requested by every role without need-to-know, also
with the query parameters an API might take as "include the identity"; no
response, no log line and no error page may carry a canary. Fact-checkers
must not see the handling reporter's name either, nor may a reporter learn the
codename of another desk's source. The raw database never holds the plaintext.
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

from sources import roles
from tests.factories import UserFactory
from tests.security.test_permissions_matrix import ROUTES, _url, build_matrix_world, case_for
from tests.security.test_identities import CANARIES, CANARY_NAME, HANDLER, _tables_containing

# Roles with no need to know this source's identity. The editor and the admin see
# identities only after Reveal (a POST with a reason), never on a plain request.
NO_NEED = ("anonymous", "other", "checker", "colleague", "editor", "admin")
EXPLICIT_ASKS = (
    {"include_identity": "1"},
    {"identity": "1"},
    {"fields": "real_name,contact,meeting_notes"},
    {"expand": "identity"},
)


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
        yield w
        transaction.set_rollback(True)


# Codenames of sources outside a reporter's scope: they must not learn these exist.
OUT_OF_SCOPE = {"other": "LARCH", "colleague": "PINE"}


def _leaks(text: str, role: str) -> list[str]:
    found = [canary for canary in CANARIES if canary in text]
    if role == "checker" and HANDLER in text:
        found.append(f"handler name {HANDLER}")
    if role in OUT_OF_SCOPE and OUT_OF_SCOPE[role] in text:
        found.append(f"codename {OUT_OF_SCOPE[role]} outside the reporter's scope")
    return found


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _routes():
    return [r for r in ROUTES if case_for(r) is not None]


@pytest.mark.django_db
@pytest.mark.parametrize("route", _routes(), ids=[r.key for r in _routes()])
def test_no_route_shows_the_identity_to_a_role_without_need_to_know(route, world, caplog):
    caplog.set_level(logging.DEBUG)
    case = case_for(route)
    settings = {k: v for k, v in case.settings.items() if not k.startswith("_")}
    leaks = {}
    with override_settings(**settings):
        url = _url(route, case, world)
        is_admin = route.key.startswith("admin")
        for role in ("admin",) if is_admin else NO_NEED:
            asks = [case.query]
            if _takes_explicit_asks(route):
                asks += [{**case.query, **ask} for ask in EXPLICIT_ASKS]
            for query in asks:
                response = world.clients[role].get(url, query)
                found = _leaks(_body(response), role)
                if found:
                    leaks[f"{role} {url}?{query}"] = found
    assert leaks == {}
    assert [c for c in CANARIES if c in caplog.text] == []


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
    nobody = UserFactory(username="intern")
    assert not roles.is_staff_member(nobody)
    client = Client()
    client.force_login(nobody)
    for name in ("sources:source_list", "sources:search", "api:source-list"):
        body = _body(client.get(reverse(name), {"q": "Ryanggang"}))
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
