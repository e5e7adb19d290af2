"""The access rules: who may know which sources exist, who handles them, who they are."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from sources import permissions, roles, selectors
from sources.models import Claim
from tests.factories import UserFactory
from tests.security.test_identities import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _codenames(queryset):
    return sorted(queryset.values_list("codename", flat=True))


def test_sources_in_scope_by_role(world):
    assert _codenames(selectors.sources_for(viewer=world.reporter)) == ["LARCH"]
    assert _codenames(selectors.sources_for(viewer=world.colleague)) == ["LARCH"]
    assert _codenames(selectors.sources_for(viewer=world.other_reporter)) == ["PINE"]
    for user in (world.editor, world.fact_checker, world.admin):
        assert _codenames(selectors.sources_for(viewer=user)) == ["LARCH", "PINE"]
    assert _codenames(selectors.sources_for(viewer=AnonymousUser())) == []
    assert _codenames(selectors.sources_for(viewer=UserFactory(username="norole"))) == []


def test_reporter_scope_has_no_duplicates_when_handler_and_desk_overlap(world):
    world.other_desk.members.add(world.reporter)  # now on both desks
    world.desk.sources.all()  # LARCH is both handled and on the desk
    scope = selectors.sources_for(viewer=world.reporter)
    assert _codenames(scope) == ["LARCH", "PINE"]
    assert scope.count() == 2


def test_handled_source_without_desk_is_in_scope(world):
    world.source.desk = None
    world.source.save()
    assert _codenames(selectors.sources_for(viewer=world.reporter)) == ["LARCH"]
    assert _codenames(selectors.sources_for(viewer=world.colleague)) == []


def test_source_get_answers_404_outside_scope(world):
    assert selectors.source_get(viewer=world.reporter, pk=world.source.pk) == world.source
    with pytest.raises(Http404):
        selectors.source_get(viewer=world.other_reporter, pk=world.source.pk)
    with pytest.raises(Http404):
        selectors.source_get(viewer=world.editor, pk="not-a-number")


def test_who_may_see_the_handler(world):
    assert permissions.can_see_handler(viewer=world.reporter, obj=world.source)
    assert not permissions.can_see_handler(viewer=world.other_reporter, obj=world.source)
    assert permissions.can_see_handler(viewer=world.editor, obj=world.source)
    assert permissions.can_see_handler(viewer=world.admin)
    assert not permissions.can_see_handler(viewer=world.fact_checker)
    assert not permissions.can_see_handler(viewer=world.fact_checker, obj=world.source)
    assert not permissions.can_see_handler(viewer=AnonymousUser())


def test_who_may_read_reveal_edit_and_burn(world):
    s = world.source
    table = {
        name: (
            permissions.can_read_identity(viewer=user, obj=s),
            permissions.can_reveal_identity(viewer=user, obj=s),
            permissions.can_edit_identity(viewer=user, obj=s),
            permissions.can_burn_source(viewer=user),
            permissions.can_view_access_log(viewer=user),
        )
        for name, user in {
            "handler": world.reporter,
            "colleague": world.colleague,
            "outsider": world.other_reporter,
            "checker": world.fact_checker,
            "editor": world.editor,
            "admin": world.admin,
            "anonymous": AnonymousUser(),
        }.items()
    }
    assert table == {
        "handler": (True, True, True, False, False),
        "colleague": (False, False, False, False, False),
        "outsider": (False, False, False, False, False),
        "checker": (False, False, False, False, False),
        "editor": (False, True, False, True, False),
        "admin": (False, True, False, True, True),
        "anonymous": (False, False, False, False, False),
    }


def test_admin_group_alone_burns_and_reads_the_log_but_cannot_reveal(world):
    plain_admin = UserFactory(username="plainadmin", roles=[roles.ADMIN])
    assert permissions.can_view_access_log(viewer=plain_admin)
    assert permissions.can_burn_source(viewer=plain_admin)
    assert not permissions.can_reveal_identity(viewer=plain_admin, obj=world.source)
    assert permissions.can_see_handler(viewer=plain_admin)


def test_claims_are_visible_to_every_newsroom_role_only(world):
    for user in (world.reporter, world.other_reporter, world.fact_checker, world.editor):
        assert list(selectors.claims_for(viewer=user)) == list(Claim.objects.all())
    assert selectors.claims_for(viewer=AnonymousUser()).count() == 0


def test_identity_payload_shape(world):
    assert selectors.identity_payload(None) == {"real_name": "", "contact": "", "meeting_notes": ""}


def test_who_may_do_each_job_follows_the_matrix(world):
    """docs/security.md, rows "File claims" to "Import and export"; the pages and API ask these."""
    both = UserFactory(username="two-hats", roles=[roles.EDITOR, roles.FACT_CHECKER])
    plain_admin = UserFactory(username="plainadmin", roles=[roles.ADMIN])
    table = {
        name: (
            permissions.can_file_claims(viewer=user),
            permissions.can_link_evidence(viewer=user),
            permissions.can_decide_verdict(viewer=user),
            permissions.can_record_letter(viewer=user),
            permissions.can_exchange(viewer=user),
            permissions.can_see_staff_names(viewer=user),
        )
        for name, user in {
            "reporter": world.reporter,
            "checker": world.fact_checker,
            "editor": world.editor,
            "admin": world.admin,
            "plain admin": plain_admin,
            "editor and checker": both,
            "anonymous": AnonymousUser(),
        }.items()
    }
    assert table == {
        "reporter": (True, False, False, False, False, True),
        "checker": (False, True, False, False, False, False),
        "editor": (True, True, True, True, True, True),
        "admin": (True, True, True, True, True, True),
        "plain admin": (True, True, True, True, True, True),
        "editor and checker": (True, True, False, False, False, False),
        "anonymous": (False, False, False, False, False, False),
    }


def test_sources_by_descriptor_names_only_unambiguous_visible_sources(world):
    from tests.factories import SourceFactory

    SourceFactory(codename="TWIN-A", descriptor="a trader in Hyesan")
    SourceFactory(codename="TWIN-B", descriptor="a trader in Hyesan")
    lone = SourceFactory(codename="LONE", descriptor="a smuggler in Musan")
    printed = ["a trader in Hyesan", "a smuggler in Musan", "a cadre nobody knows", ""]
    assert selectors.sources_by_descriptor(viewer=world.editor, descriptors=printed) == {
        "a smuggler in musan": lone.pk
    }
    # A reporter outside the source's scope gets no match, so no codename leaks.
    assert selectors.sources_by_descriptor(viewer=world.other_reporter, descriptors=printed) == {}
    assert selectors.sources_by_descriptor(viewer=world.editor, descriptors=[]) == {}
