"""Role × URL matrix, generated from the URLconf.

Every route the project serves is requested (GET) as anonymous, the handling
reporter, another desk's reporter, a fact-checker, an editor and an admin,
and the status is compared with the matrix below. A route that is not in the
matrix fails; so does a matrix entry for a route that no longer exists.
Objects outside a viewer's scope (the source of another desk) answer 404.

Statuses: an int, or LOGIN (302 to the login page) or ADMIN_LOGIN (302 to
the admin's login page).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sources import selectors, services
from tests.security.test_identities import build_world

ROLES = ("anonymous", "reporter", "other", "checker", "editor", "admin")
LOGIN = "login"
ADMIN_LOGIN = "admin_login"


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the full pattern for an unnamed route
    name: str | None
    pattern: str


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = namespace
            if entry.namespace:
                ns = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            full = prefix + str(entry.pattern)
            name = None
            if entry.name:
                name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield Route(key=name or full, name=name, pattern=full)


def all_routes() -> list[Route]:
    """Return every route in the URLconf, walking includes recursively."""
    seen, routes = set(), []
    for route in _walk(get_resolver().url_patterns):
        if route.key not in seen:
            seen.add(route.key)
            routes.append(route)
    return routes


@dataclass
class Case:
    expect: dict[str, int | str]
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    args: Callable[[SimpleNamespace], list] | None = None
    path: Callable[[SimpleNamespace], str] | None = None  # for unnamed routes
    query: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)


def every(code, *, anonymous=LOGIN, **overrides) -> dict[str, int | str]:
    """Expect ``code`` for every signed-in role, LOGIN for anonymous, unless overridden."""
    unknown = set(overrides) - set(ROLES)
    assert not unknown, f"unknown roles {unknown}"
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], code), **overrides}


def source_kwargs(w):
    return {"pk": w.source.pk}


# Pages, reports, the public record, security -----------------------------------------

MATRIX: dict[str, Case] = {
    "login": Case(every(200, anonymous=200)),
    "logout": Case(every(405, anonymous=405)),
    "sources:home": Case(every(200)),
    "sources:vet": Case(every(200)),
    "sources:story_file": Case(every(200, checker=403)),
    "sources:queue": Case(every(200)),
    "sources:claim_detail": Case(every(200), kwargs=lambda w: {"pk": w.claim.pk}),
    "sources:claim_link_evidence": Case(every(405), kwargs=lambda w: {"pk": w.claim.pk}),
    "sources:claim_verdict": Case(every(405), kwargs=lambda w: {"pk": w.claim.pk}),
    "sources:source_list": Case(every(200)),
    "sources:source_detail": Case(every(200, other=404), kwargs=source_kwargs),
    "sources:article_detail": Case(every(200), kwargs=lambda w: {"pk": w.article.pk}),
    "sources:search": Case(every(200), query={"q": "Ryanggang"}),
    "sources:reports_index": Case(every(200)),
    "sources:calibration": Case(every(200)),
    "sources:letter_override": Case(every(405, anonymous=405)),
    "sources:source_card": Case(every(200, other=404), kwargs=source_kwargs),
    "sources:report": Case(every(200), kwargs=lambda w: {"by": "region"}),
    "sources:report_group": Case(
        every(200), kwargs=lambda w: {"by": "region"}, query={"key": "ryanggang"}
    ),
    "sources:report_download": Case(every(200), kwargs=lambda w: {"by": "source", "fmt": "csv"}),
    "sources:public_index": Case(every(200, anonymous=200), settings={"PUBLIC_TRACK_RECORD": True}),
    "sources:public_region": Case(
        every(200, anonymous=200),
        kwargs=lambda w: {"slug": w.region.slug},
        settings={"PUBLIC_TRACK_RECORD": True},
    ),
    "sources:public_descriptor": Case(
        every(200, anonymous=200),
        kwargs=lambda w: {"descriptor": w.source.descriptor},
        settings={"PUBLIC_TRACK_RECORD": True},
    ),
    "sources:identity_detail": Case(every(200, other=404, checker=403), kwargs=source_kwargs),
    "sources:identity_reveal": Case(every(405), kwargs=source_kwargs),
    "sources:identity_edit": Case(every(403, reporter=200, other=404), kwargs=source_kwargs),
    "sources:source_burn": Case(every(403, other=404, editor=200, admin=200), kwargs=source_kwargs),
    "sources:access_log": Case(every(403, admin=200)),
    "sources:exchange": Case(every(403, editor=200, admin=200)),
    "sources:exchange_export": Case(every(405)),
}

# The public pages answer 404 to everyone while PUBLIC_TRACK_RECORD is off.
PUBLIC_OFF = {
    "sources:public_index": None,
    "sources:public_region": lambda w: {"slug": w.region.slug},
    "sources:public_descriptor": lambda w: {"descriptor": w.source.descriptor},
}

# The API -----------------------------------------------------------------------------

API_DENIED = 401  # DRF asks anonymous callers to authenticate (token or session)

MATRIX.update(
    {
        "api:api-root": Case(every(200, anonymous=API_DENIED)),
        "api:token": Case(every(405, anonymous=405)),
        "api:schema": Case(every(200, anonymous=API_DENIED)),
        "api:docs": Case(every(200)),  # an HTML page: anonymous readers go to the login
        "api:report": Case(every(200, anonymous=API_DENIED), kwargs=lambda w: {"by": "region"}),
        "api:source-list": Case(every(200, anonymous=API_DENIED)),
        "api:source-detail": Case(
            every(200, anonymous=API_DENIED, other=404), kwargs=source_kwargs
        ),
        "api:article-list": Case(every(200, anonymous=API_DENIED)),
        "api:article-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.article.pk}
        ),
        "api:claim-list": Case(every(200, anonymous=API_DENIED)),
        "api:claim-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.claim.pk}
        ),
        "api:claim-claimreview": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.claim.pk}
        ),
        "api:attribution-list": Case(every(200, anonymous=API_DENIED)),
        "api:attribution-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.attribution.pk}
        ),
        "api:evidence-list": Case(every(200, anonymous=API_DENIED)),
        "api:evidence-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.evidence.pk}
        ),
        "api:link-list": Case(every(200, anonymous=API_DENIED)),
        "api:link-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.link.pk}
        ),
        "api:verdict-list": Case(every(200, anonymous=API_DENIED)),
        "api:verdict-detail": Case(
            every(200, anonymous=API_DENIED), kwargs=lambda w: {"pk": w.verdict.pk}
        ),
        "api:letter-list": Case(every(200, anonymous=API_DENIED)),
        "api:claimreview-list": Case(every(200, anonymous=API_DENIED)),
    }
)

# The Django admin: only staff (the admin) get in; everyone else is sent to its login. --

ADMIN_ONLY = every(200, anonymous=ADMIN_LOGIN, **dict.fromkeys(ROLES[1:5], ADMIN_LOGIN))
# Admins whose models are read-only or append-only refuse adding (and some, deleting).
NO_ADD = {
    "sources.verdict",
    "sources.sourcerollup",
    "sources.identityaccesslog",
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
}
NO_DELETE = {"sources.identityaccesslog"}

MATRIX.update(
    {
        "admin:index": Case(ADMIN_ONLY),
        "admin:login": Case(every(200, anonymous=200, admin=302)),
        "admin:logout": Case(every(302, anonymous=302, admin=405)),
        "admin:password_change": Case(ADMIN_ONLY),
        "admin:password_change_done": Case(ADMIN_ONLY),
        "admin:autocomplete": Case({**ADMIN_ONLY, "admin": 403}),
        "admin:jsi18n": Case(ADMIN_ONLY),
        "admin:view_on_site": Case(
            {**ADMIN_ONLY, "admin": 404},
            kwargs=lambda w: {
                "content_type_id": ContentType.objects.get_for_model(w.source).pk,
                "object_id": w.source.pk,
            },
        ),
        "admin:app_list": Case(ADMIN_ONLY, kwargs=lambda w: {"app_label": "sources"}),
        "admin:auth_user_password_change": Case(ADMIN_ONLY, kwargs=lambda w: {"id": w.editor.pk}),
        "admin/(?P<url>.*)$": Case(
            {**ADMIN_ONLY, "admin": 404}, path=lambda w: "/admin/no-such-page/"
        ),
    }
)

_ADMIN_MODEL_VIEW = re.compile(
    r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_"
    r"(?P<view>changelist|add|history|delete|change|simple_history)$"
)


def _admin_object(w, model):
    """Return the first object of ``model``, or None when the world has none."""
    return model._default_manager.order_by("pk").first()


def _admin_case(route: Route) -> Case | None:
    """Return the expected statuses for one model page of the admin, by rule."""
    match = _ADMIN_MODEL_VIEW.match(route.key)
    if not match:
        return None
    view = match["view"]
    model = next(
        m
        for m in apps.get_models()
        if route.key == f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}"
    )
    label = model._meta.label_lower
    admin_status = 200
    if view == "add" and label in NO_ADD:
        admin_status = 403
    if view == "delete" and label in NO_DELETE:
        admin_status = 403

    def object_kwargs(w):
        obj = _admin_object(w, model)
        return {"object_id": obj.pk if obj is not None else 999999}

    def missing(w):
        return _admin_object(w, model) is None

    if view in ("changelist", "add"):
        return Case({**ADMIN_ONLY, "admin": admin_status})
    if view == "simple_history":
        # simple-history's view of one past version: /<object_id>/history/<history_id>/
        def history_args(w):
            obj = _admin_object(w, model)
            return [obj.pk, obj.history.order_by("history_id").first().history_id]

        return Case(ADMIN_ONLY, args=history_args)
    return Case(
        {**ADMIN_ONLY, "admin": admin_status},
        kwargs=object_kwargs,
        settings={"_missing": missing},
    )


def _admin_object_redirect(route: Route) -> Case | None:
    """The unnamed admin/<app>/<model>/<id>/ route redirects to the change page."""
    if route.name is None and re.fullmatch(r"admin/\w+/\w+/<path:object_id>/", route.pattern):
        app_label, model_name = route.pattern.split("/")[1:3]
        model = apps.get_model(app_label, model_name)

        def path(w):
            obj = _admin_object(w, model)
            return f"/admin/{app_label}/{model_name}/{obj.pk if obj else 999999}/"

        return Case({**ADMIN_ONLY, "admin": 302}, path=path)
    return None


def case_for(route: Route) -> Case | None:
    return MATRIX.get(route.key) or _admin_case(route) or _admin_object_redirect(route)


# The world and the requests -----------------------------------------------------------


def build_matrix_world() -> SimpleNamespace:
    """Return ``build_world()`` plus the objects routes need and a signed-in client per role."""
    w = build_world()
    w.attribution = w.claim.attributions.get()
    selectors.identity_for(viewer=w.reporter, source=w.source)  # one access log entry
    w.override = services.letter_override_record(
        group_kind="region",
        group_key=w.region.slug,
        letter="B",
        reason="Long record on the Hyesan markets",
        recorded_by=w.editor,
    )
    w.users = {
        "anonymous": None,
        "reporter": w.reporter,
        "other": w.other_reporter,
        "checker": w.fact_checker,
        "editor": w.editor,
        "admin": w.admin,
    }
    # Sessions made here live as long as the module's transaction; each test's own
    # changes are rolled back around it.
    w.clients = {}
    for role, user in w.users.items():
        w.clients[role] = Client()
        if user is not None:
            w.clients[role].force_login(user)
    return w


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Build the newsroom once for the module, inside a transaction rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix_world()
        transaction.set_rollback(True)


def _url(route: Route, case: Case, w) -> str:
    if case.path:
        return case.path(w)
    if case.args:
        return reverse(route.name, args=case.args(w))
    return reverse(route.name, kwargs=case.kwargs(w) if case.kwargs else {})


def _status(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
    return response.status_code


def _run(case: Case, route: Route, w) -> dict[str, int | str]:
    settings = {k: v for k, v in case.settings.items() if not k.startswith("_")}
    got = {}
    with override_settings(**settings):
        url = _url(route, case, w)
        for role in ROLES:
            got[role] = _status(w.clients[role].get(url, case.query))
    return got


ROUTES = all_routes()


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=[r.key for r in ROUTES])
def test_route_answers_each_role_as_the_matrix_says(route, world):
    case = case_for(route)
    if case is None:
        pytest.fail(
            f"Route {route.key!r} ({route.pattern}) is not in the permission matrix: "
            "add it to tests/security/test_permissions_matrix.py with the status each role should get."
        )
    expected = dict(case.expect)
    missing = case.settings.get("_missing")
    if missing and missing(world) and expected.get("admin") in (200, 403):
        expected["admin"] = 302  # the admin redirects when the object does not exist
    assert _run(case, route, world) == expected


def test_matrix_has_no_entries_for_routes_that_are_gone():
    keys = {route.key for route in ROUTES}
    assert sorted(set(MATRIX) - keys) == []


def test_every_route_is_classified():
    unclassified = [route.key for route in ROUTES if case_for(route) is None]
    assert unclassified == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_OFF))
def test_public_pages_are_gone_while_the_setting_is_off(name, world, settings):
    settings.PUBLIC_TRACK_RECORD = False
    kwargs = PUBLIC_OFF[name](world) if PUBLIC_OFF[name] else {}
    url = reverse(name, kwargs=kwargs)
    for role in ROLES:
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        assert client.get(url).status_code == 404, role
