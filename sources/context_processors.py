"""Template context every page needs: the viewer's roles, for navigation."""

from django.conf import settings

from sources import roles


def ledger(request):
    held = roles.roles_of(getattr(request, "user", None))
    return {
        "viewer_roles": held,
        "is_editor": roles.EDITOR in held or roles.ADMIN in held,
        "is_fact_checker": roles.FACT_CHECKER in held,
        "is_reporter": roles.REPORTER in held,
        "public_track_record": settings.PUBLIC_TRACK_RECORD,
    }
