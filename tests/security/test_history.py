"""Editorial history: who changed what and when, shown without leaking the handler."""

import pytest
from django.template.loader import render_to_string

from sources import selectors, services
from sources.models import Claim, Source, Verdict
from sources.services import VerdictConflict
from tests.factories import UserFactory
from tests.security.test_identities import HANDLER, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_services_stamp_who_made_each_change(world):
    claim_records = Claim.history.filter(id=world.claim.pk).select_related("history_user")
    assert {r.history_user.username for r in claim_records} >= {"deskmate", "editor"}
    verdict = Verdict.history.get(id=world.verdict.pk)
    assert verdict.history_user == world.editor
    source = Source.history.filter(id=world.source.pk).earliest("history_date")  # created
    assert source.history_user == world.reporter


def test_history_for_lists_who_and_what_changed(world):
    records = selectors.history_for(viewer=world.editor, obj=world.claim)
    newest = records[0]
    assert newest.who == "editor"
    labels = {label for label, _, _ in newest.changes}
    assert "verdict" in labels
    assert ("verdict", "—", "Corroborated") in newest.changes
    assert records[-1].get_history_type_display() == "Created"
    html = render_to_string("sources/_history.html", {"history": records})
    assert "editor" in html and "Verdict: — → Corroborated" in html


def test_history_for_costs_one_query_per_kind_whatever_its_length(world, django_assert_num_queries):
    def decide(times):
        for n in range(times):
            world.claim.refresh_from_db()
            services.verdict_decide(
                claim=world.claim,
                outcome="disputed" if n % 2 else "corroborated",
                reason=f"Round {n}",
                decided_by=world.editor,
            )

    # roles, then claim, attribution, quantity (issue 16), link and verdict records: six
    world.editor._ledger_roles = None
    with django_assert_num_queries(6):
        short = selectors.history_for(viewer=world.editor, obj=world.claim, related=True)
    with django_assert_num_queries(1):  # the claim's own records only
        selectors.history_for(viewer=world.editor, obj=world.claim)
    decide(6)
    world.editor._ledger_roles = None
    with django_assert_num_queries(6):
        longer = selectors.history_for(viewer=world.editor, obj=world.claim, related=True)
    assert len(longer) > len(short) + 6


def test_claim_history_shows_links_attributions_and_verdicts_with_who(world):
    records = selectors.history_for(viewer=world.editor, obj=world.claim, related=True)
    assert {r.subject for r in selectors.history_for(viewer=world.editor, obj=world.claim)} == {
        "claim"
    }
    seen = {(r.subject, r.who, r.get_history_type_display()) for r in records}
    assert ("evidence link", "checker", "Created") in seen
    assert ("verdict", "editor", "Created") in seen
    assert ("attribution", "deskmate", "Created") in seen
    assert ("claim", "deskmate", "Created") in seen
    dates = [r.history_date for r in records]
    assert dates == sorted(dates, reverse=True)
    html = render_to_string("sources/_history.html", {"history": records})
    assert "created evidence link" in html and "created verdict" in html


def test_fact_checkers_see_no_staff_names_in_claim_history(world):
    """The filer of a claim usually handles its source: fact-checkers never learn who that is."""
    records = selectors.history_for(viewer=world.fact_checker, obj=world.claim, related=True)
    assert {r.subject for r in records} >= {"claim", "attribution", "evidence link", "verdict"}
    # They linked the evidence themselves, and may read their own name; nobody else's.
    assert {r.who for r in records} - {world.fact_checker.username} == {"newsroom staff"}
    html = render_to_string("sources/_history.html", {"history": records})
    assert "deskmate" not in html
    for record in records:
        assert not {label for label, _old, _new in record.changes} & {"filed by", "assessed by"}


def test_fact_checkers_do_not_learn_the_handler_from_source_history(world):
    world.source.handler = world.colleague
    world.source._history_user = world.editor
    world.source.save()
    for_editor = selectors.history_for(viewer=world.editor, obj=world.source)
    assert [r.who for r in for_editor] == ["editor", HANDLER]
    assert any(label == "handler" for label, _, _ in for_editor[0].changes)
    for_checker = selectors.history_for(viewer=world.fact_checker, obj=world.source)
    assert [r.who for r in for_checker] == ["newsroom staff", "newsroom staff"]
    assert all(label != "handler" for r in for_checker for label, _, _ in r.changes)
    html = render_to_string("sources/_history.html", {"history": for_checker})
    assert HANDLER not in html and "deskmate" not in html and "Handler" not in html


def test_nobody_outside_the_newsroom_gets_history(world):
    outsider = UserFactory(username="nobody")
    assert selectors.history_for(viewer=outsider, obj=world.claim) == []


def test_burning_leaves_no_identity_in_source_history(world):
    services.source_burn(source=world.source, actor=world.editor, reason="Exposed")
    values = [
        str(value)
        for record in Source.history.filter(id=world.source.pk).values()
        for value in record.values()
    ]
    assert not [v for v in values if "Canary" in v or "canary" in v]
    newest = selectors.history_for(viewer=world.editor, obj=world.source)[0]
    assert ("status", "Active", "Burned") in newest.changes


def test_a_stale_verdict_is_refused_not_overwritten(world):
    world.claim.refresh_from_db()
    seen = world.claim.version
    services.verdict_decide(
        claim=world.claim,
        outcome="disputed",
        reason="New evidence",
        decided_by=world.editor,
        expected_version=seen,
    )
    with pytest.raises(VerdictConflict, match="Another editor decided"):
        services.verdict_decide(
            claim=world.claim,
            outcome="contradicted",
            reason="Old view",
            decided_by=world.admin,
            expected_version=seen,
        )
    world.claim.refresh_from_db()
    assert world.claim.verdict == "disputed"
