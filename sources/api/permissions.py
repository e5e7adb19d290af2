"""Who may call which part of the API, by newsroom role.

Reads are open to every newsroom role; what each role then sees is decided by
the querysets of ``sources.selectors``. Every class asks ``sources.permissions``,
the same predicates as the pages (the role matrix in docs/security.md), so the
web and the API agree: reporters file claims, fact-checkers record and link
evidence, editors and admins decide verdicts and letters.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from sources import permissions


class IsNewsroomStaff(BasePermission):
    """Allow anyone holding a newsroom role; refuse signed-in users without one."""

    message = "Only newsroom staff (reporters, editors, fact-checkers) may use the API."

    def has_permission(self, request, view) -> bool:
        return permissions.can_use_newsroom(viewer=request.user)


class _StaffWrites(BasePermission):
    """Allow reads to staff, and writes only to those ``may_write`` allows."""

    message = "Your role may read this resource but not change it."

    def may_write(self, viewer) -> bool:
        return False

    def has_permission(self, request, view) -> bool:
        if not permissions.can_use_newsroom(viewer=request.user):
            return False
        if request.method in SAFE_METHODS:
            return True
        return self.may_write(request.user)


class ClaimFilersWrite(_StaffWrites):
    message = "Only reporters, editors and admins may file claims."

    def may_write(self, viewer) -> bool:
        return permissions.can_file_claims(viewer=viewer)


class EvidenceKeepersWrite(_StaffWrites):
    message = "Only fact-checkers, editors and admins may record or link evidence."

    def may_write(self, viewer) -> bool:
        return permissions.can_link_evidence(viewer=viewer)


class DecidersWrite(_StaffWrites):
    message = "Only editors and admins may decide verdicts."

    def may_write(self, viewer) -> bool:
        return permissions.can_decide_verdict(viewer=viewer)


class LetterRecordersWrite(_StaffWrites):
    message = "Only editors and admins may record letters."

    def may_write(self, viewer) -> bool:
        return permissions.can_record_letter(viewer=viewer)


class ForecastersWrite(_StaffWrites):
    message = "Only editors may record forecasts."

    def may_write(self, viewer) -> bool:
        return permissions.can_record_forecast(viewer=viewer)


class OriginRulersWrite(_StaffWrites):
    message = "Only fact-checkers and editors may confirm relays or rule on likely copies."

    def may_write(self, viewer) -> bool:
        return permissions.can_rule_on_origins(viewer=viewer)
