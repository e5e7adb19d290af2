"""Role × URL × format matrix, generated from the URLconf and the access policy.

Every route the project serves is requested (GET) by every role: anonymous, a
signed-in user with no role, the handling reporter, another desk's reporter,
a fact-checker, a fact-checker who is also an editor, an editor and an admin.
Report routes are requested for every grouping and group card, downloads in
CSV and JSON, the API as JSON and as its browsable HTML page.

Each route declares which permission of ``sources.permissions`` guards it
and about which object; the status each role should get is then what the
policy answers for that role (the policy itself is checked against the
documented matrix in tests/security/test_policy_matrix.py). A route that is
not in the matrix fails, and so does an entry for a route that is gone.
Objects outside a viewer's scope (another desk's source) answer 404.

Statuses: an int, or LOGIN (302 to the login page) or ADMIN_LOGIN (302 to
the admin's login page).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from types import SimpleNamespace
from typing import Any

import pytest
import rules
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from sources import permissions, roles, selectors, services
from sources.models import CopyFlag, Job, Source
from sources.reports import GROUPINGS
from tests.factories import TopicFactory, UserFactory
from tests.security.test_identities import build_world

ROLES = ("anonymous", "none", "reporter", "other", "checker", "both", "editor", "admin")
LOGIN = "login"
ADMIN_LOGIN = "admin_login"
API_DENIED = 401  # DRF asks anonymous callers to authenticate (token or session)


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


@dataclass(frozen=True)
class Case:
    """One request of a route, and how the policy decides its answer.

    ``guard``: permissions any one of which lets a role in (about ``obj``);
    ``ok``: the status when let in, ``refused`` when not. ``newsroom``: the
    route is for newsroom roles, so a user without one gets 403 first.
    ``expect`` overrides the derivation (the admin, whose rules are below).
    """

    variant: str = ""
    guard: tuple[str, ...] = ()
    obj: Callable[[SimpleNamespace], Any] | None = None
    ok: int | str = 200
    refused: int = 403
    anonymous: int | str = LOGIN
    newsroom: bool = True
    expect: Callable[[SimpleNamespace, str], int | str] | None = None
    kwargs: Callable[[SimpleNamespace], dict] | None = None
    args: Callable[[SimpleNamespace], list] | None = None
    path: Callable[[SimpleNamespace], str] | None = None  # for unnamed routes
    query: dict = field(default_factory=dict)
    settings: dict = field(default_factory=dict)


def expected(case: Case, role: str, w) -> int | str:
    """Return the status the policy gives ``role`` for one request."""
    if case.expect is not None:
        return case.expect(w, role)
    user = w.users[role]
    if user is None:
        return case.anonymous
    if case.newsroom and not permissions.can_use_newsroom(viewer=user):
        return 403
    obj = case.obj(w) if case.obj else None
    if isinstance(obj, Source) and not permissions.can_see_source(viewer=user, obj=obj):
        return 404
    if case.guard and not any(rules.has_perm(name, user, obj) for name in case.guard):
        return case.refused
    return case.ok


def _source(w):
    return w.source


def source_kwargs(w):
    return {"pk": w.source.pk}


def _claim_kwargs(w):
    return {"pk": w.claim.pk}


def _job(w):
    return w.job


def _job_kwargs(w):
    return {"pk": w.job.pk}


# The key each grouping's card is opened with.
GROUP_KEYS: dict[str, Callable[[SimpleNamespace], str]] = {
    "source": lambda w: str(w.source.pk),
    "descriptor": lambda w: w.attribution.descriptor,
    "region": lambda w: w.region.slug,
    "reporter": lambda w: str(w.article.reporter_id),
    "outlet": lambda w: w.outlet.slug,
    "topic": lambda w: w.topic.slug,
    "year": lambda w: str(w.article.published_on.year),
}


def _report_cases() -> list[Case]:
    cases = [
        Case(
            variant=by,
            guard=("sources.view_report",),
            obj=lambda w, by=by: by,
            kwargs=lambda w, by=by: {"by": by},
        )
        for by in GROUPINGS
    ]
    cases.append(Case(variant="claim", kwargs=lambda w: {"by": "claim"}))
    # /reports/calibration/ is its own route (sources:calibration), ahead of this one.
    cases.append(Case(variant="calibration", kwargs=lambda w: {"by": "calibration"}))
    return cases


def _group_cases() -> list[Case]:
    return [
        Case(
            variant=by,
            guard=("sources.view_report",),
            obj=lambda w, by=by: by,
            ok=302 if by == "source" else 200,  # a source's card has its own page
            kwargs=lambda w, by=by: {"by": by},
            query={"key": None},
        )
        for by in GROUPINGS
    ]


def _download_cases() -> list[Case]:
    cases = []
    for fmt in ("csv", "json"):
        for by in (*GROUPINGS, "claim", "calibration"):
            grouped = by in GROUPINGS
            cases.append(
                Case(
                    variant=f"{by}.{fmt}",
                    guard=("sources.view_report",) if grouped else (),
                    obj=(lambda w, by=by: by) if grouped else None,
                    kwargs=lambda w, by=by, fmt=fmt: {"by": by, "fmt": fmt},
                )
            )
    return cases


PUBLIC = {"PUBLIC_TRACK_RECORD": True}

# Pages, reports, the public record, security -----------------------------------------

MATRIX: dict[str, list[Case]] = {
    "login": [Case(anonymous=200, newsroom=False)],
    "logout": [Case(ok=405, anonymous=405, newsroom=False)],
    "sources:home": [Case()],
    "sources:vet": [Case()],
    "sources:story_file": [Case(guard=("sources.file_claims",))],
    "sources:queue": [Case()],
    "sources:claim_detail": [Case(kwargs=_claim_kwargs)],
    "sources:claim_link_evidence": [Case(ok=405, kwargs=_claim_kwargs)],
    "sources:claim_verdict": [Case(ok=405, kwargs=_claim_kwargs)],
    "sources:claim_forecast": [Case(ok=405, kwargs=_claim_kwargs)],
    "sources:source_list": [Case()],
    "sources:source_detail": [Case(obj=_source, kwargs=source_kwargs)],
    "sources:article_detail": [Case(kwargs=lambda w: {"pk": w.article.pk})],
    "sources:search": [Case(query={"q": "Ryanggang"})],
    "sources:reports_index": [Case()],
    "sources:calibration": [Case()],
    # require_POST comes first: every GET is refused the same way.
    "sources:letter_override": [Case(ok=405, anonymous=405, newsroom=False)],
    "sources:source_card": [Case(obj=_source, kwargs=source_kwargs)],
    "sources:report": _report_cases(),
    "sources:report_group": _group_cases(),
    "sources:report_download": _download_cases(),
    "sources:public_index": [Case(anonymous=200, newsroom=False, settings=PUBLIC)],
    "sources:public_region": [
        Case(
            anonymous=200,
            newsroom=False,
            kwargs=lambda w: {"slug": w.region.slug},
            settings=PUBLIC,
        )
    ],
    "sources:public_descriptor": [
        Case(
            anonymous=200,
            newsroom=False,
            kwargs=lambda w: {"descriptor": w.source.descriptor},
            settings=PUBLIC,
        )
    ],
    "sources:identity_detail": [
        Case(
            guard=("sources.read_identity", "sources.reveal_identity"),
            obj=_source,
            kwargs=source_kwargs,
        )
    ],
    "sources:identity_reveal": [Case(ok=405, kwargs=source_kwargs)],
    "sources:identity_edit": [
        Case(guard=("sources.edit_identity",), obj=_source, kwargs=source_kwargs)
    ],
    "sources:source_burn": [
        Case(guard=("sources.burn_source",), obj=_source, kwargs=source_kwargs)
    ],
    "sources:access_log": [Case(guard=("sources.view_access_log",))],
    "sources:exchange": [Case(guard=("sources.exchange",))],
    "sources:exchange_export": [Case(ok=405)],
    "sources:job_list": [Case()],
    "sources:job_detail": [
        Case(guard=("sources.see_job",), obj=_job, refused=404, kwargs=_job_kwargs)
    ],
    "sources:job_status": [
        Case(guard=("sources.see_job",), obj=_job, refused=404, kwargs=_job_kwargs)
    ],
    "sources:job_download": [
        Case(guard=("sources.see_job",), obj=_job, refused=404, kwargs=_job_kwargs)
    ],
    "sources:job_retry": [Case(ok=405, kwargs=_job_kwargs)],
    # Correcting the record (issue 16).
    "sources:claim_correct": [
        Case(guard=("sources.correct_claim",), obj=lambda w: w.claim, kwargs=_claim_kwargs)
    ],
    "sources:claim_retract": [
        Case(guard=("sources.retract_claim",), obj=lambda w: w.claim, kwargs=_claim_kwargs)
    ],
    "sources:claim_assign": [Case(ok=405, kwargs=_claim_kwargs)],
    "sources:attribution_add": [Case(ok=405, kwargs=_claim_kwargs)],
    "sources:attribution_change": [Case(ok=405, kwargs=lambda w: {"pk": w.attribution.pk})],
    "sources:attribution_remove": [Case(ok=405, kwargs=lambda w: {"pk": w.attribution.pk})],
    "sources:link_edit": [
        Case(guard=("sources.edit_evidence",), kwargs=lambda w: {"pk": w.link.pk})
    ],
    "sources:link_unlink": [Case(ok=405, kwargs=lambda w: {"pk": w.link.pk})],
    "sources:evidence_edit": [
        Case(guard=("sources.edit_evidence",), kwargs=lambda w: {"pk": w.evidence.pk})
    ],
    "sources:article_outside": [Case(guard=("sources.record_citations",))],
    "sources:article_edit": [
        Case(
            guard=("sources.edit_article",),
            obj=lambda w: w.article,
            kwargs=lambda w: {"pk": w.article.pk},
        )
    ],
    "sources:article_citations": [
        Case(guard=("sources.record_citations",), kwargs=lambda w: {"pk": w.article.pk})
    ],
    "sources:source_new": [Case(guard=("sources.create_source",))],
    "sources:source_edit": [
        Case(guard=("sources.edit_source",), obj=_source, kwargs=source_kwargs)
    ],
    "sources:pick_articles": [Case(query={"name": "cites", "cites_q": "meth"})],
    "sources:pick_evidence": [Case(query={"name": "existing", "existing_q": "court"})],
}

# Track records that cannot leak the answer (issue 13): vettings and suggested networks.
MATRIX.update(
    {
        # require_POST comes first: every GET is refused the same way.
        "sources:vet_record": [Case(ok=405, anonymous=405, newsroom=False)],
        "sources:network_suggestions": [Case(guard=("sources.view_network_suggestions",))],
        "sources:report_as_of_job": [
            Case(ok=405, anonymous=405, newsroom=False, kwargs=lambda w: {"by": "source"})
        ],
    }
)

# Independent origins (issue 13): rulings on the claim page, source networks.
MATRIX.update(
    {
        "sources:claim_relay_confirm": [
            Case(ok=405, kwargs=lambda w: {"pk": w.claim.pk, "link_pk": w.link.pk})
        ],
        "sources:claim_copy_rule": [
            Case(ok=405, kwargs=lambda w: {"pk": w.claim.pk, "flag_pk": w.copy_flag.pk})
        ],
        "sources:network_list": [Case(guard=("sources.see_networks",))],
        "sources:network_detail": [
            Case(guard=("sources.see_networks",), kwargs=lambda w: {"pk": w.network.pk})
        ],
        "sources:network_delete": [Case(ok=405, kwargs=lambda w: {"pk": w.network.pk})],
    }
)

# The public pages answer 404 to everyone while PUBLIC_TRACK_RECORD is off.
PUBLIC_OFF = {
    "sources:public_index": None,
    "sources:public_region": lambda w: {"slug": w.region.slug},
    "sources:public_descriptor": lambda w: {"descriptor": w.source.descriptor},
}

# The API: JSON, and the browsable HTML page DRF renders for ?format=api. --------------

API_FORMATS = {"json": {}, "browsable": {"format": "api"}}


def _api(**kwargs) -> list[Case]:
    """Return one case per API format; anonymous callers are asked to authenticate."""
    base = Case(anonymous=API_DENIED, **kwargs)
    return [
        replace(base, variant=f"{base.variant}{'.' if base.variant else ''}{fmt}", query=query)
        for fmt, query in API_FORMATS.items()
    ]


MATRIX.update(
    {
        "api:api-root": _api(),
        "api:token": [Case(ok=405, anonymous=405, newsroom=False)],
        "api:schema": [Case(anonymous=API_DENIED)],
        "api:docs": [Case()],  # an HTML page: anonymous readers go to the login
        "api:report": [
            case
            for by in GROUPINGS
            for case in _api(
                variant=by,
                guard=("sources.view_report",),
                obj=lambda w, by=by: by,
                kwargs=lambda w, by=by: {"by": by},
            )
        ],
        "api:source-list": _api(),
        "api:source-detail": _api(obj=_source, kwargs=source_kwargs),
        "api:article-list": _api(),
        "api:article-detail": _api(kwargs=lambda w: {"pk": w.article.pk}),
        "api:claim-list": _api(),
        "api:claim-detail": _api(kwargs=_claim_kwargs),
        "api:claim-claimreview": _api(kwargs=_claim_kwargs),
        "api:attribution-list": _api(),
        "api:attribution-detail": _api(kwargs=lambda w: {"pk": w.attribution.pk}),
        "api:evidence-list": _api(),
        "api:evidence-detail": _api(kwargs=lambda w: {"pk": w.evidence.pk}),
        "api:link-list": _api(),
        "api:link-detail": _api(kwargs=lambda w: {"pk": w.link.pk}),
        "api:verdict-list": _api(),
        "api:verdict-detail": _api(kwargs=lambda w: {"pk": w.verdict.pk}),
        "api:letter-list": _api(),
        "api:claimreview-list": _api(),
        "api:copyflag-list": _api(),
        "api:copyflag-detail": _api(kwargs=lambda w: {"pk": w.copy_flag.pk}),
        # POST only; reads are refused the same way for every newsroom role.
        "api:copyflag-rule": _api(ok=405, kwargs=lambda w: {"pk": w.copy_flag.pk}),
        "api:link-confirm-relay": _api(ok=405, kwargs=lambda w: {"pk": w.link.pk}),
        "api:forecast-list": _api(),
        "api:forecast-detail": _api(kwargs=lambda w: {"pk": w.forecast.pk}),
    }
)

# The Django admin: only staff accounts get in; what the admin may do there to the
# app's models is the policy's (can_admin_*); other apps' models are Django's own. --

# Other apps' admins that refuse adding (axes keeps its records itself).
OTHER_NO_ADD = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog"}


def _admin_status(w, role: str, allowed: Callable[[Any], bool], ok: int = 200) -> int | str:
    user = w.users[role]
    if user is None or not user.is_staff:
        return ADMIN_LOGIN
    return ok if allowed(user) else 403


def _site(ok: int = 200) -> Case:
    """A page of the admin site itself: every staff account may open it."""
    return Case(expect=lambda w, role: _admin_status(w, role, lambda user: True, ok))


MATRIX.update(
    {
        "admin:index": [_site()],
        "admin:login": [
            Case(expect=lambda w, role: 302 if role == "admin" else 200),
        ],
        "admin:logout": [Case(expect=lambda w, role: 405 if role == "admin" else 302)],
        "admin:password_change": [_site()],
        "admin:password_change_done": [_site()],
        # Autocomplete needs a model to search, so a bare request is refused.
        "admin:autocomplete": [_site(ok=403)],
        "admin:jsi18n": [_site()],
        "admin:view_on_site": [
            replace(
                _site(ok=404),
                kwargs=lambda w: {
                    "content_type_id": ContentType.objects.get_for_model(w.source).pk,
                    "object_id": w.source.pk,
                },
            )
        ],
        "admin:app_list": [
            Case(
                expect=lambda w, role: _admin_status(
                    w, role, lambda user: permissions.can_use_admin(viewer=user)
                ),
                kwargs=lambda w: {"app_label": "sources"},
            )
        ],
        "admin:auth_user_password_change": [
            Case(
                expect=lambda w, role: _admin_status(w, role, lambda user: user.is_superuser),
                kwargs=lambda w: {"id": w.editor.pk},
            )
        ],
        "admin/(?P<url>.*)$": [replace(_site(ok=404), path=lambda w: "/admin/no-such-page/")],
    }
)

_ADMIN_MODEL_VIEW = re.compile(
    r"^admin:(?P<app>[a-z_]+?)_(?P<model>[a-z]+)_"
    r"(?P<view>changelist|add|history|delete|change|simple_history)$"
)


def _admin_object(model):
    """Return the first object of ``model``, or None when the world has none."""
    return model._default_manager.order_by("pk").first()


def _admin_allows(model, view: str) -> Callable[[Any], bool]:
    """Return who may open one model page of the admin: the policy for the app's models."""
    label = model._meta.label_lower
    # Lists, change forms and history open for whoever may view (or change) the rows.
    action = view if view in ("add", "delete") else "view"
    if model._meta.app_label != "sources":
        return lambda user: user.is_superuser and not (view == "add" and label in OTHER_NO_ADD)

    def allows(user) -> bool:
        target = _admin_object(model) if view not in ("changelist", "add") else model
        target = target if target is not None else model
        asked = getattr(permissions, f"can_admin_{action}")(viewer=user, obj=target)
        if action == "view":  # Django lets whoever may change a row view it too
            asked = asked or permissions.can_admin_change(viewer=user, obj=target)
        return asked

    return allows


def _admin_case(route: Route) -> list[Case] | None:
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
    allows = _admin_allows(model, view)

    def expect(w, role):
        status = _admin_status(w, role, allows)
        if status == 200 and view not in ("changelist", "add") and _admin_object(model) is None:
            return 302  # the admin redirects when the object does not exist
        return status

    if view in ("changelist", "add"):
        return [Case(expect=expect)]
    if view == "simple_history":
        # simple-history's view of one past version: /<object_id>/history/<history_id>/
        def history_args(w):
            obj = _admin_object(model)
            return [obj.pk, obj.history.order_by("history_id").first().history_id]

        return [Case(expect=expect, args=history_args)]

    def object_kwargs(w):
        obj = _admin_object(model)
        return {"object_id": obj.pk if obj is not None else 999999}

    return [Case(expect=expect, kwargs=object_kwargs)]


def _admin_object_redirect(route: Route) -> list[Case] | None:
    """The unnamed admin/<app>/<model>/<id>/ route redirects to the change page."""
    if route.name is None and re.fullmatch(r"admin/\w+/\w+/<path:object_id>/", route.pattern):
        app_label, model_name = route.pattern.split("/")[1:3]
        model = apps.get_model(app_label, model_name)

        def path(w):
            obj = _admin_object(model)
            return f"/admin/{app_label}/{model_name}/{obj.pk if obj else 999999}/"

        return [
            replace(
                Case(expect=lambda w, role: _admin_status(w, role, lambda user: True, 302)),
                path=path,
            )
        ]
    return None


def cases_for(route: Route) -> list[Case] | None:
    return MATRIX.get(route.key) or _admin_case(route) or _admin_object_redirect(route)


# The world and the requests -----------------------------------------------------------


def build_matrix_world() -> SimpleNamespace:
    """Return ``build_world()`` plus the objects routes need and a signed-in client per role."""
    w = build_world()
    w.attribution = w.claim.attributions.get()
    w.topic = TopicFactory(name="Drug trade", slug="drug-trade")
    w.claim.topics.add(w.topic)
    w.nobody = UserFactory(username="intern")
    w.both = UserFactory(username="two-hats", roles=[roles.FACT_CHECKER, roles.EDITOR])
    selectors.identity_for(viewer=w.reporter, source=w.source)  # one access log entry
    # Assigned to the fact-checker: others who see no staff names read only "assigned".
    services.claim_assign(
        claim=w.claim, assignee=w.fact_checker, actor=w.editor, reason="Knows the Hyesan markets"
    )
    # An editor's forecast, as an import records it (the claim has settled since).
    w.forecast = services.forecast_record(
        claim=w.claim,
        author=w.editor,
        percent=70,
        made_at=datetime.datetime(2016, 9, 1, tzinfo=datetime.UTC),
    )
    # A finished export the handling reporter started: theirs, and the exchangers'.
    w.job = Job.objects.create(
        kind="export",
        created_by=w.reporter,
        status=Job.Status.SUCCEEDED,
        result_name="newsroom.json",
        result_type="application/json",
        result_data=b"{}",
    )
    w.override = services.letter_override_record(
        group_kind="region",
        group_key=w.region.slug,
        letter="B",
        reason="Long record on the Hyesan markets",
        recorded_by=w.editor,
    )
    # A network with the source in it, and a wire story the copy check flags (issue 13).
    w.network = services.network_create(name="Hyesan traders", actor=w.editor)
    services.source_network_set(source=w.source, network=w.network, actor=w.editor)
    body = (
        "Cadres of the security department bought crystal meth inland and sold it over "
        "the river in China for half as much again, a trader in Hyesan said this week."
    )
    original = services.article_create(
        outlet=w.article.outlet, headline="Ours", published_on=w.article.published_on, body=body
    )
    copy = services.article_create(
        outlet=w.article.outlet,
        headline="The wire's",
        published_on=w.article.published_on,
        body=f"HYESAN (Wire) - {body}",
    )
    w.copy_flag = CopyFlag.objects.get(article=copy, copy_of=original)
    w.users = {
        "anonymous": None,
        "none": w.nobody,
        "reporter": w.reporter,
        "other": w.other_reporter,
        "checker": w.fact_checker,
        "both": w.both,
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


def url_of(route: Route, case: Case, w) -> str:
    if case.path:
        return case.path(w)
    if case.args:
        return reverse(route.name, args=case.args(w))
    return reverse(route.name, kwargs=case.kwargs(w) if case.kwargs else {})


def query_of(route: Route, case: Case, w) -> dict:
    """Return the query string, filling in a group card's key for its grouping."""
    query = dict(case.query)
    if "key" in query and query["key"] is None:
        query["key"] = GROUP_KEYS[case.variant](w)
    return query


def _status(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        if location.startswith("/accounts/login/"):
            return LOGIN
        if location.startswith("/admin/login/"):
            return ADMIN_LOGIN
    return response.status_code


def requests() -> list[tuple[Route, Case]]:
    """Return every (route, case) the matrix requests, in URLconf order."""
    return [(route, case) for route in ROUTES for case in cases_for(route) or ()]


def request_id(item: tuple[Route, Case]) -> str:
    route, case = item
    return f"{route.key}[{case.variant}]" if case.variant else route.key


ROUTES = all_routes()
REQUESTS = requests()


@pytest.mark.django_db
@pytest.mark.parametrize("item", REQUESTS, ids=[request_id(item) for item in REQUESTS])
def test_route_answers_each_role_as_the_policy_says(item, world):
    route, case = item
    with override_settings(**case.settings):
        url, query = url_of(route, case, world), query_of(route, case, world)
        got = {role: _status(world.clients[role].get(url, query)) for role in ROLES}
    assert got == {role: expected(case, role, world) for role in ROLES}


def test_matrix_has_no_entries_for_routes_that_are_gone():
    keys = {route.key for route in ROUTES}
    assert sorted(set(MATRIX) - keys) == []


def test_every_route_is_classified():
    unclassified = [route.key for route in ROUTES if not cases_for(route)]
    assert unclassified == [], (
        "Routes missing from the permission matrix: add each to "
        "tests/security/test_permissions_matrix.py with the permission that guards it."
    )


def test_every_grouping_and_format_is_requested():
    variants = {request_id(item) for item in REQUESTS}
    for by in GROUPINGS:
        assert f"sources:report[{by}]" in variants
        assert f"sources:report_group[{by}]" in variants
        assert {f"sources:report_download[{by}.csv]", f"sources:report_download[{by}.json]"} < (
            variants
        )
        assert {f"api:report[{by}.json]", f"api:report[{by}.browsable]"} < variants


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(PUBLIC_OFF))
def test_public_pages_are_gone_while_the_setting_is_off(name, world, settings):
    settings.PUBLIC_TRACK_RECORD = False
    kwargs = PUBLIC_OFF[name](world) if PUBLIC_OFF[name] else {}
    url = reverse(name, kwargs=kwargs)
    for role in ROLES:
        assert world.clients[role].get(url).status_code == 404, role
