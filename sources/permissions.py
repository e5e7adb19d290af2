"""Who may see or do what: the one access policy every entry point asks.

Views, the API, the admin, management commands, the importer and templates
all ask these predicates; nothing else decides access. The matrix is written
out in docs/security.md.
"""

from __future__ import annotations

from sources import roles
from sources.models import (
    Source,
)


def _is_fact_checker(viewer) -> bool:
    """Return whether the fact-checker rule applies: it wins over any other role held.

    Superusers hold every role but are not treated as fact-checkers.
    """
    return roles.FACT_CHECKER in roles.roles_of(viewer) and not viewer.is_superuser


def is_editor(viewer) -> bool:
    """Return whether the viewer holds the editor role (superusers do; admins alone do not)."""
    return roles.has_role(viewer, roles.EDITOR) and not _is_fact_checker(viewer)


def is_admin(viewer) -> bool:
    return roles.has_role(viewer, roles.ADMIN)


def is_handler(*, viewer, source: Source) -> bool:
    """Return whether the viewer is the reporter who handles ``source``."""
    return (
        viewer is not None
        and viewer.is_authenticated
        and source.handler_id is not None
        and source.handler_id == viewer.pk
        and roles.has_role(viewer, roles.REPORTER)
        and not _is_fact_checker(viewer)
    )


def can_see_handler(*, viewer, source: Source | None = None) -> bool:
    """Return whether the viewer may learn which reporter handles a source.

    Fact-checkers never may. Reporters, editors and admins may, for the
    sources ``sources_for`` lets them see; pass ``source`` to check that too.
    """
    if not roles.is_staff_member(viewer) or _is_fact_checker(viewer):
        return False
    if source is None:
        return True
    from sources.selectors.scope import sources_for

    return sources_for(viewer=viewer).filter(pk=source.pk).exists()


def can_read_identity(*, viewer, source: Source) -> bool:
    """Return whether the viewer may read the identity without giving a reason."""
    return is_handler(viewer=viewer, source=source)


def can_reveal_identity(*, viewer, source: Source) -> bool:
    """Return whether the viewer may read the identity through Reveal, with a reason."""
    return is_handler(viewer=viewer, source=source) or is_editor(viewer)


def can_edit_identity(*, viewer, source: Source) -> bool:
    """Only the handling reporter records who a source is, and not once it is burned."""
    return is_handler(viewer=viewer, source=source) and source.status != Source.Status.BURNED


def can_burn_source(*, viewer) -> bool:
    return is_editor(viewer) or is_admin(viewer)


def can_view_access_log(*, viewer) -> bool:
    return is_admin(viewer)


# The roles that know of every source; a reporter knows those of their desks.
SEES_EVERY_SOURCE = frozenset({roles.EDITOR, roles.FACT_CHECKER, roles.ADMIN})


def _decides(viewer) -> bool:
    """Return whether the viewer has an editor's or admin's say; the fact-checker rule wins."""
    return roles.has_role(viewer, roles.EDITOR, roles.ADMIN) and not _is_fact_checker(viewer)


def can_file_claims(*, viewer) -> bool:
    """Reporters, editors and admins file claims."""
    return roles.has_role(viewer, roles.REPORTER, roles.EDITOR, roles.ADMIN)


def can_link_evidence(*, viewer) -> bool:
    """Fact-checkers, editors and admins record evidence and link it to claims."""
    return roles.has_role(viewer, roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)


def can_decide_verdict(*, viewer) -> bool:
    """Editors and admins decide verdicts; a fact-checker never does, whatever else they hold."""
    return _decides(viewer)


def can_record_letter(*, viewer) -> bool:
    """Editors and admins record a letter over the suggested one."""
    return _decides(viewer)


def can_exchange(*, viewer) -> bool:
    """Editors and admins import and export the whole newsroom."""
    return _decides(viewer)


def can_see_staff_names(*, viewer) -> bool:
    """Return whether the viewer may see who filed, reported or assessed a claim.

    Fact-checkers never see the name of a handling reporter, and the person
    who filed a claim or wrote its article usually handles its source, so they
    see no staff names on claims, articles, the queue or in the API.
    """
    return roles.is_staff_member(viewer) and not _is_fact_checker(viewer)
