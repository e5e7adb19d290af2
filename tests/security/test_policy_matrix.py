"""The role matrix in docs/security.md, checked against sources/permissions.py.

The tables are parsed from the Markdown; each cell says what the predicate
must answer for a user holding that column's role. The document is the
specification here: the policy is evaluated, never used to build the
expectation. The same module checks that ``has_perm`` (django-rules) and the
selectors' querysets give the answers the predicates give.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import rules
from django.contrib.auth.models import AnonymousUser
from django.db import transaction

from sources import permissions, roles, selectors
from sources.models import Claim, Job, Source
from sources.reports import GROUPINGS
from tests.factories import (
    ArticleFactory,
    DeskFactory,
    OutletFactory,
    SourceFactory,
    UserFactory,
)

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"

COLUMNS = {
    "Reporter": {"roles": [roles.REPORTER]},
    "Editor": {"roles": [roles.EDITOR]},
    "Fact-checker": {"roles": [roles.FACT_CHECKER]},
    "Admin": {"roles": [roles.ADMIN], "is_staff": True},
    "Fact-checker + editor": {"roles": [roles.FACT_CHECKER, roles.EDITOR]},
    "Superuser": {"roles": [], "is_staff": True, "is_superuser": True},
    "No role": {"roles": []},
    "Anonymous": None,
}

# The objects a predicate is asked about, by kind of permission.
SOURCE_PERMISSIONS = {
    "sources.see_source",
    "sources.see_handler",
    "sources.read_identity",
    "sources.reveal_identity",
    "sources.edit_identity",
    "sources.burn_source",
    "sources.edit_source",
}
REPORT_PERMISSIONS = {"sources.view_report"}
KIND_PERMISSIONS = {"sources.start_job"}
JOB_PERMISSIONS = {"sources.see_job"}
JOB_CASES = ("own", "others")
CLAIM_PERMISSIONS = {"sources.correct_claim", "sources.retract_claim"}
CLAIM_CASES = ("own", "others")
ARTICLE_PERMISSIONS = {"sources.edit_article"}
ARTICLE_CASES = ("own", "outside", "others")
SOURCE_CASES = ("handled", "burned", "desk", "other")

# What each word in a cell allows, among the cases asked about.
SOURCE_WORDS = {
    "yes": set(SOURCE_CASES),
    "no": set(),
    "in scope": {"handled", "burned", "desk"},
    "handled": {"handled", "burned"},
    "handled, not burned": {"handled"},
}
REPORT_WORDS = {
    "yes": set(GROUPINGS),
    "no": set(),
    "all but by reporter": set(GROUPINGS) - {"reporter"},
}
PLAIN_WORDS = {"yes": {None}, "no": set()}
JOB_WORDS = {"yes": set(JOB_CASES), "no": set(), "own": {"own"}}
CLAIM_WORDS = {"yes": set(CLAIM_CASES), "no": set(), "own": {"own"}}
ARTICLE_WORDS = {
    "yes": set(ARTICLE_CASES),
    "no": set(),
    "own": {"own"},
    "outside": {"outside"},
}


def _job_kinds() -> list[str]:
    from sources.jobs import registry

    return [kind.name for kind in registry.kinds()]


def _table(header_start: str) -> tuple[list[str], list[list[str]]]:
    """Return the header and rows of the Markdown table whose header starts so."""
    lines = DOC.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    header = [cell.strip() for cell in lines[start].strip().strip("|").split("|")]
    return header, rows


def _name(cell: str) -> str:
    return re.fullmatch(r"`([^`]+)`", cell).group(1)


ROLE_HEADER, ROLE_ROWS = _table("| Permission | What |")
ADMIN_HEADER, ADMIN_ROWS = _table("| Model | view |")


def _matrix_claim(article, *, filed_by):
    """Return an unsaved claim of ``article`` filed by ``filed_by``: the predicates read no more."""
    return Claim(article=article, text="A claim the matrix asks about.", filed_by=filed_by)


def _user(column: str, number: int):
    spec = COLUMNS[column]
    if spec is None:
        return AnonymousUser()
    return UserFactory(
        username=f"matrix-{number}",
        roles=spec["roles"],
        is_staff=spec.get("is_staff", False),
        is_superuser=spec.get("is_superuser", False),
    )


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """One user per column, each with a source they handle, one burned, and the desk's."""
    with django_db_blocker.unblock(), transaction.atomic():
        desk, other_desk = DeskFactory(slug="matrix-desk"), DeskFactory(slug="matrix-other")
        deskmate = UserFactory(username="matrix-deskmate", roles=[roles.REPORTER])
        outsider = UserFactory(username="matrix-outsider", roles=[roles.REPORTER])
        shared = {
            "desk": SourceFactory(codename="M-DESK", handler=deskmate, desk=desk),
            "other": SourceFactory(codename="M-OTHER", handler=outsider, desk=other_desk),
        }
        w = SimpleNamespace(users={}, cases={}, jobs={}, claims={}, articles={})
        outlet = OutletFactory(slug="matrix-outlet")
        theirs = ArticleFactory(outlet=outlet, reporter=deskmate)
        outside = ArticleFactory(outlet=outlet, reporter=None)
        others_claim = _matrix_claim(theirs, filed_by=deskmate)
        for number, column in enumerate(COLUMNS):
            user = _user(column, number)
            w.users[column] = user
            if user.is_authenticated:
                desk.members.add(user)
                owner = user
            else:
                owner = deskmate  # nobody anonymous handles a source
            own_article = ArticleFactory(outlet=outlet, reporter=owner)
            w.articles[column] = {"own": own_article, "outside": outside, "others": theirs}
            w.claims[column] = {
                "own": _matrix_claim(own_article, filed_by=owner),
                "others": others_claim,
            }
            w.jobs[column] = {
                "own": Job.objects.create(kind="export", created_by=owner),
                "others": Job.objects.create(kind="export", created_by=deskmate),
            }
            w.cases[column] = {
                **shared,
                "handled": SourceFactory(codename=f"M-{number}-OWN", handler=owner, desk=desk),
                "burned": SourceFactory(
                    codename=f"M-{number}-BURNED",
                    handler=owner,
                    desk=desk,
                    status=Source.Status.BURNED,
                ),
            }
        yield w
        transaction.set_rollback(True)


def _cases(name: str, column: str, w) -> dict:
    """Return {case: object} the permission ``name`` is asked about for a column's user."""
    if name in SOURCE_PERMISSIONS:
        return dict(w.cases[column])
    if name in REPORT_PERMISSIONS:
        return {by: by for by in GROUPINGS}
    if name in KIND_PERMISSIONS:
        return {kind: kind for kind in _job_kinds()}
    if name in JOB_PERMISSIONS:
        return dict(w.jobs[column])
    if name in CLAIM_PERMISSIONS:
        return dict(w.claims[column])
    if name in ARTICLE_PERMISSIONS:
        return dict(w.articles[column])
    return {None: None}


def _words(name: str) -> dict[str, set]:
    if name in SOURCE_PERMISSIONS:
        return SOURCE_WORDS
    if name in REPORT_PERMISSIONS:
        return REPORT_WORDS
    if name in KIND_PERMISSIONS:
        return {"yes": set(_job_kinds()), "no": set()}
    if name in JOB_PERMISSIONS:
        return JOB_WORDS
    if name in CLAIM_PERMISSIONS:
        return CLAIM_WORDS
    if name in ARTICLE_PERMISSIONS:
        return ARTICLE_WORDS
    return PLAIN_WORDS


def test_the_table_has_a_column_per_role_and_a_row_per_permission():
    assert ROLE_HEADER[2:] == list(COLUMNS)
    documented = [_name(row[0]) for row in ROLE_ROWS]
    assert sorted(documented) == sorted(permissions.PERMISSIONS)
    assert len(documented) == len(set(documented))


@pytest.mark.django_db
def test_every_cell_is_what_the_policy_answers(world):
    wrong = []
    for row in ROLE_ROWS:
        name = _name(row[0])
        predicate = permissions.PERMISSIONS[name]
        for column, cell in zip(COLUMNS, row[2:], strict=True):
            allowed = _words(name)[cell]
            user = world.users[column]
            for case, obj in _cases(name, column, world).items():
                answer = predicate(viewer=user, obj=obj)
                if answer != (case in allowed):
                    wrong.append(f"{name} for {column} on {case}: policy says {answer}")
    assert wrong == []


@pytest.mark.django_db
def test_has_perm_asks_the_same_predicates(world):
    """django-rules answers as the predicate; so does Django's has_perm, but for superusers.

    Django lets an active superuser pass every ``has_perm`` question before
    asking any backend, so for them only the rules registry is compared.
    """
    wrong = []
    for name, predicate in permissions.PERMISSIONS.items():
        for column, user in world.users.items():
            for case, obj in _cases(name, column, world).items():
                expected = predicate(viewer=user, obj=obj)
                answers = {"rules": rules.has_perm(name, user, obj)}
                if not user.is_superuser:
                    answers["user.has_perm"] = user.has_perm(name, obj)
                for who, answer in answers.items():
                    if answer != expected:
                        wrong.append(f"{who} {name} for {column} on {case}: {answer}")
    assert wrong == []


ADMIN_ACTIONS = ("view", "add", "change", "delete")


@pytest.mark.django_db
def test_the_admin_table_is_what_the_policy_answers(world):
    from django.apps import apps

    assert ["Model", *ADMIN_ACTIONS] == ADMIN_HEADER
    documented = {
        row[0].strip("`"): dict(zip(ADMIN_ACTIONS, row[1:], strict=True)) for row in ADMIN_ROWS
    }
    admin, editor = world.users["Admin"], world.users["Editor"]
    wrong = []
    for model in apps.get_app_config("sources").get_models():
        cells = documented.get(model._meta.model_name, dict.fromkeys(ADMIN_ACTIONS, "yes"))
        for action in ADMIN_ACTIONS:
            predicate = getattr(permissions, f"can_admin_{action}")
            expected = {"yes": True, "no": False, "access log readers": True}[cells[action]]
            name = f"sources.{action}_{model._meta.model_name}"
            for who, user, should in (("admin", admin, expected), ("editor", editor, False)):
                for answer in (
                    predicate(viewer=user, obj=model),
                    rules.has_perm(name, user),
                    user.has_perm(name),
                ):
                    if answer != should:
                        wrong.append(f"{name} for {who}: {answer}")
    assert wrong == []
    # The access log's readers are exactly those the access-log rule names.
    for user in world.users.values():
        assert permissions.can_admin_view(
            viewer=user, obj=apps.get_model("sources", "IdentityAccessLog")
        ) == permissions.can_view_access_log(viewer=user)


@pytest.mark.django_db
def test_source_querysets_agree_with_the_single_source_predicate(world):
    every = list(Source.objects.all())
    for column, user in world.users.items():
        listed = set(selectors.sources_for(viewer=user))
        checked = {s for s in every if permissions.can_see_source(viewer=user, obj=s)}
        assert listed == checked, column


@pytest.mark.django_db
def test_a_letter_needs_a_group_the_recorder_may_see(world):
    from sources.models import LetterOverride

    editor = world.users["Editor"]
    kind = LetterOverride.GroupKind
    source = world.cases["Editor"]["other"]
    for key, allowed in ((str(source.pk), True), ("999999", False), ("not-a-number", False)):
        target = LetterOverride(group_kind=kind.SOURCE, group_key=key)
        assert permissions.can_record_letter(viewer=editor, obj=target) is allowed, key
    reporter_letter = LetterOverride(group_kind=kind.REPORTER, group_key="1")
    assert permissions.can_record_letter(viewer=editor, obj=reporter_letter)
    both = world.users["Fact-checker + editor"]
    assert not permissions.can_record_letter(viewer=both, obj=reporter_letter)
