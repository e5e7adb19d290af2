"""Filing a story: the article form and its claim formset."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources.domain.vocab import Outcome
from sources.models import Article, Claim
from tests.factories import SourceFactory
from tests.views.pages_data import RYANGGANG, newsroom

pytestmark = pytest.mark.django_db

URL = reverse("sources:story_file")


def story_data(room, *claims, **overrides) -> dict:
    """Return the POST data for a story with the given claim rows (dicts of fields)."""
    data = {
        "story-outlet": room.outlet.pk,
        "story-headline": "Cadres trade meth across the border",
        "story-published_on": "2016-08-25",
        "story-byline": "Staff",
        "story-url": "https://example.org/meth",
        "story-body": "",
        "claims-TOTAL_FORMS": str(max(len(claims), 1)),
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "30",
        "file": "1",
    }
    for index, claim in enumerate(claims):
        row = {"credibility": "6", **claim}
        data.update({f"claims-{index}-{name}": value for name, value in row.items()})
    data.update(overrides)
    return data


def test_fact_checkers_may_not_file(client, fact_checker):
    client.force_login(fact_checker)
    assert client.get(URL).status_code == 403


def test_form_shows_article_and_two_claim_rows(client, reporter):
    newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.get(URL)
    assert response.status_code == 200
    assert len(response.context["claims"].forms) == 2
    html = response.content.decode()
    for field_id in ("id_story-headline", "id_claims-0-text", "id_claims-1-source"):
        assert f'<label for="{field_id}">' in html


def test_file_a_story_with_two_claims(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL,
        story_data(
            room,
            {
                "text": "Cadres bought 8 kg of crystal meth inland.",
                "source": room.larch.codename,
                "descriptor": "",
                "credibility": "3",
                "region": room.region.pk,
                "topics": [room.drugs.pk],
            },
            {
                "text": "They sold it in China for 14,000 RMB a kilogram.",
                "source": room.larch.codename,
                "descriptor": "the source",
                "credibility": "2",
                "event_start": "2016-08-01",
                "event_end": "2016-08-10",
            },
        ),
    )
    assert response.status_code == 302
    article = Article.objects.get(headline="Cadres trade meth across the border")
    assert response["Location"] == reverse("sources:article_detail", args=[article.pk])
    assert article.reporter == reporter
    claims = list(article.claims.order_by("id"))
    assert [(c.credibility, c.outcome, c.filed_by) for c in claims] == [
        (3, Outcome.PENDING, reporter),
        (2, Outcome.PENDING, reporter),
    ]
    assert [a.descriptor for c in claims for a in c.attributions.all()] == [
        RYANGGANG,
        "the source",
    ]
    assert list(claims[0].topics.all()) == [room.drugs]
    room.larch.rollup.refresh_from_db()
    assert room.larch.rollup.claims == 2
    page = client.get(response["Location"]).content.decode()
    assert "Filed “Cadres trade meth across the border” with 2 claims" in page


def test_a_claim_may_rest_on_two_sources(client, editor):
    room = newsroom()
    client.force_login(editor)
    response = client.post(
        URL,
        story_data(
            room,
            {
                "text": "Guards take bribes.",
                "source": room.larch.codename,
                "second_source": room.birch.codename,
                "second_descriptor": "a trader",
            },
        ),
    )
    assert response.status_code == 302
    claim = Claim.objects.get(text="Guards take bribes.")
    assert sorted(a.descriptor for a in claim.attributions.all()) == [RYANGGANG, "a trader"]


def test_errors_show_beside_their_fields_and_nothing_is_saved(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(
        URL,
        story_data(
            room,
            {"text": "Missing its source."},
            {
                "text": "Named twice.",
                "source": room.larch.codename,
                "second_source": room.larch.codename,
                "event_start": "2016-08-10",
                "event_end": "2016-08-01",
            },
            **{"story-headline": "", "story-url": "not a url"},
        ),
    )
    assert response.status_code == 400
    story, claims = response.context["story"], response.context["claims"]
    assert story.errors["headline"] == ["This field is required."]
    assert "url" in story.errors
    assert claims.forms[0].errors["source"] == ["This field is required."]
    assert claims.forms[1].errors["second_source"] == ["Name each source once per claim."]
    assert claims.forms[1].errors["event_end"] == ["The end cannot come before the start."]
    html = response.content.decode()
    assert 'id="id_claims-0-source_error"' in html
    assert 'id="id_story-headline_error"' in html
    assert "The story was not filed" in html
    assert Article.objects.count() == 1 and Claim.objects.count() == 0


def test_a_story_needs_at_least_one_claim(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    response = client.post(URL, story_data(room, {"text": "", "credibility": "6"}))
    assert response.status_code == 400
    assert "Add at least one claim." in response.content.decode()
    assert Article.objects.count() == 1


def test_a_source_the_reporter_may_not_see_is_refused(client, reporter):
    room = newsroom(reporter=reporter)
    hidden = SourceFactory(codename="HIDDEN")
    client.force_login(reporter)
    response = client.post(URL, story_data(room, {"text": "A claim.", "source": hidden.codename}))
    assert response.status_code == 400
    assert "source" in response.context["claims"].forms[0].errors
    assert Claim.objects.count() == 0


def test_add_another_claim_keeps_what_was_typed(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    data = story_data(
        room, {"text": "First claim.", "source": room.larch.codename, "topics": [room.drugs.pk]}
    )
    data.pop("file")
    data["add_claim"] = "1"
    response = client.post(URL, data)
    assert response.status_code == 200
    claims = response.context["claims"]
    assert len(claims.forms) == 2
    html = response.content.decode()
    assert "First claim." in html
    assert 'value="Cadres trade meth across the border"' in html
    assert Article.objects.count() == 1
    # The re-shown rows stay optional: filing now saves the one claim.
    response = client.post(
        URL, story_data(room, {"text": "First claim.", "source": room.larch.codename}, {})
    )
    assert response.status_code == 302


def test_suggest_attributions_from_the_pasted_text(client, reporter):
    room = newsroom(reporter=reporter)
    client.force_login(reporter)
    body = (
        "Cadres bought 8 kg of meth inland, a source in Ryanggang Province said. "
        "The weather was fine."
    )
    data = story_data(room, {"text": "", "credibility": "6"}, **{"story-body": body})
    data.pop("file")
    data["suggest"] = "1"
    response = client.post(URL, data)
    assert response.status_code == 200
    suggestions = response.context["suggestions"]
    assert [s["descriptor"] for s in suggestions] == [RYANGGANG]
    assert suggestions[0]["source_id"] == room.larch.pk
    first = response.context["claims"].forms[0]
    assert first.initial["descriptor"] == RYANGGANG
    assert "Cadres bought 8 kg of meth inland" in first.initial["text"]
    assert first.initial["source"] == room.larch.codename
    html = response.content.decode()
    assert "Attributions found in the text" in html
    assert 'name="claims-0-source" value="LARCH"' in html


@pytest.mark.parametrize("sources", [3, 10])
def test_form_in_fixed_queries(client, editor, sources, django_assert_num_queries):
    room = newsroom()
    for _ in range(sources):
        SourceFactory()
    client.force_login(editor)
    # 10, not 15: the source fields are codename boxes, not two selects per
    # row (four queries); outlets, regions and topics are read once, not once
    # per row. The suggestions (three queries: codenames, descriptors and the
    # start of their window) and the reference tables then come from the
    # cache: 4 on the next visit.
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert response.status_code == 200
    assert f'<option value="{room.larch.codename}">' in response.content.decode()
    with django_assert_num_queries(4):
        again = client.get(URL).content.decode()
    assert f'<option value="{room.outlet.pk}">Daily NK</option>' in again
    assert f'<option value="{room.larch.codename}">' in again


def test_story_file_saves_all_or_nothing(reporter):
    from django.core.exceptions import ValidationError

    from sources import services

    room = newsroom(reporter=reporter)
    good = services.ClaimSpec(
        text="Good claim.", attributions=[services.AttributionSpec(source=room.larch)]
    )
    twice = services.ClaimSpec(
        text="Names LARCH twice.",
        attributions=[
            services.AttributionSpec(source=room.larch),
            services.AttributionSpec(source=room.larch),
        ],
    )
    with pytest.raises(ValidationError):
        services.story_file(
            outlet=room.outlet,
            headline="Half a story",
            published_on=room.article.published_on,
            claims=[good, twice],
            actor=reporter,
        )
    assert not Article.objects.filter(headline="Half a story").exists()
    assert Claim.objects.count() == 0
