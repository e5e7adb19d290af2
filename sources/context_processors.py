"""Template context every page needs: the viewer's roles and what they may do, for navigation."""

from django.conf import settings

from sources import roles, selectors


def ledger(request):
    viewer = getattr(request, "user", None)
    return {
        "viewer_roles": roles.roles_of(viewer),
        "can_file_claims": selectors.can_file_claims(viewer=viewer),
        "can_link_evidence": selectors.can_link_evidence(viewer=viewer),
        "can_decide_verdict": selectors.can_decide_verdict(viewer=viewer),
        "can_record_letter": selectors.can_record_letter(viewer=viewer),
        "can_exchange": selectors.can_exchange(viewer=viewer),
        "can_see_staff_names": selectors.can_see_staff_names(viewer=viewer),
        "public_track_record": settings.PUBLIC_TRACK_RECORD,
    }
