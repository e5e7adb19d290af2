"""Correcting the record in the app (issue 16): claims, sources, articles, evidence, assignments.

Each test drives a page through the test client and checks the database and
the history afterwards; expected figures are counted by hand from the small
newsroom each test builds.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Article, Claim, EvidenceLink, Source
from tests.factories import ArticleFactory, EvidenceFactory, OutletFactory, UserFactory
from tests.views.pages_data import corroborate, file_claim, newsroom

pytestmark = pytest.mark.django_db


def _reasons(obj) -> list[str]:
    return [r for r in obj.history.values_list("history_change_reason", flat=True) if r]


# Claims ---------------------------------------------------------------------------------


def test_a_reporter_corrects_their_claim_with_a_reason_that_shows_in_the_history(client, reporter):
    room = newsroom(reporter=reporter)
    claim = file_claim(room, "Cadres bought 9 kg of crystal meth.", filed_by=reporter)
    client.force_login(reporter)
    url = reverse("sources:claim_correct", args=[claim.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text": "Cadres bought 8 kg of crystal meth.",
            "credibility": "3",
            "region": room.region.pk,
            "topics": [room.drugs.pk],
            "quantities": "8 kg; 9,000 RMB/kg (purchase price)",
            "event_start": "2016-08-01",
            "event_end": "",
            "reason": "The story said 8 kg",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.text == "Cadres bought 8 kg of crystal meth."
    assert claim.credibility == 3 and claim.assessed_by == reporter
    assert [(q.value, q.unit, q.label) for q in claim.quantities.order_by("id")] == [
        (Decimal("8"), "kg", ""),
        (Decimal("9000"), "RMB/kg", "purchase price"),
    ]
    assert list(claim.topics.all()) == [room.drugs]
    assert "The story said 8 kg" in _reasons(claim)
    html = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "— The story said 8 kg" in html
    assert "created quantity “8 kg”" in html


def test_correcting_nothing_writes_nothing(client, editor):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth.")
    before = claim.history.count()
    client.force_login(editor)
    response = client.post(
        reverse("sources:claim_correct", args=[claim.pk]),
        {"text": claim.text, "credibility": "6", "quantities": "", "reason": "No change"},
    )
    assert response.status_code == 302
    assert claim.history.count() == before


def test_a_correction_needs_a_reason_and_readable_figures(client, editor):
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth.")
    client.force_login(editor)
    response = client.post(
        reverse("sources:claim_correct", args=[claim.pk]),
        {"text": "Cadres bought 9 kg.", "credibility": "6", "quantities": "about 8 kg"},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["reason"] == ["This field is required."]
    assert "is not a figure" in errors["quantities"][0]
    claim.refresh_from_db()
    assert claim.text == "Cadres bought 8 kg of crystal meth."


@pytest.mark.parametrize("role", ["other reporter", "fact-checker"])
def test_only_the_claims_reporter_or_an_editor_corrects_it(client, role):
    room = newsroom()
    owner = UserFactory(username="owner", roles=[roles.REPORTER])
    claim = file_claim(room, "A claim.", filed_by=owner)
    other = UserFactory(
        username="someone",
        roles=[roles.REPORTER if role == "other reporter" else roles.FACT_CHECKER],
    )
    client.force_login(other)
    assert client.get(reverse("sources:claim_correct", args=[claim.pk])).status_code == 403
    assert client.get(reverse("sources:claim_retract", args=[claim.pk])).status_code == 403


def test_sources_of_a_claim_are_changed_added_and_removed_with_reasons(client, editor):
    room = newsroom()
    claim = file_claim(room, "Prices doubled in Hyesan.")
    client.force_login(editor)
    first = claim.attributions.get()
    response = client.post(
        reverse("sources:attribution_add", args=[claim.pk]),
        {"add-source": "BIRCH", "add-descriptor": "", "add-reason": "Second source named"},
    )
    assert response.status_code == 302
    assert set(claim.attributions.values_list("source__codename", flat=True)) == {
        "LARCH",
        "BIRCH",
    }
    # Naming the same source twice is refused with a 400, not a 500.
    again = client.post(
        reverse("sources:attribution_add", args=[claim.pk]),
        {"add-source": "BIRCH", "add-reason": "Again"},
    )
    assert again.status_code == 400
    response = client.post(
        reverse("sources:attribution_change", args=[first.pk]),
        {
            f"a{first.pk}-source": "LARCH",
            f"a{first.pk}-descriptor": "A source in Ryanggang",
            f"a{first.pk}-reason": "As printed",
        },
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.descriptor == "A source in Ryanggang"
    assert first.descriptor_key == "a source in ryanggang"
    second = claim.attributions.get(source__codename="BIRCH")
    response = client.post(
        reverse("sources:attribution_remove", args=[second.pk]),
        {f"a{second.pk}-remove-reason": "Named in error"},
    )
    assert response.status_code == 302
    assert list(claim.attributions.values_list("source__codename", flat=True)) == ["LARCH"]
    # The last source cannot go: a claim rests on at least one.
    last = claim.attributions.get()
    response = client.post(
        reverse("sources:attribution_remove", args=[last.pk]),
        {f"a{last.pk}-remove-reason": "Try"},
    )
    assert response.status_code == 400
    assert claim.attributions.count() == 1


def test_adding_the_evidences_own_source_makes_the_link_stop_counting(client, editor):
    room = newsroom()
    claim = file_claim(room, "Prices doubled in Hyesan.")
    services.evidence_link(
        claim=claim,
        evidence=EvidenceFactory(source=room.birch),
        relation=Relation.CORROBORATES,
    )
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED
    client.force_login(editor)
    client.post(
        reverse("sources:attribution_add", args=[claim.pk]),
        {"add-source": "BIRCH", "add-reason": "BIRCH said it too"},
    )
    claim.refresh_from_db()
    assert claim.outcome == Outcome.PENDING
    assert claim.dependent_links == 1


def test_a_reporter_retracts_their_claim_and_it_leaves_the_rate(client, reporter):
    room = newsroom(reporter=reporter)
    claim = file_claim(room, "A claim that was wrong.", filed_by=reporter)
    corroborate(claim)
    client.force_login(reporter)
    url = reverse("sources:claim_retract", args=[claim.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(
        url,
        {"reason": "The cadre was misquoted.", "version": page.context["form"]["version"].value()},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.verdict == Outcome.RETRACTED and claim.outcome == Outcome.RETRACTED
    room.larch.rollup.refresh_from_db()
    assert room.larch.rollup.retracted == 1 and room.larch.rollup.resolved == 0
    # A second retraction is refused (400), and a stale page is a 409.
    again = client.post(url, {"reason": "Again", "version": claim.version})
    assert again.status_code == 400
    stale = client.post(url, {"reason": "Stale", "version": 0})
    assert stale.status_code in (400, 409)


def test_a_long_retraction_reason_is_kept_whole_on_the_verdict(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    reason = "The source withdrew it. " * 20  # 480 characters: longer than the history keeps
    client.force_login(editor)
    response = client.post(
        reverse("sources:claim_retract", args=[claim.pk]),
        {"reason": reason, "version": claim.version},
    )
    assert response.status_code == 302
    assert claim.verdicts.get().reason == reason.strip()
    kept = claim.history.first().history_change_reason
    assert len(kept) == 100 and kept.endswith("…")


# Assignments ----------------------------------------------------------------------------


def test_an_editor_assigns_a_claim_and_it_is_under_assigned_to_me(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim to check.")
    other = file_claim(room, "Another claim.")
    felix = UserFactory(username="felix", roles=[roles.FACT_CHECKER])
    client.force_login(editor)
    response = client.post(
        reverse("sources:claim_assign", args=[claim.pk]),
        {"assignee": felix.pk, "reason": "Knows Hyesan"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.assigned_to == felix
    # A reporter cannot be assigned a claim.
    rita = UserFactory(username="rita", roles=[roles.REPORTER])
    refused = client.post(reverse("sources:claim_assign", args=[claim.pk]), {"assignee": rita.pk})
    assert refused.status_code == 400
    client.force_login(felix)
    queue = client.get(reverse("sources:queue"), {"mine": "on"})
    assert [c.pk for c in queue.context["page"].object_list] == [claim.pk]
    assert other.pk in [c.pk for c in client.get(reverse("sources:queue")).context["page"]]
    html = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "Assigned to <strong>you</strong>" in html
    assert "Assigned to: — → you" in html


def test_other_fact_checkers_see_assigned_without_a_name(client, editor):
    room = newsroom()
    claim = file_claim(room, "A claim to check.")
    felix = UserFactory(username="felix.checker", roles=[roles.FACT_CHECKER])
    gina = UserFactory(username="gina", roles=[roles.FACT_CHECKER])
    services.claim_assign(claim=claim, assignee=felix, actor=editor, reason="Hyesan")
    client.force_login(gina)
    html = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "felix.checker" not in html
    assert "Assigned: a fact-checker has it." in html
    assert "Assigned to: — → assigned" in html
    queue = client.get(reverse("sources:queue")).content.decode()
    assert "felix.checker" not in queue
    client.force_login(editor)
    html = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "Assigned to: — → felix.checker" in html


def test_only_editors_assign(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    response = client.post(
        reverse("sources:claim_assign", args=[claim.pk]), {"assignee": fact_checker.pk}
    )
    assert response.status_code == 403


# Evidence -------------------------------------------------------------------------------


def test_a_fact_checker_unlinks_evidence_and_the_outcome_moves_at_once(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    link = corroborate(claim)
    client.force_login(fact_checker)
    assert client.get(reverse("sources:link_edit", args=[link.pk])).status_code == 200
    response = client.post(
        reverse("sources:link_unlink", args=[link.pk]),
        {"unlink-reason": "Wrong claim"},
        follow=True,
    )
    assert "The outcome is now Pending" in response.content.decode()
    assert not EvidenceLink.objects.filter(pk=link.pk).exists()
    claim.refresh_from_db()
    assert claim.outcome == Outcome.PENDING and claim.corroborating_links == 0
    assert "Wrong claim" in [
        r.history_change_reason for r in EvidenceLink.history.filter(id=link.pk)
    ]


def test_a_fact_checker_changes_a_links_relation(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    link = corroborate(claim)
    client.force_login(fact_checker)
    response = client.post(
        reverse("sources:link_edit", args=[link.pk]),
        {"relation": Relation.CONTRADICTS, "note": "Read again", "reason": "Misread"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CONTRADICTED


def test_reporters_may_not_change_evidence(client, reporter):
    room = newsroom()
    link = corroborate(file_claim(room, "A claim."))
    client.force_login(reporter)
    assert client.get(reverse("sources:link_edit", args=[link.pk])).status_code == 403
    assert client.get(reverse("sources:evidence_edit", args=[link.evidence_id])).status_code == 403


def test_evidence_is_corrected_and_every_claim_it_is_on_judged_again(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    link = corroborate(claim)
    client.force_login(fact_checker)
    url = reverse("sources:evidence_edit", args=[link.evidence_id])
    assert client.get(url).status_code == 200
    # The evidence turns out to repeat the claim's own story: it stops counting.
    response = client.post(
        url,
        {
            "kind": link.evidence.kind,
            "summary": link.evidence.summary,
            "observed_on": "2017-03-01",
            "cites": [room.article.pk],
            "reason": "It repeats our story",
        },
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.outcome == Outcome.PENDING and claim.dependent_links == 1


# Pickers --------------------------------------------------------------------------------


def test_the_article_picker_finds_by_headline_outlet_date_and_address(client, fact_checker):
    nk = OutletFactory(name="Daily NK", slug="daily-nk")
    wire = OutletFactory(name="Wire Service", slug="wire")
    meth = ArticleFactory(
        outlet=nk,
        headline="Meth sold across the border",
        published_on=datetime.date(2016, 8, 25),
        url="https://example.org/meth-border",
    )
    rice = ArticleFactory(
        outlet=wire, headline="Rice prices climb", published_on=datetime.date(2017, 1, 3)
    )
    client.force_login(fact_checker)
    url = reverse("sources:pick_articles")

    def found(query):
        response = client.get(url, {"name": "cites", "multiple": "1", "cites_q": query})
        assert response.status_code == 200
        return {o["pk"] for o in response.context["widget"]["options"]}

    assert found("meth border") == {meth.pk}
    assert found("wire") == {rice.pk}
    assert found("2016-08") == {meth.pk}
    assert found("2017") == {rice.pk}
    assert found("example.org/meth") == {meth.pk}
    assert found("nothing-like-this") == set()
    # What was ticked stays in the list, ticked, whatever is typed.
    response = client.get(url, {"name": "cites", "cites_q": "rice", "cites": [meth.pk]})
    options = response.context["widget"]["options"]
    assert [(o["pk"], o["selected"]) for o in options] == [(meth.pk, True), (rice.pk, False)]
    assert f'value="{meth.pk}" checked' in response.content.decode()


def test_the_evidence_picker_searches_and_leaves_out_evidence_already_linked(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    linked = corroborate(claim).evidence
    linked.summary = "A Changbai court record of the seizure"
    linked.save()
    court = EvidenceFactory(summary="Another court record, from Dandong")
    client.force_login(fact_checker)
    response = client.get(
        reverse("sources:pick_evidence"),
        {"name": "existing", "existing_q": "court record", "claim": claim.pk},
    )
    assert [o["pk"] for o in response.context["widget"]["options"]] == [court.pk]


def test_a_picker_search_without_script_shows_matches_and_saves_nothing(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    story = ArticleFactory(headline="Wire copy of the meth story")
    client.force_login(fact_checker)
    response = client.post(
        reverse("sources:claim_link_evidence", args=[claim.pk]),
        {"relation": "", "cites_q": "wire copy", "pick": "cites"},
    )
    assert response.status_code == 200
    assert response.context["link_form"].errors == {}
    html = response.content.decode()
    assert f'<input type="checkbox" name="cites" value="{story.pk}">' in html
    assert EvidenceLink.objects.count() == 0


def test_the_claim_page_shows_a_dependent_links_chain_of_articles(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    wire = ArticleFactory(headline="Wire rewrite")
    blog = ArticleFactory(headline="Blog post quoting the wire")
    services.article_cite(article=wire, cited=[room.article])
    services.article_cite(article=blog, cited=[wire])
    services.evidence_link(
        claim=claim, evidence=EvidenceFactory(article=blog), relation=Relation.CORROBORATES
    )
    client.force_login(fact_checker)
    html = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    chain = html[html.index("The chain of citations") :]
    chain = chain[: chain.index("</p>")]
    positions = [
        chain.index(reverse("sources:article_detail", args=[a.pk]))
        for a in (blog, wire, room.article)
    ]
    assert positions == sorted(positions)
    assert "this claim's story" in chain


# Articles and citations -----------------------------------------------------------------


def test_a_reporter_corrects_their_article_and_its_claims_move_year(client, reporter):
    room = newsroom(reporter=reporter)
    claim = file_claim(room, "A claim.")
    corroborate(claim)
    client.force_login(reporter)
    url = reverse("sources:article_edit", args=[room.article.pk])
    response = client.post(
        url,
        {
            "outlet": room.outlet.pk,
            "headline": room.article.headline,
            "published_on": "2015-08-25",
            "byline": "",
            "url": "",
            "body": "",
            "reason": "Wrong year",
        },
    )
    assert response.status_code == 302
    room.larch.rollup.refresh_from_db()
    assert list(room.larch.rollup.by_year) == ["2015"]


def test_fact_checkers_correct_outside_articles_only(client, fact_checker):
    room = newsroom(reporter=UserFactory(username="rita", roles=[roles.REPORTER]))
    outside = ArticleFactory(headline="A wire story")
    client.force_login(fact_checker)
    assert client.get(reverse("sources:article_edit", args=[outside.pk])).status_code == 200
    assert client.get(reverse("sources:article_edit", args=[room.article.pk])).status_code == 403
    # Nor is the byline offered to someone who may see no staff names.
    form = client.get(reverse("sources:article_edit", args=[outside.pk])).context["form"]
    assert "byline" not in form.fields


def test_an_outside_article_and_its_citations_make_a_link_stop_counting(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    blog = ArticleFactory(headline="A blog post about the border")
    corroborated = services.evidence_link(
        claim=claim, evidence=EvidenceFactory(article=blog), relation=Relation.CORROBORATES
    )
    assert corroborated.is_independent
    client.force_login(fact_checker)
    response = client.post(
        reverse("sources:article_outside"),
        {
            "url": "https://wire.example/meth",
            "new_outlet": "Wire Service",
            "published_on": "2016-08-26",
            "headline": "Wire copy of the Daily NK story",
            "cites": [room.article.pk],
            "cited_by": [blog.pk],
        },
    )
    assert response.status_code == 302
    wire = Article.objects.get(url="https://wire.example/meth")
    assert wire.outlet.name == "Wire Service" and wire.reporter is None
    assert list(wire.cites.all()) == [room.article]
    assert list(blog.cites.all()) == [wire]
    claim.refresh_from_db()
    assert claim.outcome == Outcome.PENDING and claim.dependent_links == 1
    # The same address twice is refused, naming the article on file.
    again = client.post(
        reverse("sources:article_outside"),
        {
            "url": "https://wire.example/meth",
            "outlet": room.outlet.pk,
            "published_on": "2016-08-26",
            "headline": "Again",
        },
    )
    assert again.status_code == 400
    # Removing the citation makes it count again.
    response = client.post(
        reverse("sources:article_citations", args=[wire.pk]),
        {"remove_cites": [room.article.pk], "reason": "It cites another story"},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.outcome == Outcome.CORROBORATED


def test_reporters_may_not_record_citations(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    assert client.get(reverse("sources:article_outside")).status_code == 403
    url = reverse("sources:article_citations", args=[room.article.pk])
    assert client.get(url).status_code == 403


# Sources --------------------------------------------------------------------------------


def test_a_reporter_adds_a_source_they_then_handle(client, reporter):
    client.force_login(reporter)
    response = client.post(
        reverse("sources:source_new"),
        {
            "codename": "  WILLOW ",
            "descriptor": "a trader in  Musan",
            "affiliation": Source.Affiliation.TRADER,
            "is_confidential": "on",
        },
    )
    assert response.status_code == 302
    willow = Source.objects.get(codename="WILLOW")
    assert willow.handler == reporter and willow.descriptor == "a trader in Musan"
    assert willow.rollup.claims == 0
    # A fact-checker may not add sources (a source names its handler).
    checker = UserFactory(username="fc", roles=[roles.FACT_CHECKER])
    client.force_login(checker)
    assert client.get(reverse("sources:source_new")).status_code == 403


def test_a_handler_retires_their_source_with_a_reason(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    url = reverse("sources:source_edit", args=[room.larch.pk])
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update({"status": "dormant", "reason": "Moved to Seoul", "is_confidential": "on"})
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    room.larch.refresh_from_db()
    assert room.larch.status == Source.Status.DORMANT
    assert "Moved to Seoul" in _reasons(room.larch)
    # Another desk's reporter does not learn the source exists.
    outsider = UserFactory(username="outsider", roles=[roles.REPORTER])
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_a_burned_source_cannot_be_edited_back_to_active(client, editor):
    room = newsroom()
    services.source_burn(source=room.birch, actor=editor, reason="Exposed")
    client.force_login(editor)
    form = client.get(reverse("sources:source_edit", args=[room.birch.pk])).context["form"]
    assert "status" not in form.fields


# The filed date ------------------------------------------------------------------------


def test_waiting_since_and_oldest_first_agree_on_the_articles_date(client, fact_checker):
    """Claims typed in later about older stories wait from their article's date."""
    room = newsroom()
    newer = file_claim(
        room,
        "Filed first, about a new story.",
        article=ArticleFactory(published_on=datetime.date(2017, 5, 1)),
    )
    older = file_claim(
        room,
        "Filed second, about an old story.",
        article=ArticleFactory(published_on=datetime.date(2015, 2, 1)),
    )
    assert newer.created_at <= older.created_at
    client.force_login(fact_checker)
    queue = list(client.get(reverse("sources:queue")).context["page"].object_list)
    assert [c.pk for c in queue[:2]] == [older.pk, newer.pk]
    home = client.get(reverse("sources:home")).context["oldest_waiting"]
    assert [c.pk for c in home[:2]] == [older.pk, newer.pk]
    html = client.get(reverse("sources:claim_detail", args=[older.pk])).content.decode()
    assert '<dt>Filed</dt><dd><time datetime="2015-02-01">' in html
    assert Claim.objects.oldest_first().first() == older
