"""Assigning and retracting claims, one-time tokens, citations from the app (issue 16)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from sources import roles, selectors, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Article, Quantity, SubmitToken
from tests.factories import ArticleFactory, EvidenceFactory, UserFactory
from tests.views.pages_data import file_claim, newsroom

pytestmark = pytest.mark.django_db


def test_assigning_is_kept_in_the_history_with_who_and_why(editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    felix = UserFactory(username="felix", roles=[roles.FACT_CHECKER])
    assert services.claim_assign(claim=claim, assignee=felix, actor=editor, reason="Hyesan") == [
        "assigned_to"
    ]
    assert services.claim_assign(claim=claim, assignee=felix, actor=editor) == []
    assert services.claim_assign(claim=claim, assignee=None, actor=editor, reason="Back") == [
        "assigned_to"
    ]
    records = list(claim.history.order_by("history_id"))[-2:]
    assert [(r.assigned_to_id, r.history_user, r.history_change_reason) for r in records] == [
        (felix.pk, editor, "Hyesan"),
        (None, editor, "Back"),
    ]


@pytest.mark.parametrize("who", ["reporter", "inactive fact-checker", "superuser"])
def test_only_an_active_fact_checker_can_be_assigned(editor, who):
    claim = file_claim(newsroom(), "A claim.")
    person = UserFactory(
        username=who.replace(" ", "-"),
        roles={"reporter": [roles.REPORTER], "superuser": []}.get(who, [roles.FACT_CHECKER]),
        is_active=who != "inactive fact-checker",
        is_superuser=who == "superuser",
    )
    with pytest.raises(ValidationError) as refused:
        services.claim_assign(claim=claim, assignee=person, actor=editor)
    assert "assigned_to" in refused.value.message_dict


def test_retracting_twice_is_refused(editor):
    claim = file_claim(newsroom(), "A claim.")
    services.claim_retract(claim=claim, reason="Withdrawn", actor=editor)
    claim.refresh_from_db()
    assert claim.outcome == Outcome.RETRACTED
    with pytest.raises(ValidationError):
        services.claim_retract(claim=claim, reason="Again", actor=editor)


def test_a_token_lets_the_work_run_once(reporter, editor):
    runs = []

    def work():
        runs.append(1)
        return 41 + len(runs)

    token = "t" * 32
    assert services.submitted_once(token=token, user=reporter, kind="story", run=work) == (42, True)
    assert services.submitted_once(token=token, user=reporter, kind="story", run=work) == (
        42,
        False,
    )
    assert len(runs) == 1
    with pytest.raises(ValidationError):
        services.submitted_once(token=token, user=editor, kind="story", run=work)
    with pytest.raises(ValidationError):
        services.submitted_once(token=token, user=reporter, kind="evidence-link", run=work)
    # No token: the work simply runs (an old page, a script).
    assert services.submitted_once(token="", user=reporter, kind="story", run=work) == (43, True)


def test_a_refused_run_leaves_the_token_unused(reporter):
    def refuse():
        raise ValidationError({"claims": "No."})

    token = "r" * 32
    with pytest.raises(ValidationError):
        services.submitted_once(token=token, user=reporter, kind="story", run=refuse)
    assert not SubmitToken.objects.filter(token=token).exists()


def test_a_malformed_token_is_refused(reporter):
    with pytest.raises(ValidationError):
        services.submission_claim(token="short", user=reporter, kind="story")
    with pytest.raises(ValidationError):
        services.submission_claim(token="x" * 20 + "\x00" * 4, user=reporter, kind="story")


def test_corrected_figures_are_in_the_claims_history_with_the_reason(editor):
    claim = file_claim(newsroom(), "Cadres bought 9 kg.")
    services.claim_update(
        claim=claim,
        data={"quantities": [services.QuantitySpec(value=Decimal("8"), unit="kg")]},
        actor=editor,
        reason="Typo",
    )
    services.claim_update(
        claim=claim,
        data={"quantities": [services.QuantitySpec(value=Decimal("8.5"), unit="kg")]},
        actor=editor,
        reason="Story corrected",
    )
    assert [(q.value, q.unit) for q in Quantity.objects.filter(claim=claim)] == [
        (Decimal("8.5"), "kg")
    ]
    history = Quantity.history.filter(claim_id=claim.pk).order_by("history_id")
    assert [(h.history_type, h.value, h.history_change_reason) for h in history] == [
        ("+", Decimal("8"), "Typo"),
        ("-", Decimal("8"), "Story corrected"),
        ("+", Decimal("8.5"), "Story corrected"),
    ]
    shown = selectors.history_for(viewer=editor, obj=claim, related=True)
    assert any((r.subject, r.described) == ("quantity", "8.5 kg") for r in shown)


def test_an_outside_article_cited_by_evidence_makes_it_dependent(fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    blog = ArticleFactory(headline="Blog")
    link = services.evidence_link(
        claim=claim, evidence=EvidenceFactory(article=blog), relation=Relation.CORROBORATES
    )
    assert link.is_independent
    wire = services.outside_article_record(
        url="https://wire.example/a",
        headline="Wire copy",
        published_on=datetime.date(2016, 8, 26),
        outlet_name="Wire  service",
        cites=[room.article],
        cited_by=[blog],
        actor=fact_checker,
    )
    link.refresh_from_db()
    assert not link.is_independent
    assert wire.outlet.name == "Wire service" and wire.outlet.slug == "wire-service"
    # The same outlet named again, in another case, is the same outlet.
    other = services.outside_article_record(
        url="https://wire.example/b",
        headline="Another",
        published_on=datetime.date(2016, 8, 27),
        outlet_name="WIRE SERVICE",
        actor=fact_checker,
    )
    assert other.outlet == wire.outlet
    with pytest.raises(ValidationError) as refused:
        services.outside_article_record(
            url="https://wire.example/a",
            headline="Dup",
            published_on=datetime.date(2016, 8, 26),
            outlet=room.outlet,
            actor=fact_checker,
        )
    assert "url" in refused.value.message_dict
    assert Article.objects.filter(url="https://wire.example/a").count() == 1


def test_citations_change_in_both_directions_and_ignore_self_citation(fact_checker):
    a, b, c = ArticleFactory(), ArticleFactory(), ArticleFactory()
    assert (
        services.citations_change(
            article=a, add_cites=[b, a], add_cited_by=[c], actor=fact_checker, reason="Seen"
        )
        == 2
    )
    assert list(a.cites.all()) == [b] and list(c.cites.all()) == [a]
    services.citations_change(
        article=a, remove_cites=[b], remove_cited_by=[c], actor=fact_checker, reason="Wrong"
    )
    assert not a.cites.exists() and not c.cites.exists()
