"""Bad input at every edge answers 4xx naming the field, never a 500.

One table lists every input surface: the codename fields, report group keys,
the public descriptor page, query strings, URL parts, form posts and the
API (bodies, slugs, filters, pages). Each row sends one kind of bad input
(NUL or another control character, a 20-digit number, JSON nested too
deeply, text over its limit, a write the service refuses) and asserts the
status and the field named in the answer. Before issue 11 the NUL rows gave
a 500 in eight places on PostgreSQL, the 20-digit rows in "Relies on
articles" (SQLite) and in report group keys, and nested JSON everywhere.

A last test requests every route the app serves with a NUL in its query
string, so a view added later without the checks fails here.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.db import connection
from django.forms import BaseForm, BaseFormSet
from django.test import Client, override_settings
from django.urls import reverse
from django_filters import FilterSet
from rest_framework.test import APIClient

from sources import roles
from sources.domain.text import CLAIM_TEXT_MAX, EVIDENCE_SUMMARY_MAX, LETTER_REASON_MAX
from sources.models import EvidenceLink, Source
from tests.api.conftest import build_newsroom, client_for
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NUL = "\x00"
BELL = "\x07"
BIG = "9" * 20  # fits no 64-bit column
DEEP = "[" * 100_000 + "]" * 100_000


@pytest.fixture
def world(reporter, editor, admin_user):
    room = build_newsroom(reporter=reporter, editor=editor)
    web = Client()
    web.force_login(editor)
    admin_web = Client()
    admin_web.force_login(admin_user)
    return SimpleNamespace(
        room=room,
        web=web,
        admin_web=admin_web,
        anonymous=Client(),
        api=client_for(editor),
        admin_api=client_for(admin_user),
    )


def named_fields(response) -> set[str]:
    """Return every field an answer names: JSON keys at any depth, or the page's form errors."""
    if response.get("Content-Type", "").startswith("application/json"):
        return _keys(response.json())
    names: set[str] = set()
    for context in response.context or ():
        for value in context.flatten().values():
            names |= _form_fields(value)
        errors = context.get("errors")
        if isinstance(errors, dict):
            names |= set(errors)
        for problem in context.get("problems") or ():
            names.add(problem.field)
    return names


def _form_fields(value) -> set[str]:
    if isinstance(value, FilterSet):
        value = value.form
    if isinstance(value, BaseFormSet):
        return {name for form in value.forms for name in form.errors}
    if isinstance(value, BaseForm):
        return set(value.errors)
    return set()


def _keys(data) -> set[str]:
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            found.add(str(key))
            found |= _keys(value)
    elif isinstance(data, list):
        for item in data:
            found |= _keys(item)
    return found


def _story(world, *, headline: str = "Rice in Hyesan", **claim):
    """A story post with one claim row; ``claim`` overrides that row's fields."""
    row = {"text": "Rice rose by a third.", "source": world.room.reporter_source.codename}
    row.update(claim)
    data = {
        "story-outlet": world.room.article.outlet_id,
        "story-headline": headline,
        "story-published_on": "2016-09-10",
        "claims-TOTAL_FORMS": "1",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "30",
        "claims-0-credibility": "6",
    }
    data.update({f"claims-0-{name}": value for name, value in row.items()})
    return world.web.post(reverse("sources:story_file"), data)


def _new_evidence(world, **fields):
    data = {
        "relation": "corroborates",
        "kind": "reporting",
        "summary": "A trader repeated the price.",
        "observed_on": "2016-11-02",
    }
    data.update(fields)
    url = reverse("sources:claim_link_evidence", args=[world.room.pending.pk])
    return world.web.post(url, data)


def _verdict(world, **fields):
    claim = world.room.pending
    data = {"outcome": "corroborated", "reason": "Customs data.", "version": claim.version}
    data.update(fields)
    return world.web.post(reverse("sources:claim_verdict", args=[claim.pk]), data)


def _group(world, by: str, key: str):
    return world.web.get(reverse("sources:report_group", kwargs={"by": by}), {"key": key})


def _claim_body(world, **fields):
    body = {
        "article": world.room.article.pk,
        "text": "Rice rose by a third.",
        "attributions": [{"source": world.room.reporter_source.pk}],
    }
    body.update(fields)
    return body


def _post_json(client: APIClient, url: str, body):
    raw = body if isinstance(body, str) else json.dumps(body)
    return client.generic("POST", url, raw, content_type="application/json")


def _letter(world, **fields):
    data = {"group_kind": "descriptor", "group_key": "a source in Ryanggang Province"}
    data.update({"letter": "B", "reason": "Steady."}, **fields)
    return world.web.post(reverse("sources:letter_override"), data)


def _burn_twice(world):
    url = reverse("sources:source_burn", args=[world.room.other_source.pk])
    first = world.web.post(url, {"reason": "Arrest reported."})
    assert first.status_code == 302
    assert Source.objects.get(pk=world.room.other_source.pk).status == Source.Status.BURNED
    return world.web.post(url, {"reason": "Arrest reported."})


def _link_twice_web(world):
    data = {"existing": world.room.evidence.pk, "relation": "corroborates"}
    url = reverse("sources:claim_link_evidence", args=[world.room.corroborated.pk])
    return world.web.post(url, data)


def _verdict_twice(world):
    claim = world.room.pending
    data = {"outcome": "corroborated", "reason": "Customs data.", "version": claim.version}
    url = reverse("sources:claim_verdict", args=[claim.pk])
    assert world.web.post(url, data).status_code == 302
    return world.web.post(url, data)


def _api_verdict_twice(world):
    claim = world.room.pending
    body = {
        "claim": claim.pk,
        "outcome": "corroborated",
        "reason": "Customs data.",
        "expected_version": claim.version,
    }
    assert _post_json(world.api, "/api/verdicts/", body).status_code == 201
    return _post_json(world.api, "/api/verdicts/", body)


@dataclass(frozen=True)
class Case:
    """One surface and one bad input: the answer's status and the field it must name."""

    name: str
    send: Callable
    field: str | None
    status: int = 400


CASES = [
    # NUL and other control characters: the codename fields.
    Case("vet codename NUL", lambda w: w.web.get("/vet/", {"source": NUL}), "source"),
    Case("vet descriptor BEL", lambda w: w.web.get("/vet/", {"descriptor": BELL}), "descriptor"),
    Case("vet pasted claim NUL", lambda w: w.web.get("/vet/", {"text": f"a{NUL}"}), "text"),
    Case("story codename NUL", lambda w: _story(w, source=NUL), "source"),
    Case("evidence codename NUL", lambda w: _new_evidence(w, source=NUL), "source"),
    # ... report group keys, the public descriptor page and other query strings.
    Case("group key descriptor NUL", lambda w: _group(w, "descriptor", NUL), "key"),
    Case("group key region NUL", lambda w: _group(w, "region", NUL), "key"),
    Case("group key topic NUL", lambda w: _group(w, "topic", NUL), "key"),
    Case("group key outlet NUL", lambda w: _group(w, "outlet", NUL), "key"),
    Case(
        "public descriptor NUL",
        lambda w: w.anonymous.get("/public/descriptors/%00/"),
        "descriptor",
    ),
    Case(
        "source card topic NUL",
        lambda w: w.web.get(f"/reports/sources/{w.room.reporter_source.pk}/", {"topic": NUL}),
        "topic",
    ),
    Case("report sort NUL", lambda w: w.web.get("/reports/source/", {"sort": NUL}), "sort"),
    Case(
        "report download sort NUL",
        lambda w: w.web.get("/reports/source/download.csv", {"sort": NUL}),
        "sort",
    ),
    Case("search NUL", lambda w: w.web.get("/search/", {"q": NUL}), "q"),
    Case("source list NUL", lambda w: w.web.get("/sources/", {"q": f"larch{NUL}"}), "q"),
    Case("queue filter NUL", lambda w: w.web.get("/queue/", {"region": NUL}), "region"),
    Case(
        "access log action NUL",
        lambda w: w.admin_web.get("/security/access-log/", {"action": NUL}),
        "action",
    ),
    # ... form posts.
    Case("story headline BEL", lambda w: _story(w, headline=f"Rice{BELL}"), "headline"),
    Case("story claim text VT", lambda w: _story(w, text="Rice\x0brose."), "text"),
    Case("story descriptor tab", lambda w: _story(w, descriptor="a\tsource"), "descriptor"),
    Case("evidence summary NUL", lambda w: _new_evidence(w, summary=f"s{NUL}"), "summary"),
    Case("evidence note C1", lambda w: _new_evidence(w, note="a\x85b"), "note"),
    Case("verdict reason NUL", lambda w: _verdict(w, reason=f"r{NUL}"), "reason"),
    Case("letter group key NUL", lambda w: _letter(w, group_key=NUL), "group_key"),
    Case(
        "burn reason NUL",
        lambda w: w.web.post(f"/security/sources/{w.room.other_source.pk}/burn/", {"reason": NUL}),
        "reason",
    ),
    # ... the API: slugs, text, keys and filters.
    Case(
        "api region slug NUL",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, region=NUL)),
        "region",
    ),
    Case(
        "api topic slug NUL",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, topics=[NUL])),
        "topics",
    ),
    Case(
        "api claim text BEL",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, text=f"a{BELL}b")),
        "text",
    ),
    Case(
        "api claim text surrogate",
        lambda w: _post_json(
            w.api,
            "/api/claims/",
            json.dumps(_claim_body(w, text="PLACEHOLDER")).replace("PLACEHOLDER", "a\\ud800b"),
        ),
        "text",
    ),
    Case(
        "api descriptor NUL",
        lambda w: _post_json(
            w.api,
            "/api/claims/",
            _claim_body(w, attributions=[{"source": w.room.reporter_source.pk, "descriptor": NUL}]),
        ),
        "descriptor",
    ),
    Case(
        "api external id tab",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, external_id="a\tb")),
        "external_id",
    ),
    Case(
        "api evidence summary NUL",
        lambda w: _post_json(
            w.api,
            "/api/evidence/",
            {"kind": "reporting", "summary": NUL, "observed_on": "2016-11-02"},
        ),
        "summary",
    ),
    Case(
        "api link note BEL",
        lambda w: _post_json(
            w.api,
            "/api/links/",
            {
                "claim": w.room.pending.pk,
                "evidence": w.room.evidence.pk,
                "relation": "context",
                "note": BELL,
            },
        ),
        "note",
    ),
    Case(
        "api verdict reason NUL",
        lambda w: _post_json(
            w.api,
            "/api/verdicts/",
            {
                "claim": w.room.pending.pk,
                "outcome": "corroborated",
                "reason": NUL,
                "expected_version": w.room.pending.version,
            },
        ),  # fmt: skip
        "reason",
    ),
    Case(
        "api letter group key BEL",
        lambda w: _post_json(
            w.api,
            "/api/letters/",
            {"group_kind": "descriptor", "group_key": BELL, "letter": "B", "reason": "r"},
        ),
        "group_key",
    ),
    Case(
        "api codename filter BEL",
        lambda w: w.api.get("/api/sources/", {"codename": BELL}),
        "codename",
    ),
    Case("api slug filter NUL", lambda w: w.api.get("/api/claims/", {"region": NUL}), "region"),
    Case(
        "api key filter BEL",
        lambda w: w.api.get("/api/articles/", {"external_id": BELL}),
        "external_id",
    ),
    Case("api page NUL", lambda w: w.api.get("/api/claims/", {"page": NUL}), "page"),
    # 20-digit numbers.
    Case("evidence relies on BIG", lambda w: _new_evidence(w, cites=BIG), "cites"),
    Case(
        "evidence relies on BIG among others",
        lambda w: _new_evidence(w, cites=f"{w.room.article.pk}, {BIG}"),
        "cites",
    ),
    Case("evidence article BIG", lambda w: _new_evidence(w, article=BIG), "article"),
    Case("group key reporter BIG", lambda w: _group(w, "reporter", BIG), "key"),
    Case("group key year BIG", lambda w: _group(w, "year", BIG), "key"),
    Case("group key source BIG", lambda w: _group(w, "source", BIG), "key"),
    Case("report page BIG", lambda w: w.web.get("/reports/source/", {"page": BIG}), "page"),
    Case("claim report page BIG", lambda w: w.web.get("/reports/claim/", {"page": BIG}), "page"),
    Case("source list page BIG", lambda w: w.web.get("/sources/", {"page": BIG}), "page"),
    Case("queue page BIG", lambda w: w.web.get("/queue/", {"page": BIG}), "page"),
    Case("verdict version BIG", lambda w: _verdict(w, version=BIG), "version"),
    Case("api page BIG", lambda w: w.api.get("/api/claims/", {"page": BIG}), "page"),
    Case("api report page BIG", lambda w: w.api.get("/api/reports/source/", {"page": BIG}), "page"),
    Case("api source filter BIG", lambda w: w.api.get("/api/claims/", {"source": BIG}), "source"),
    Case(
        "api article id BIG",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, article=int(BIG))),
        "article",
    ),
    Case(
        "api verdict version BIG",
        lambda w: _post_json(
            w.api,
            "/api/verdicts/",
            {
                "claim": w.room.pending.pk,
                "outcome": "corroborated",
                "reason": "r",
                "expected_version": int(BIG),
            },
        ),  # fmt: skip
        "expected_version",
    ),
    # JSON nested too deeply, and keys given twice.
    Case("api nested JSON", lambda w: _post_json(w.api, "/api/claims/", DEEP), None),
    Case("api token nested JSON", lambda w: _post_json(APIClient(), "/api/token/", DEEP), None),
    Case(
        "api key given twice",
        lambda w: _post_json(w.api, "/api/claims/", '{"text": "a", "text": "b"}'),
        "text",
    ),
    # Text over its limit: the API keeps the forms' limits.
    Case(
        "api claim text too long",
        lambda w: _post_json(
            w.api, "/api/claims/", _claim_body(w, text="x" * (CLAIM_TEXT_MAX + 1))
        ),
        "text",
    ),
    Case(
        "api claim text 2 MB",
        lambda w: _post_json(w.api, "/api/claims/", _claim_body(w, text="x" * 2_000_000)),
        None,
        413,
    ),
    Case(
        "api evidence summary too long",
        lambda w: _post_json(
            w.api,
            "/api/evidence/",
            {
                "kind": "reporting",
                "summary": "x" * (EVIDENCE_SUMMARY_MAX + 1),
                "observed_on": "2016-11-02",
            },
        ),  # fmt: skip
        "summary",
    ),
    Case(
        "api letter reason too long",
        lambda w: _post_json(
            w.api,
            "/api/letters/",
            {
                "group_kind": "descriptor",
                "group_key": "a source in Ryanggang Province",
                "letter": "B",
                "reason": "x" * (LETTER_REASON_MAX + 1),
            },
        ),  # fmt: skip
        "reason",
    ),
    Case("story claim text too long", lambda w: _story(w, text="x" * (CLAIM_TEXT_MAX + 1)), "text"),
    # Writes the services refuse: 4xx with the field or the conflict, never a 500.
    Case("burn a burned source", _burn_twice, "source"),
    Case("link the same pair twice", _link_twice_web, "existing"),
    Case(
        "api link the same pair twice",
        lambda w: _post_json(
            w.api,
            "/api/links/",
            {
                "claim": w.room.corroborated.pk,
                "evidence": w.room.evidence.pk,
                "relation": "corroborates",
            },
        ),  # fmt: skip
        "evidence",
    ),
    Case("verdict submitted twice", _verdict_twice, None, 409),
    Case("api verdict submitted twice", _api_verdict_twice, "detail", 409),
]


@override_settings(PUBLIC_TRACK_RECORD=True)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_refused_naming_the_field(world, case):
    response = case.send(world)
    assert response.status_code == case.status, response.content[:300]
    if case.field is not None:
        assert case.field in named_fields(response), named_fields(response)


def test_refusals_write_nothing_and_say_what_was_wrong(world):
    before = (EvidenceLink.objects.count(), Source.objects.filter(status="burned").count())
    response = _new_evidence(world, source=NUL, summary="Fine text.")
    assert response.status_code == 400
    message = response.context["link_form"].errors["source"][0]
    assert message == "Contains a NUL character (U+0000) at position 1; remove it and try again."
    response = _group(world, "descriptor", f"a source{NUL}")
    assert b"a NUL character (U+0000) at position 9" in response.content
    assert (EvidenceLink.objects.count(), Source.objects.filter(status="burned").count()) == before


def test_a_nested_json_import_is_refused_on_the_exchange_page(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("deep.json", DEEP.encode(), content_type="application/json")
    response = world.web.post("/exchange/", {"file": upload, "dry_run": "on"})
    assert response.status_code == 400
    assert "nested far deeper" in response.content.decode()


# Every query parameter some page or API list reads, each given a NUL at once.
QUERY_NAMES = ("page", "q", "key", "sort", "source", "descriptor", "topic", "region", "text")


def _routes():
    from tests.security.test_permissions_matrix import all_routes

    return [
        route
        for route in all_routes()
        if route.name and route.name.split(":")[0] in ("sources", "api")
    ]


def _kwargs(pattern: str, world) -> dict:
    values = {
        "pk": world.room.pending.pk,
        "by": "descriptor",
        "fmt": "csv",
        "descriptor": "a source in Ryanggang Province",
        "slug": "ryanggang",
    }
    names = [part.split(":")[-1].rstrip(">") for part in pattern.split("<")[1:]]
    return {name.split(">")[0]: values.get(name.split(">")[0], 1) for name in names}


@override_settings(PUBLIC_TRACK_RECORD=True)
def test_no_route_answers_a_nul_in_its_query_string_with_a_500(world):
    """Every page and API route, with NUL in its page and search parameters: 4xx or fine."""
    web, api = world.admin_web, world.admin_api
    checked = []
    for route in _routes():
        try:
            url = reverse(route.name, kwargs=_kwargs(route.pattern, world))
        except Exception:  # a route this table cannot fill is listed below
            checked.append((route.name, "unreversible"))
            continue
        client = api if route.name.startswith("api:") else web
        response = client.get(url, {name: NUL for name in QUERY_NAMES})
        checked.append((route.name, response.status_code))
        assert response.status_code < 500, (route.name, url)
    assert len([status for _, status in checked if status != "unreversible"]) >= 30, checked


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_pair_linked_twice_at_once_answers_409_or_400_never_500():
    """Two fact-checkers link the same evidence to the same claim at the same instant."""
    assert connection.vendor == "postgresql"
    reporter = UserFactory(username="race-reporter", roles=[roles.REPORTER])
    editor = UserFactory(username="race-editor", roles=[roles.EDITOR])
    room = build_newsroom(reporter=reporter, editor=editor, suffix="-race")
    checkers = [
        client_for(UserFactory(username=f"race-checker-{n}", roles=[roles.FACT_CHECKER]))
        for n in range(2)
    ]
    body = {"claim": room.pending.pk, "evidence": room.evidence.pk, "relation": "context"}
    barrier = threading.Barrier(len(checkers))
    statuses: list = [None] * len(checkers)

    def link(index: int, client: APIClient) -> None:
        try:
            barrier.wait(timeout=10)
            statuses[index] = _post_json(client, "/api/links/", body).status_code
        except Exception as error:  # reported by the assertion below
            statuses[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=link, args=pair) for pair in enumerate(checkers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert statuses.count(201) == 1, statuses
    assert all(status in (201, 400, 409) for status in statuses), statuses
    assert EvidenceLink.objects.filter(claim=room.pending, evidence=room.evidence).count() == 1
