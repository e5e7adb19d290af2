"""The sample newsroom loads through the services, once, with something real to show."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from devdata import demo_data
from sources import roles, services
from sources.domain.vocab import Outcome
from sources.models import (
    Article,
    Claim,
    Desk,
    Evidence,
    EvidenceLink,
    Source,
    SourceIdentity,
    SourceRollup,
    Verdict,
)

pytestmark = pytest.mark.django_db

EXPECTED_CLAIMS = sum(len(article["claims"]) for article in demo_data.ARTICLES)


@pytest.fixture
def loaded():
    out = StringIO()
    call_command("load_demo", stdout=out, force=True)
    return out.getvalue()


def _counts_match_the_data(loaded):
    assert EXPECTED_CLAIMS >= 55
    assert Claim.objects.count() == EXPECTED_CLAIMS
    assert Source.objects.count() == len(demo_data.SOURCES) >= 8
    assert Article.objects.count() == len(demo_data.ARTICLES) + len(demo_data.EXTERNAL_ARTICLES)
    assert Article.objects.filter(outlet__slug="daily-nk").count() == len(demo_data.ARTICLES)
    assert Source.objects.values("region").distinct().count() >= 6
    assert SourceRollup.objects.count() == Source.objects.count()
    years = {d.year for d in Article.objects.values_list("published_on", flat=True)}
    assert len(years) >= 2
    assert EvidenceLink.objects.count() > 40


def _running_twice_adds_nothing(loaded):
    before = (
        Claim.objects.count(),
        Evidence.objects.count(),
        EvidenceLink.objects.count(),
        Verdict.objects.count(),
        get_user_model().objects.count(),
    )
    out = StringIO()
    call_command("load_demo", stdout=out, force=True)
    assert "already loaded" in out.getvalue()
    after = (
        Claim.objects.count(),
        Evidence.objects.count(),
        EvidenceLink.objects.count(),
        Verdict.objects.count(),
        get_user_model().objects.count(),
    )
    assert after == before


def _circular_reporting_is_kept_but_does_not_count(loaded):
    meth = Claim.objects.get(external_id="demo:dnk-2016-08-meth-1")
    link = meth.links.get()
    assert not link.is_independent
    assert "chain of 2 citations" in link.dependence_reason
    assert meth.outcome == Outcome.PENDING
    assert meth.dependent_links == 1
    assert {(q.value, q.unit) for q in meth.quantities.all()} == {(8, "kg")}


def _same_source_evidence_is_dependent(loaded):
    reasons = set(EvidenceLink.objects.dependent().values_list("dependence_reason", flat=True))
    assert "It comes from a source the claim rests on." in reasons


def _a_disputed_claim_and_editors_verdicts(loaded):
    disputed = Claim.objects.disputed().get()
    assert disputed.corroborating_links == 1 and disputed.contradicting_links == 1
    verdicts = Verdict.objects.select_related("claim")
    assert {v.outcome for v in verdicts} == {Outcome.RETRACTED, Outcome.UNVERIFIABLE}
    for verdict in verdicts:
        assert verdict.claim.outcome == verdict.outcome
        assert verdict.decided_by.username == "editor"


def _track_records_differ(loaded):
    letters = set(SourceRollup.objects.values_list("letter", flat=True))
    assert len(letters) >= 3
    magpie = SourceRollup.objects.get(source__codename="MAGPIE")
    pine = SourceRollup.objects.get(source__codename="PINE")
    assert magpie.interval_low < pine.interval_low


def _rollups_and_outcomes_match_a_full_recomputation(loaded):
    stored = {
        c.pk: (c.outcome, c.dependent_links, c.first_corroborated_on) for c in Claim.objects.all()
    }
    rollups = {r.source_id: r.interval_low for r in SourceRollup.objects.all()}
    services.claims_recompute(claim_ids=stored)
    services.rollups_refresh(source_ids=None)
    assert {
        c.pk: (c.outcome, c.dependent_links, c.first_corroborated_on) for c in Claim.objects.all()
    } == stored
    assert {r.source_id: r.interval_low for r in SourceRollup.objects.all()} == rollups


def _one_user_per_role_with_working_passwords(loaded):
    for username, password, role, *_ in demo_data.USERS:
        user = get_user_model().objects.get(username=username)
        assert user.check_password(password), username
        assert user.is_active
        assert role in roles.roles_of(user)
        assert f"{username:<10} {password}" in loaded
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    reporter_desks = {
        desk
        for user in get_user_model().objects.filter(groups__name=roles.REPORTER)
        for desk in user.desks.values_list("slug", flat=True)
    }
    assert reporter_desks == {"border", "interior"}
    assert get_user_model().objects.filter(groups__name=roles.REPORTER).count() >= 3


def _sources_have_desks_handlers_and_encrypted_identities(loaded):
    assert not Source.objects.filter(desk=None).exists()
    assert not Source.objects.filter(handler=None).exists()
    assert Desk.objects.get(slug="border").sources.exists()
    pine = SourceIdentity.objects.get(source__codename="PINE")
    assert pine.real_name == "Ri Myong-suk"
    heron = Source.objects.get(codename="HERON")
    assert heron.status == Source.Status.BURNED
    assert not SourceIdentity.objects.filter(source=heron).exists()


# Loading takes seconds, so each test loads once and checks several things.


def test_loads_the_data_once(loaded):
    _counts_match_the_data(loaded)
    _running_twice_adds_nothing(loaded)


def test_shows_circular_reporting_disputes_verdicts_and_track_records(loaded):
    _circular_reporting_is_kept_but_does_not_count(loaded)
    _same_source_evidence_is_dependent(loaded)
    _a_disputed_claim_and_editors_verdicts(loaded)
    _track_records_differ(loaded)
    _rollups_and_outcomes_match_a_full_recomputation(loaded)


def test_creates_users_desks_and_sources(loaded):
    _one_user_per_role_with_working_passwords(loaded)
    _sources_have_desks_handlers_and_encrypted_identities(loaded)


def test_refuses_to_reset_demo_passwords_without_debug_or_force(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG on"):
        call_command("load_demo", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    assert get_user_model().objects.get(username="admin").is_superuser
