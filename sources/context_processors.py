"""Template context every page needs: the viewer's roles and what they may do, for navigation."""

from django.conf import settings

from sources import permissions


def ledger(request):
    viewer = getattr(request, "user", None)
    return {
        "viewer_roles": permissions.held_roles(viewer=viewer),
        "can_file_claims": permissions.can_file_claims(viewer=viewer),
        "can_link_evidence": permissions.can_link_evidence(viewer=viewer),
        "can_decide_verdict": permissions.can_decide_verdict(viewer=viewer),
        "can_record_letter": permissions.can_record_letter(viewer=viewer),
        "can_exchange": permissions.can_exchange(viewer=viewer),
        "can_see_staff_names": permissions.can_see_staff_names(viewer=viewer),
        "can_use_admin": permissions.can_use_admin(viewer=viewer),
        "can_view_access_log": permissions.can_view_access_log(viewer=viewer),
        "can_burn_sources": permissions.can_burn_source(viewer=viewer),
        "can_see_networks": permissions.can_see_networks(viewer=viewer),
        "public_track_record": settings.PUBLIC_TRACK_RECORD,
    }
