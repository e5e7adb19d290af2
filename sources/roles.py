"""The newsroom's roles, as auth groups created by a data migration."""

from __future__ import annotations

REPORTER = "reporter"
EDITOR = "editor"
FACT_CHECKER = "fact-checker"
ADMIN = "admin"
ALL = (REPORTER, EDITOR, FACT_CHECKER, ADMIN)


def roles_of(user) -> frozenset[str]:
    """Return the role names a user holds; superusers hold every role.

    The result is cached on the user object so a page asks the database once.
    """
    if user is None or not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_ledger_roles", None)
    if cached is None:
        if user.is_superuser:
            cached = frozenset(ALL)
        else:
            cached = frozenset(user.groups.filter(name__in=ALL).values_list("name", flat=True))
        user._ledger_roles = cached
    return cached


def has_role(user, *names: str) -> bool:
    return bool(roles_of(user) & set(names))


def is_staff_member(user) -> bool:
    """Return whether the user holds any newsroom role."""
    return bool(roles_of(user))
