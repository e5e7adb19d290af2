"""Who may see or do what: the one access policy every entry point asks.

Each action has one predicate, ``can_<action>(*, viewer, obj=None)``, and the
same predicate is registered with django-rules as the permission
``sources.<action>``, so ``user.has_perm``, the admin, DRF, templates and
management commands all reach the same rule. Views, API permission classes,
the admin's ``has_*_permission`` methods, ``--as`` options, the importer and
the context processor call these; nothing else decides access. Querysets of
what a viewer may see stay in ``sources.selectors``, built from the role sets
and the scope condition here (``sees_every_source``, ``source_scope``), so a
list and a single-object check cannot disagree. The role matrix in
docs/security.md is checked against this module by
tests/security/test_policy_matrix.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeAlias

import rules
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Model, Q, QuerySet

from sources import roles
from sources.models import Article, Claim, Desk, Job, LetterOverride, Source

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

Viewer: TypeAlias = "AbstractBaseUser | AnonymousUser | ShellOperator | None"

# What a viewer who may not see staff names reads wherever a name would be.
NEUTRAL_STAFF_NAME = "newsroom staff"

# The roles that know of every source; a reporter knows those of their desks.
SEES_EVERY_SOURCE = frozenset({roles.EDITOR, roles.FACT_CHECKER, roles.ADMIN})

# Report groupings whose very labels are staff names.
STAFF_GROUPINGS = frozenset({"reporter"})

# What the admin never does to some models, whoever asks: the services own them.
ADMIN_ACTIONS = ("view", "add", "change", "delete")
ADMIN_NEVER: dict[str, frozenset[str]] = {
    # Decided on the claim page, where a conflicting decision is refused; append-only.
    "verdict": frozenset({"add", "change", "delete"}),
    # Derived from the claims by the services. Delete stays allowed so a source
    # without claims can go, its rollup with it; SourceRollupAdmin refuses one alone.
    "sourcerollup": frozenset({"add", "change"}),
    # Append-only: nobody edits or deletes the record of who looked.
    "identityaccesslog": frozenset({"add", "change", "delete"}),
    # Identities are read only through the logged pages, never the admin.
    "sourceidentity": frozenset(ADMIN_ACTIONS),
    # Append-only: a forecast is what an editor believed then (services.forecast_record).
    "forecast": frozenset({"add", "change", "delete"}),
    # Fitted by the services (manage.py fit_reliability); a refit replaces them.
    "poolingfit": frozenset({"add", "change"}),
    "poolinggroup": frozenset({"add", "change"}),
    # Written by the copy check with each text (services.copies); derived, never by hand.
    "textsignature": frozenset({"add", "change", "delete"}),
    "signatureband": frozenset({"add", "change", "delete"}),
    # Flagged by the copy check; a ruling (change) goes through services.copy_rule. Delete
    # stays allowed so a claim, link or article can take its flags with it; the admin
    # itself refuses to delete one alone (CopyFlagAdmin).
    "copyflag": frozenset({"add"}),
}


class ShellOperator:
    """The person at the shell, who can read the whole database anyway: every role.

    ``sources.roles.roles_of`` gives a superuser every role, so the policy
    treats the operator like an admin who is also an editor.
    """

    is_authenticated = True
    is_superuser = True
    is_active = True
    pk = None

    def get_username(self) -> str:
        return "shell"


def held_roles(*, viewer: Viewer) -> frozenset[str]:
    """Return the role names the viewer holds, for display (a superuser holds every role)."""
    return roles.roles_of(viewer)


def _fact_checker_rule(viewer: Viewer) -> bool:
    """Return whether the fact-checker rule applies: it wins over any other role held.

    Superusers hold every role but are not treated as fact-checkers.
    """
    return roles.FACT_CHECKER in roles.roles_of(viewer) and not viewer.is_superuser


def _is_editor(viewer: Viewer) -> bool:
    """Return whether the viewer holds the editor role (superusers do; admins alone do not)."""
    return roles.has_role(viewer, roles.EDITOR) and not _fact_checker_rule(viewer)


def _is_admin(viewer: Viewer) -> bool:
    return roles.has_role(viewer, roles.ADMIN)


def _decides(viewer: Viewer) -> bool:
    """Return whether the viewer has an editor's or admin's say; the fact-checker rule wins."""
    return roles.has_role(viewer, roles.EDITOR, roles.ADMIN) and not _fact_checker_rule(viewer)


def sees_every_source(*, viewer: Viewer) -> bool:
    """Return whether the viewer knows of every source (editors, fact-checkers, admins)."""
    return bool(roles.roles_of(viewer) & SEES_EVERY_SOURCE)


def source_scope(*, viewer: Viewer) -> Q | None:
    """Return the condition naming the sources a viewer may know of; None means every source.

    This is the one statement of the scope rule: ``can_see_source`` tests a
    source against it and ``selectors.sources_for`` filters with it. A
    reporter knows the sources they handle and those of their desks; the desk
    test is a subquery, not a join, so filtering adds no duplicate rows.
    """
    if sees_every_source(viewer=viewer):
        return None
    if not can_use_newsroom(viewer=viewer):
        return Q(pk__in=[])
    return Q(handler_id=viewer.pk) | Q(desk__in=Desk.objects.filter(members=viewer.pk).values("pk"))


def visibility_key(*, viewer: Viewer) -> tuple[object, ...]:
    """Return what decides which rows and names a viewer is shown, for keying cached pages.

    Two viewers with the same key see the same sources, codenames and staff
    names, so a fragment rendered for one may be served to the other; any
    difference the policy makes between them is in the key. Those who know of
    every source share entries by whether they see staff names. A reporter's
    scope is their own (the sources they handle) and their desks', so the key
    holds their id and their desks: a desk joined or left in the admin, which
    bumps no version, still gives a new key.
    """
    if not can_use_newsroom(viewer=viewer):
        return ("none",)
    names = can_see_staff_names(viewer=viewer)
    if sees_every_source(viewer=viewer):
        return ("every", names)
    desks = tuple(
        Desk.objects.filter(members=viewer.pk).order_by("pk").values_list("pk", flat=True)
    )
    return ("own", viewer.pk, desks, names)


def personal_key(*, viewer: Viewer) -> tuple[object, ...]:
    """Return who the viewer is for a cached page that offers forms by role or says "you".

    Every ``can_*`` answer a page asks of the viewer follows from their
    account, their roles and the object, so a page keyed on this, on
    ``visibility_key`` and on the versions of what it shows is the page the
    policy would give them: roles given or taken in the admin change the key.
    """
    return (
        getattr(viewer, "pk", None),
        bool(getattr(viewer, "is_superuser", False)),
        *sorted(roles.roles_of(viewer)),
    )


def can_use_newsroom(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Anyone holding a newsroom role uses the pages, reports and API; others get 403."""
    return bool(roles.roles_of(viewer))


def can_see_source(*, viewer: Viewer, obj: Source | None = None) -> bool:
    """Return whether the viewer may know the source ``obj`` exists (any source, without one)."""
    if not can_use_newsroom(viewer=viewer):
        return False
    scope = source_scope(viewer=viewer)
    if obj is None or scope is None:
        return True
    if obj.pk is None:
        return obj.handler_id is not None and obj.handler_id == viewer.pk
    return Source.objects.filter(scope, pk=obj.pk).exists()


def is_handler(*, viewer: Viewer, obj: Source) -> bool:
    """Return whether the viewer is the reporter who handles the source ``obj``."""
    return (
        viewer is not None
        and viewer.is_authenticated
        and obj.handler_id is not None
        and obj.handler_id == viewer.pk
        and roles.has_role(viewer, roles.REPORTER)
        and not _fact_checker_rule(viewer)
    )


def can_see_handler(*, viewer: Viewer, obj: Source | None = None) -> bool:
    """Return whether the viewer may learn which reporter handles a source.

    Fact-checkers never may. Reporters, editors and admins may, for the
    sources they may know of; pass ``obj`` to check that too.
    """
    if _fact_checker_rule(viewer):
        return False
    return can_see_source(viewer=viewer, obj=obj)


def can_see_staff_names(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Return whether the viewer may see who filed, reported, assessed, linked or decided.

    Fact-checkers never see the name of a handling reporter, and the person
    who filed a claim or wrote its article usually handles its source, so they
    see no staff names anywhere: ``staff_name`` gives them "newsroom staff".
    """
    return can_use_newsroom(viewer=viewer) and not _fact_checker_rule(viewer)


def can_view_report(*, viewer: Viewer, obj: str | None = None) -> bool:
    """Return whether the viewer may see the report grouped by ``obj`` (any report, without one).

    Groupings whose labels are staff names (by reporter) are for those who
    may see staff names: page, group cards, downloads and the API alike.
    """
    if not can_use_newsroom(viewer=viewer):
        return False
    return obj not in STAFF_GROUPINGS or can_see_staff_names(viewer=viewer)


def can_read_identity(*, viewer: Viewer, obj: Source) -> bool:
    """Return whether the viewer may read the identity without giving a reason."""
    return is_handler(viewer=viewer, obj=obj)


def can_reveal_identity(*, viewer: Viewer, obj: Source) -> bool:
    """Return whether the viewer may read the identity through Reveal, with a reason."""
    return is_handler(viewer=viewer, obj=obj) or (
        _is_editor(viewer) and can_see_source(viewer=viewer, obj=obj)
    )


def can_edit_identity(*, viewer: Viewer, obj: Source) -> bool:
    """Only the handling reporter records who a source is, and not once it is burned.

    The importer asks this too: an admin alone may not write identities.
    """
    return is_handler(viewer=viewer, obj=obj) and obj.status != Source.Status.BURNED


def can_burn_source(*, viewer: Viewer, obj: Source | None = None) -> bool:
    """Editors and admins burn a source they may know of."""
    return (_is_editor(viewer) or _is_admin(viewer)) and can_see_source(viewer=viewer, obj=obj)


def can_view_access_log(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Admins read the identity access log; it names handlers, so never a fact-checker."""
    return _is_admin(viewer) and not _fact_checker_rule(viewer)


def can_file_claims(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Reporters, editors and admins file claims."""
    return roles.has_role(viewer, roles.REPORTER, roles.EDITOR, roles.ADMIN)


def can_link_evidence(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Fact-checkers, editors and admins record evidence and link it to claims."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)


def can_decide_verdict(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors and admins decide verdicts; a fact-checker never does, whatever else they hold."""
    return _decides(viewer)


def _is_reporter(viewer: Viewer) -> bool:
    """Return whether the reporter rule applies: a reporter, and the fact-checker rule does not."""
    return roles.has_role(viewer, roles.REPORTER) and not _fact_checker_rule(viewer)


def _own_claim(viewer: Viewer, claim: Claim) -> bool:
    """Return whether the viewer filed the claim or reported the article it comes from."""
    pk = getattr(viewer, "pk", None)
    if pk is None:
        return False
    if claim.filed_by_id is not None and claim.filed_by_id == pk:
        return True
    return claim.article.reporter_id is not None and claim.article.reporter_id == pk


def can_correct_claim(*, viewer: Viewer, obj: Claim | None = None) -> bool:
    """Correct a claim's text, dates, figures, topics and sources: editors, admins, its reporter.

    A reporter corrects the claims they filed or whose article they
    reported; without ``obj``, whether the viewer may correct some claim.
    """
    if _decides(viewer):
        return True
    if not _is_reporter(viewer):
        return False
    return obj is None or _own_claim(viewer, obj)


def can_retract_claim(*, viewer: Viewer, obj: Claim | None = None) -> bool:
    """Retract a claim (the verdict "retracted", with a reason): as for correcting it."""
    return can_correct_claim(viewer=viewer, obj=obj)


def can_assign_claim(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors and admins hand a claim to a fact-checker; the fact-checker rule wins."""
    return _decides(viewer)


def can_take_assignment(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Be assigned a claim to check: active accounts in the fact-checker group.

    Membership of the group, not a superuser's every role: a claim goes to
    someone whose job is checking it.
    """
    if viewer is None or not getattr(viewer, "is_active", False):
        return False
    return viewer.groups.filter(name=roles.FACT_CHECKER).exists()


def assignable_users() -> QuerySet:
    """Return the accounts ``can_take_assignment`` allows, by username, for the pickers."""
    return _active_in_group(roles.FACT_CHECKER)


def possible_handlers() -> QuerySet:
    """Return the accounts that may handle a source: active reporters, by username."""
    return _active_in_group(roles.REPORTER)


def _active_in_group(name: str) -> QuerySet:
    user_model = get_user_model()
    return (
        user_model.objects.filter(is_active=True, groups__name=name)
        .distinct()
        .order_by(user_model.USERNAME_FIELD)
    )


def can_edit_article(*, viewer: Viewer, obj: Article | None = None) -> bool:
    """Correct an article: editors and admins any, reporters theirs, fact-checkers outside ones.

    An outside article is one no staff reporter filed (``reporter`` empty):
    the kind fact-checkers record to trace citations. Without ``obj``,
    whether the viewer may edit some article.
    """
    if _decides(viewer):
        return True
    if _fact_checker_rule(viewer):
        return obj is None or obj.reporter_id is None
    if not _is_reporter(viewer):
        return False
    return obj is None or (obj.reporter_id is not None and obj.reporter_id == viewer.pk)


def can_record_citations(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Fact-checkers, editors and admins record outside articles and who cites whom."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)


def can_edit_evidence(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Fact-checkers, editors and admins edit evidence, change its links and unlink it."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)


def can_create_source(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Reporters (who become its handler), editors and admins add sources; never a fact-checker.

    A new source names its handler, which a fact-checker may never learn.
    """
    return _decides(viewer) or _is_reporter(viewer)


def can_edit_source(*, viewer: Viewer, obj: Source | None = None) -> bool:
    """Edit or retire a source: editors and admins for any they may see, a reporter theirs.

    A reporter edits the sources they handle. Without ``obj``, whether the
    viewer may edit some source.
    """
    if _decides(viewer):
        return can_see_source(viewer=viewer, obj=obj)
    if not _is_reporter(viewer):
        return False
    return obj is None or is_handler(viewer=viewer, obj=obj)


def can_see_networks(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Return whether the viewer may learn which network a source is in.

    A network ties sources of several desks together, so only those who know
    of every source (editors, fact-checkers, admins) see it: pages, API, exports.
    """
    return sees_every_source(viewer=viewer)


def can_manage_networks(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors create, rename and delete networks and put sources in them.

    A network decides which evidence counts for whose claims, so it is an
    editor's call; the fact-checker rule wins over an editor role held beside it.
    """
    return _is_editor(viewer)


def can_rule_on_origins(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Fact-checkers and editors confirm a relay's independence and rule on likely copies."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR)


def can_record_letter(*, viewer: Viewer, obj: LetterOverride | None = None) -> bool:
    """Editors and admins record a letter over the suggested one, for a group they may see.

    ``obj`` is the letter to record (saved or not): a source's letter needs
    the source to be one the viewer may know of, a reporter's the reporter
    grouping. A key that names no source is refused like an unseen one.
    """
    if not _decides(viewer):
        return False
    if obj is None:
        return True
    kind = LetterOverride.GroupKind
    if obj.group_kind == kind.SOURCE:
        key = str(obj.group_key).strip()
        source = Source.objects.filter(pk=int(key)).first() if key.isdigit() else None
        return source is not None and can_see_source(viewer=viewer, obj=source)
    return can_view_report(viewer=viewer, obj=obj.group_kind)


def can_record_forecast(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors record their probability that a claim will be confirmed (scored once it settles).

    Editors alone: the calibration page scores editors' vetting, and the
    fact-checker rule wins over an editor role held beside it.
    """
    return _is_editor(viewer)


def can_view_network_suggestions(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors review the source pairs suggested as possible networks (``/networks/suggested/``).

    A suggestion pairs codenames across desks, and only an editor may group
    sources into a network; the fact-checker rule wins over an editor role.
    """
    return _is_editor(viewer)


def can_record_vetting(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors record that they vetted a source or descriptor (the vet page), for its card."""
    return _is_editor(viewer)


def can_exchange(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Editors and admins import and export the whole newsroom, on the page or with ``--as``."""
    return _decides(viewer)


def can_use_admin(*, viewer: Viewer, obj: object | None = None) -> bool:
    """Admins use the Django admin, which shows handlers and names: never a fact-checker."""
    return _is_admin(viewer) and not _fact_checker_rule(viewer)


def _admin_model_name(obj: type[Model] | Model | None) -> str | None:
    if obj is None:
        return None
    return obj._meta.model_name


def _admin_may(action: str, viewer: Viewer, obj: type[Model] | Model | None) -> bool:
    name = _admin_model_name(obj)
    if action in ADMIN_NEVER.get(name, ()):
        return False
    if name == "identityaccesslog":
        return can_view_access_log(viewer=viewer)
    return can_use_admin(viewer=viewer)


def can_admin_view(*, viewer: Viewer, obj: type[Model] | Model | None = None) -> bool:
    """Return whether the admin may list or open ``obj`` (a model or one of its rows)."""
    return _admin_may("view", viewer, obj)


def can_admin_add(*, viewer: Viewer, obj: type[Model] | Model | None = None) -> bool:
    """Return whether the admin may add rows of ``obj``'s model."""
    return _admin_may("add", viewer, obj)


def can_admin_change(*, viewer: Viewer, obj: type[Model] | Model | None = None) -> bool:
    """Return whether the admin may change ``obj`` (a model or one of its rows)."""
    return _admin_may("change", viewer, obj)


def can_admin_delete(*, viewer: Viewer, obj: type[Model] | Model | None = None) -> bool:
    """Return whether the admin may delete ``obj`` (a model or one of its rows)."""
    return _admin_may("delete", viewer, obj)


def staff_name(*, viewer: Viewer, name: object) -> str | None:
    """Return how a staff member's name reads to the viewer: itself, or "newsroom staff".

    Empty names (an import, nobody recorded) stay as they are, so "an import"
    and "(not recorded)" still read as they do for everyone. The viewer's own
    username is no secret to them.
    """
    if name is None or name == "":
        return name
    name = str(name)
    if can_see_staff_names(viewer=viewer):
        return name
    if viewer is not None and viewer.is_authenticated and name == viewer.get_username():
        return name
    return NEUTRAL_STAFF_NAME


def can_start_job(*, viewer: Viewer, obj: str | None = None) -> bool:
    """Return whether the viewer may start (or retry) a background job of kind ``obj``.

    Each kind names the predicate it answers to (sources/jobs/): an import or
    an export is for those who may exchange, and so on. Whoever may start a
    kind also sees everyone's jobs of it.
    """
    from sources.jobs import registry

    if obj is None or not can_use_newsroom(viewer=viewer):
        return False
    try:
        kind = registry.get(obj)
    except LookupError:
        return False
    return bool(kind.permitted(viewer=viewer))


def can_see_job(*, viewer: Viewer, obj: Job | None = None) -> bool:
    """Return whether the viewer may follow a job and download its result.

    Its owner may, and so may anyone who may run jobs of its kind; nobody else
    learns that it exists.
    """
    if obj is None or not can_use_newsroom(viewer=viewer):
        return False
    owner = obj.created_by_id
    if owner is not None and owner == getattr(viewer, "pk", None):
        return True
    return can_start_job(viewer=viewer, obj=obj.kind)


# The rules permission each predicate answers, as ``user.has_perm`` spells it.
PERMISSIONS: dict[str, Callable[..., bool]] = {
    "sources.use_newsroom": can_use_newsroom,
    "sources.see_source": can_see_source,
    "sources.see_handler": can_see_handler,
    "sources.see_staff_names": can_see_staff_names,
    "sources.view_report": can_view_report,
    "sources.read_identity": can_read_identity,
    "sources.reveal_identity": can_reveal_identity,
    "sources.edit_identity": can_edit_identity,
    "sources.burn_source": can_burn_source,
    "sources.view_access_log": can_view_access_log,
    "sources.file_claims": can_file_claims,
    "sources.link_evidence": can_link_evidence,
    "sources.decide_verdict": can_decide_verdict,
    "sources.correct_claim": can_correct_claim,
    "sources.retract_claim": can_retract_claim,
    "sources.assign_claim": can_assign_claim,
    "sources.edit_article": can_edit_article,
    "sources.record_citations": can_record_citations,
    "sources.edit_evidence": can_edit_evidence,
    "sources.create_source": can_create_source,
    "sources.edit_source": can_edit_source,
    "sources.see_networks": can_see_networks,
    "sources.manage_networks": can_manage_networks,
    "sources.rule_on_origins": can_rule_on_origins,
    "sources.record_letter": can_record_letter,
    "sources.record_forecast": can_record_forecast,
    "sources.view_network_suggestions": can_view_network_suggestions,
    "sources.record_vetting": can_record_vetting,
    "sources.exchange": can_exchange,
    "sources.use_admin": can_use_admin,
    "sources.start_job": can_start_job,
    "sources.see_job": can_see_job,
}

_ADMIN_PREDICATES = {
    "view": can_admin_view,
    "add": can_admin_add,
    "change": can_admin_change,
    "delete": can_admin_delete,
}


def _as_rule(
    predicate: Callable[..., bool], *, model: type[Model] | None = None
) -> rules.Predicate:
    """Wrap a keyword-only predicate as a rules predicate called ``(user, obj)``."""

    def test(user: Viewer, obj: object | None = None) -> bool:
        return predicate(viewer=user, obj=obj if obj is not None else model)

    return rules.predicate(test, name=predicate.__name__)


def admin_permissions() -> dict[str, tuple[Callable[..., bool], type[Model]]]:
    """Return ``sources.<action>_<model>`` → (predicate, model), for every model of the app.

    These are the names Django's admin asks ``has_perm`` for; registering
    them makes ``has_perm`` answer by this policy, not by model permissions.
    """
    return {
        f"sources.{action}_{model._meta.model_name}": (predicate, model)
        for model in apps.get_app_config("sources").get_models()
        for action, predicate in _ADMIN_PREDICATES.items()
    }


def register() -> None:
    """Register every predicate with django-rules (idempotent; called when the app is ready)."""
    admin = admin_permissions()
    clashes = set(PERMISSIONS) & set(admin)
    if clashes:
        raise ValueError(f"Permission names taken by the admin's: {sorted(clashes)}")
    for name, predicate in PERMISSIONS.items():
        rules.set_perm(name, _as_rule(predicate))
    for name, (predicate, model) in admin.items():
        rules.set_perm(name, _as_rule(predicate, model=model))
    # Django asks ``has_module_perms(user, "sources")`` before listing the app's models.
    rules.set_perm("sources", _as_rule(can_use_admin))
