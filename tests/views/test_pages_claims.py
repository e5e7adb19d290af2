"""The claim page: timeline, outcome, linking evidence and deciding verdicts."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.urls import reverse

from sources import services
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim, Evidence, EvidenceLink, Verdict
from sources.selectors import PICK_LIMIT
from tests.factories import ArticleFactory, EvidenceFactory, SourceFactory
from tests.views.pages_data import corroborate, file_claim, newsroom

pytestmark = pytest.mark.django_db


def claim_url(claim, name="claim_detail"):
    return reverse(f"sources:{name}", args=[claim.pk])


def new_evidence(**overrides) -> dict:
    return {
        "relation": Relation.CORROBORATES,
        "kind": Evidence.Kind.TESTIMONY,
        "summary": "A defector who left in 2017 gives the same price.",
        "observed_on": "2017-03-01",
        **overrides,
    }


def test_claim_page_shows_claim_attributions_and_empty_timeline(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth inland.")
    client.force_login(fact_checker)
    response = client.get(claim_url(claim))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cadres bought 8 kg of crystal meth inland." in html
    assert "“a source in Ryanggang Province”" in html
    assert "No evidence linked yet" in html
    assert response.context["link_form"] is not None
    assert response.context["verdict_form"] is None
    assert "application/ld+json" not in html  # pending claims have no ClaimReview


def test_timeline_shows_relation_independence_and_the_reason(client, editor):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth inland.")
    corroborate(claim, day=datetime.date(2016, 9, 4))
    repeat = ArticleFactory(headline="Meth prices, again", published_on=datetime.date(2016, 10, 1))
    services.article_cite(article=repeat, cited=[room.article])
    services.evidence_link(
        claim=claim,
        evidence=EvidenceFactory(article=repeat, observed_on=datetime.date(2016, 10, 1)),
        relation=Relation.CONTRADICTS,
    )
    client.force_login(editor)
    html = client.get(claim_url(claim)).content.decode()
    assert html.index("4 Sep 2016") < html.index("1 Oct 2016")
    assert "Corroborates" in html and "Contradicts" in html
    assert "Independent — counts" in html
    assert "Not independent — does not count" in html
    assert "It cites the claim&#x27;s article directly." in html
    assert "Meth prices, again" in html


def test_reporter_sees_descriptor_but_not_codename_of_unknown_source(client, reporter):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(reporter)
    html = client.get(claim_url(claim)).content.decode()
    assert "a source in Ryanggang Province" in html
    assert "LARCH" not in html


@pytest.mark.parametrize("links", [3, 10])
def test_claim_page_in_fixed_queries(client, editor, links, django_assert_num_queries):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth inland.")
    cited = ArticleFactory()
    for n in range(links):
        evidence = EvidenceFactory(
            observed_on=datetime.date(2017, 1, 1 + n), source=room.birch, article=cited
        )
        evidence.cites.add(cited)
        services.evidence_link(claim=claim, evidence=evidence, relation=Relation.CORROBORATES)
    services.verdict_decide(
        claim=Claim.objects.get(pk=claim.pk),
        outcome=Outcome.CORROBORATED,
        reason="Settled.",
        decided_by=editor,
    )
    client.force_login(editor)
    # 22: the 15 of the claim page, plus one for its forecasts (issue 14), one for
    # the copy flags of its links (issue 13), and (issue 16) four for the history of its
    # sources, figures, links and verdicts and one for the fact-checkers it may go to.
    with django_assert_num_queries(22):
        response = client.get(claim_url(claim))
    assert len(response.context["links"]) == links


def test_claim_page_carries_claimreview_json_ld(client, editor):
    room = newsroom()
    claim = file_claim(room, "Cadres sold meth for 14,000 RMB </script> per kg.")
    corroborate(claim)
    client.force_login(editor)
    html = client.get(claim_url(claim)).content.decode()
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on a corroborated claim"
    assert "</script> per kg" not in match.group(1)
    data = json.loads(match.group(1))
    assert data["@type"] == "ClaimReview"
    assert data["claimReviewed"] == claim.text
    assert data["reviewRating"]["alternateName"] == "Corroborated"
    assert data["url"].endswith(claim_url(claim))


# Linking evidence ----------------------------------------------------------------------


def test_fact_checker_links_new_evidence_that_corroborates(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth inland.")
    client.force_login(fact_checker)
    response = client.post(claim_url(claim, "claim_link_evidence"), new_evidence())
    assert response.status_code == 302
    assert response["Location"] == claim_url(claim) + "#evidence"
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED
    link = EvidenceLink.objects.get(claim=claim)
    assert (link.is_independent, link.recorded_by, link.evidence.recorded_by) == (
        True,
        fact_checker,
        fact_checker,
    )
    html = client.get(response["Location"]).content.decode()
    assert "Evidence linked; it counts. The outcome is now Corroborated." in html
    room.larch.rollup.refresh_from_db()
    assert room.larch.rollup.corroborated == 1


def test_evidence_from_the_claims_own_source_is_linked_but_does_not_count(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(editor)
    response = client.post(
        claim_url(claim, "claim_link_evidence"),
        new_evidence(source=room.larch.codename),
        follow=True,
    )
    assert response.status_code == 200
    assert "does not count: It comes from a source the claim rests on." in response.content.decode()
    claim.refresh_from_db()
    assert (claim.outcome, claim.dependent_links) == (Outcome.PENDING, 1)


def test_link_evidence_already_on_file(client, fact_checker):
    room = newsroom()
    first = file_claim(room, "First claim.")
    second = file_claim(room, "Second claim.")
    evidence = corroborate(first).evidence
    client.force_login(fact_checker)
    response = client.post(
        claim_url(second, "claim_link_evidence"),
        {"relation": Relation.CONTRADICTS, "existing": evidence.pk},
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.outcome == Outcome.CONTRADICTED
    assert Evidence.objects.count() == 1
    # Evidence already linked to a claim is not offered for it again.
    form = client.get(claim_url(second)).context["link_form"]
    assert evidence not in form.fields["existing"].queryset


def test_link_form_errors_beside_fields_and_nothing_saved(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    response = client.post(
        claim_url(claim, "claim_link_evidence"),
        {"relation": "", "summary": "", "kind": "", "observed_on": "not a date"},
    )
    assert response.status_code == 400
    errors = response.context["link_form"].errors
    assert errors["relation"] == ["This field is required."]
    assert "kind" in errors and "summary" in errors and "observed_on" in errors
    assert 'id="id_relation_error"' in response.content.decode()
    assert Evidence.objects.count() == 0 and EvidenceLink.objects.count() == 0


def test_new_evidence_names_its_article_and_citations_by_picking_them(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "Cadres sold meth at 14,000 RMB per kg in China.")
    outlet_story, older = ArticleFactory(), ArticleFactory()
    client.force_login(fact_checker)
    response = client.post(
        claim_url(claim, "claim_link_evidence"),
        new_evidence(article=str(outlet_story.pk), cites=[str(older.pk), str(room.article.pk)]),
    )
    assert response.status_code == 302
    link = EvidenceLink.objects.get(claim=claim)
    assert link.evidence.article == outlet_story
    assert set(link.evidence.cites.all()) == {older, room.article}
    # It repeats the claim's own story, so it does not count.
    assert link.is_independent is False


def test_link_form_refuses_unknown_articles_and_codenames(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    response = client.post(
        claim_url(claim, "claim_link_evidence"),
        new_evidence(source="NOSUCH", article="999999", cites=["12x"]),
    )
    assert response.status_code == 400
    errors = response.context["link_form"].errors
    assert errors["source"] == ["No source you may see has that codename."]
    assert errors["article"] == ["Pick one of the matches listed."]
    assert errors["cites"] == ["Pick among the matches listed."]
    assert 'id="id_source_error"' in response.content.decode()
    assert Evidence.objects.count() == 0 and EvidenceLink.objects.count() == 0


def test_link_form_offers_likely_evidence_but_accepts_any_on_file(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    sibling = file_claim(room, "Another claim in the same story.")
    same_story = corroborate(sibling).evidence
    old = EvidenceFactory(observed_on=datetime.date(2012, 1, 1), summary="An old ledger page.")
    EvidenceFactory.create_batch(PICK_LIMIT, observed_on=datetime.date(2013, 1, 1))
    client.force_login(fact_checker)
    response = client.get(claim_url(claim))
    offered = response.context["link_form"].fields["existing"].widget.hits
    # The same story's evidence first, then the latest recorded: the old page is not listed.
    assert offered[0] == same_story
    assert len(offered) == PICK_LIMIT + 1
    assert old not in offered
    html = response.content.decode()
    assert f'<input type="radio" name="existing" value="{same_story.pk}">' in html
    # Evidence left off the list is still accepted.
    response = client.post(
        claim_url(claim, "claim_link_evidence"),
        {"relation": Relation.CORROBORATES, "existing": old.pk},
    )
    assert response.status_code == 302
    assert EvidenceLink.objects.filter(claim=claim, evidence=old).exists()


def test_reporters_may_not_link_evidence(client, reporter):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(reporter)
    assert client.get(claim_url(claim)).context["link_form"] is None
    response = client.post(claim_url(claim, "claim_link_evidence"), new_evidence())
    assert response.status_code == 403
    assert Evidence.objects.count() == 0


def test_link_evidence_is_post_only(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    assert client.get(claim_url(claim, "claim_link_evidence")).status_code == 405


# Verdicts ------------------------------------------------------------------------------


def test_editor_decides_a_verdict_with_a_reason(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(editor)
    response = client.post(
        claim_url(claim, "claim_verdict"),
        {"outcome": Outcome.UNVERIFIABLE, "reason": "No way to check inland prices.", "version": 0},
        follow=True,
    )
    assert response.status_code == 200
    claim.refresh_from_db()
    assert (claim.outcome, claim.verdict, claim.version) == (
        Outcome.UNVERIFIABLE,
        Outcome.UNVERIFIABLE,
        1,
    )
    html = response.content.decode()
    assert "Verdict recorded: Unverifiable." in html
    assert "No way to check inland prices." in html
    assert response.context["verdict_form"]["version"].value() == 1


def test_stale_verdict_shows_a_conflict(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    services.verdict_decide(
        claim=claim, outcome=Outcome.RETRACTED, reason="Story withdrawn.", decided_by=editor
    )
    client.force_login(editor)
    response = client.post(
        claim_url(claim, "claim_verdict"),
        {"outcome": Outcome.CORROBORATED, "reason": "Looks right.", "version": 0},
    )
    assert response.status_code == 409
    html = response.content.decode()
    assert "Your verdict was not recorded." in html
    assert "Another editor decided a verdict" in html
    assert "The current verdict is <strong>Retracted</strong>" in html
    assert response.context["verdict_form"]["version"].value() == 1
    assert Verdict.objects.count() == 1


def test_verdict_needs_a_reason(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(editor)
    response = client.post(
        claim_url(claim, "claim_verdict"),
        {"outcome": Outcome.CORROBORATED, "reason": "   ", "version": 0},
    )
    assert response.status_code == 400
    assert response.context["verdict_form"].errors["reason"]
    assert 'id="id_reason_error"' in response.content.decode()
    assert Verdict.objects.count() == 0


def test_only_editors_decide_verdicts(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    response = client.post(
        claim_url(claim, "claim_verdict"),
        {"outcome": Outcome.CORROBORATED, "reason": "Sure.", "version": 0},
    )
    assert response.status_code == 403
    assert Verdict.objects.count() == 0


def test_verdict_history_and_change_history_are_shown(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    services.verdict_decide(
        claim=claim, outcome=Outcome.RETRACTED, reason="First call.", decided_by=editor
    )
    claim.refresh_from_db()
    services.verdict_decide(
        claim=claim, outcome=Outcome.UNVERIFIABLE, reason="Second call.", decided_by=editor
    )
    client.force_login(editor)
    html = client.get(claim_url(claim)).content.decode()
    assert html.index("Second call.") < html.index("First call.")
    assert 'id="history-heading"' in html


def test_unknown_source_is_404_not_403(client, reporter):
    other = SourceFactory(codename="OTHER")
    client.force_login(reporter)
    assert client.get(reverse("sources:source_detail", args=[other.pk])).status_code == 404


def test_fact_checkers_do_not_see_who_filed_the_claim(client, editor, fact_checker):
    from sources import roles
    from tests.factories import UserFactory

    rita = UserFactory(username="rita", roles=[roles.REPORTER])
    room = newsroom(reporter=rita)
    claim = services.claim_file(
        article=room.article,
        text="Meth sold at 14,000 RMB/kg in China.",
        attributions=[services.AttributionSpec(source=room.larch)],
        filed_by=rita,
    )
    client.force_login(editor)
    assert "by rita" in client.get(claim_url(claim)).content.decode()
    client.force_login(fact_checker)
    html = client.get(claim_url(claim)).content.decode()
    assert "rita" not in html
    assert "newsroom staff" in html


@pytest.mark.parametrize(
    ("held", "allowed"),
    [
        (["admin"], True),
        (["editor"], True),
        (["editor", "fact-checker"], False),
        (["reporter"], False),
    ],
)
def test_who_may_decide_matches_the_api(client, held, allowed):
    from tests.factories import UserFactory

    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(UserFactory(username="decider", roles=held))
    response = client.post(
        claim_url(claim, "claim_verdict"),
        {"outcome": Outcome.CORROBORATED, "reason": "Settled.", "version": claim.version},
    )
    assert response.status_code == (302 if allowed else 403)
    assert Verdict.objects.filter(claim=claim).exists() is allowed
