"""The story form's fixes from the walk-through (issue 16).

Figures on the form, rows that can be skipped or removed, a warning about
similar claims on file, a one-time token against double submits, and
suggestions that resolve back-references and ignore case.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sources.models import Article, Claim, Evidence, EvidenceLink, SubmitToken
from tests.factories import SourceFactory
from tests.views.pages_data import RYANGGANG, file_claim, newsroom
from tests.views.test_pages_story import story_data

pytestmark = pytest.mark.django_db

URL = reverse("sources:story_file")
TOKEN = "a-one-time-token-of-thirty-two-c"


def test_the_form_offers_a_token_and_figures_and_a_remove_box(client, reporter):
    newsroom(reporter=reporter)
    client.force_login(reporter)
    html = client.get(URL).content.decode()
    assert 'type="hidden" name="story-submit_token"' in html
    assert 'name="claims-0-quantities"' in html
    assert 'name="claims-1-DELETE"' in html and "Remove this claim" in html


def test_a_claims_figures_are_filed_with_it(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL,
        story_data(
            room,
            {
                "text": "Cadres bought 8 kg of crystal meth at 9,000 RMB/kg.",
                "source": "LARCH",
                "quantities": "8 kg; 9,000 RMB/kg (purchase price); 14,000 RMB/kg (sale price)",
            },
        ),
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert [(q.value, q.unit, q.label) for q in claim.quantities.order_by("id")] == [
        (Decimal("8"), "kg", ""),
        (Decimal("9000"), "RMB/kg", "purchase price"),
        (Decimal("14000"), "RMB/kg", "sale price"),
    ]


def test_unreadable_figures_are_refused_naming_them(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL, story_data(room, {"text": "A claim.", "source": "LARCH", "quantities": "kg 8"})
    )
    assert response.status_code == 400
    assert "“kg 8” is not a figure" in response.content.decode()
    assert not Article.objects.filter(headline="Cadres trade meth across the border").exists()


def test_a_row_whose_credibility_alone_was_changed_is_skipped(client, reporter):
    """The walk-through: a row could not be skipped once its credibility was changed."""
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL,
        story_data(room, {"text": "The one claim.", "source": "LARCH"}, {"credibility": "2"}),
    )
    assert response.status_code == 302
    assert Claim.objects.count() == 1


def test_a_removed_row_is_left_out_even_half_filled(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL,
        story_data(
            room,
            {"text": "The one claim.", "source": "LARCH"},
            {"text": "A second thought", "source": "NOSUCH", "DELETE": "on"},
        ),
    )
    assert response.status_code == 302
    assert list(Claim.objects.values_list("text", flat=True)) == ["The one claim."]


def test_similar_claims_on_file_are_shown_before_saving(client, reporter):
    room = newsroom(reporter=reporter)
    earlier = file_claim(room, "Security cadres bought 8 kg of crystal meth inland.")
    client.force_login(reporter)
    data = story_data(
        room,
        {"text": "Security cadres bought 8 kg of crystal meth inland.", "source": "LARCH"},
        **{"story-submit_token": TOKEN},
    )
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Similar claims already on file" in html
    assert reverse("sources:claim_detail", args=[earlier.pk]) in html
    assert "100% the same words" in html
    assert Article.objects.count() == 1  # only the earlier story
    response = client.post(URL, {**data, "confirm_similar": "1"})
    assert response.status_code == 302
    assert Article.objects.count() == 2


def test_an_unrelated_claim_files_without_a_warning(client, reporter):
    room = newsroom(reporter=reporter)
    file_claim(room, "Security cadres bought 8 kg of crystal meth inland.")
    client.force_login(reporter)
    response = client.post(
        URL, story_data(room, {"text": "Rice prices doubled in Musan.", "source": "LARCH"})
    )
    assert response.status_code == 302


def test_the_same_form_sent_twice_files_one_story_and_shows_it(client, reporter):
    """The double click: the second submit of the form finds the story the first filed."""
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    data = story_data(
        room, {"text": "Cadres sold meth.", "source": "LARCH"}, **{"story-submit_token": TOKEN}
    )
    first = client.post(URL, data)
    second = client.post(URL, data)
    assert Article.objects.filter(headline="Cadres trade meth across the border").count() == 1
    assert Claim.objects.count() == 1
    article = Article.objects.get(headline="Cadres trade meth across the border")
    assert first.status_code == second.status_code == 302
    assert (
        second["Location"]
        == first["Location"]
        == reverse("sources:article_detail", args=[article.pk])
    )
    page = client.get(second["Location"]).content.decode()
    assert "This story was filed already, once: here it is." in page
    assert SubmitToken.objects.get().object_id == article.pk


def test_a_refused_story_leaves_its_token_free_for_the_corrected_one(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    bad = story_data(
        room, {"text": "A claim.", "source": "NOSUCH"}, **{"story-submit_token": TOKEN}
    )
    assert client.post(URL, bad).status_code == 400
    good = story_data(
        room, {"text": "A claim.", "source": "LARCH"}, **{"story-submit_token": TOKEN}
    )
    assert client.post(URL, good).status_code == 302
    assert Claim.objects.count() == 1


def test_someone_elses_token_is_refused(client, reporter, editor):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    data = story_data(
        room, {"text": "A claim.", "source": "LARCH"}, **{"story-submit_token": TOKEN}
    )
    assert client.post(URL, data).status_code == 302
    client.force_login(editor)
    response = client.post(URL, {**data, "confirm_similar": "1"})
    assert response.status_code == 400
    assert "This form is out of date" in response.content.decode()
    assert Article.objects.filter(headline="Cadres trade meth across the border").count() == 1


def test_new_evidence_sent_twice_is_recorded_and_linked_once(client, fact_checker):
    room = newsroom()
    claim = file_claim(room, "A claim.")
    client.force_login(fact_checker)
    data = {
        "relation": "corroborates",
        "kind": Evidence.Kind.TESTIMONY,
        "summary": "A defector gives the same price.",
        "observed_on": "2017-03-01",
        "submit_token": TOKEN,
    }
    url = reverse("sources:claim_link_evidence", args=[claim.pk])
    assert client.post(url, data).status_code == 302
    second = client.post(url, data, follow=True)
    assert "This evidence was linked already, once" in second.content.decode()
    assert Evidence.objects.count() == 1 and EvidenceLink.objects.count() == 1


def _suggest(client, room, body):
    data = story_data(room, {"text": "", "credibility": "6"}, **{"story-body": body})
    data.pop("file")
    data["suggest"] = "1"
    return client.post(URL, data)


def test_the_source_is_the_source_already_named_not_a_new_descriptor(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    body = (
        "Cadres bought 8 kg of crystal meth, a source in Ryanggang Province said. "
        "The source added that it sold in China for 14,000 RMB per kilogram."
    )
    response = _suggest(client, room, body)
    found = response.context["suggestions"]
    assert [(s["printed"], s["descriptor"], s["codename"]) for s in found] == [
        (RYANGGANG, RYANGGANG, "LARCH"),
        ("The source", RYANGGANG, "LARCH"),
    ]
    second = response.context["claims"].forms[1]
    assert second.initial["descriptor"] == RYANGGANG
    assert second.initial["source"] == "LARCH"
    assert "the same source as “a source in Ryanggang Province”" in response.content.decode()


def test_a_descriptor_opening_a_sentence_matches_whatever_its_case(client, reporter):
    room = newsroom(reporter=reporter)
    SourceFactory(codename="ASPEN", descriptor="an additional source in Hyesan", handler=reporter)
    client.force_login(reporter)
    body = "An additional source in Hyesan said rice prices had doubled."
    found = _suggest(client, room, body).context["suggestions"]
    assert [(s["descriptor"], s["codename"]) for s in found] == [
        ("An additional source in Hyesan", "ASPEN")
    ]


def test_a_back_reference_to_a_source_the_text_never_named_is_not_a_descriptor(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    found = _suggest(client, room, "The source said prices fell.").context["suggestions"]
    assert all(s["descriptor"] == "" and s["codename"] == "" for s in found)
