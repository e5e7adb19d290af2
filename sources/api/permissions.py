"""Who may call which part of the API, by newsroom role.

Reads are open to every newsroom role; what each role then sees is decided by
``sources.selectors``. Writes are limited to the roles whose job they are,
matching the pages: reporters file claims, fact-checkers record and link
evidence, editors decide verdicts and letters.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from sources import roles, selectors

CLAIM_FILERS = (roles.REPORTER, roles.EDITOR, roles.ADMIN)
EVIDENCE_KEEPERS = (roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)
# Deciding is an editor's job; an admin role alone does not grant it (selectors.is_editor).
DECIDERS = (roles.EDITOR,)


class IsNewsroomStaff(BasePermission):
    """Allow anyone holding a newsroom role; refuse signed-in users without one."""

    message = "Only newsroom staff (reporters, editors, fact-checkers) may use the API."

    def has_permission(self, request, view) -> bool:
        return roles.is_staff_member(request.user)


class _WriteRoles(BasePermission):
    """Allow reads to staff, and writes only to ``write_roles``."""

    write_roles: tuple[str, ...] = ()
    message = "Your role may read this resource but not change it."

    def has_permission(self, request, view) -> bool:
        if not roles.is_staff_member(request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return roles.has_role(request.user, *self.write_roles)


class ClaimFilersWrite(_WriteRoles):
    write_roles = CLAIM_FILERS
    message = "Only reporters and editors may file claims."


class EvidenceKeepersWrite(_WriteRoles):
    write_roles = EVIDENCE_KEEPERS
    message = "Only fact-checkers and editors may record or link evidence."


class DecidersWrite(_WriteRoles):
    write_roles = DECIDERS
    message = "Only editors may decide verdicts and record letters."

    def has_permission(self, request, view) -> bool:
        # The fact-checker rule wins over an editor role held alongside it.
        if request.method not in SAFE_METHODS and not selectors.is_editor(request.user):
            return False
        return super().has_permission(request, view)
