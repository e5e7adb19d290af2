"""The fact-checking queue: what is left, filtered, sorted and paginated."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources import roles, services
from sources.domain.vocab import Outcome, Relation
from sources.models import Claim
from tests.factories import ArticleFactory, UserFactory
from tests.views.pages_data import corroborate, file_claim, file_claims, newsroom

pytestmark = pytest.mark.django_db

URL = reverse("sources:queue")


def texts(response) -> list[str]:
    return [claim.text for claim in response.context["page"].object_list]


def test_queue_lists_pending_and_disputed_oldest_first(client, fact_checker):
    room = newsroom()
    pending = file_claim(room, "Pending claim.")
    settled = file_claim(room, "Settled claim.")
    disputed = file_claim(room, "Disputed claim.")
    corroborate(settled)
    corroborate(disputed)
    corroborate(disputed, relation=Relation.CONTRADICTS)
    client.force_login(fact_checker)
    response = client.get(URL)
    assert response.status_code == 200
    assert texts(response) == [pending.text, disputed.text]
    html = response.content.decode()
    assert "Settled claim." not in html
    assert 'class="badge disputed"' in html


def test_priority_puts_disputed_then_likeliest_first(client, fact_checker):
    room = newsroom()
    file_claim(room, "Old, credibility 5.", credibility=5)
    file_claim(room, "Newer, credibility 2.", credibility=2)
    disputed = file_claim(room, "Newest, disputed.", credibility=6)
    corroborate(disputed)
    corroborate(disputed, relation=Relation.CONTRADICTS)
    client.force_login(fact_checker)
    assert texts(client.get(URL, {"order": "priority"})) == [
        "Newest, disputed.",
        "Newer, credibility 2.",
        "Old, credibility 5.",
    ]
    assert texts(client.get(URL, {"order": "oldest"}))[0] == "Old, credibility 5."


def test_filters_region_topic_letter_and_reporter(client, fact_checker):
    rita = UserFactory(username="rita", roles=[roles.REPORTER])
    room = newsroom(reporter=rita)
    file_claim(room, "Ryanggang drugs.", region=room.region, topics=[room.drugs])
    file_claim(room, "Hamgyong border.", region=room.other_region, topics=[room.border])
    other_article = ArticleFactory(outlet=room.outlet)
    file_claim(room, "Birch, no reporter.", source=room.birch, article=other_article)
    # Give BIRCH a record good enough for a letter other than F.
    for n in range(6):
        corroborate(file_claim(room, f"Birch old claim {n}.", source=room.birch))
    birch_letter = room.birch.rollup.__class__.objects.get(source=room.birch).letter
    assert birch_letter != "F"
    client.force_login(fact_checker)
    assert texts(client.get(URL, {"region": room.region.pk})) == ["Ryanggang drugs."]
    assert texts(client.get(URL, {"topic": room.border.pk})) == ["Hamgyong border."]
    assert texts(client.get(URL, {"letter": birch_letter})) == ["Birch, no reporter."]
    # Fact-checkers never see who reported a claim, so they get no reporter filter.
    response = client.get(URL, {"reporter": rita.pk})
    assert "reporter" not in response.context["filter"].form.fields
    assert "rita" not in response.content.decode()
    assert len(texts(response)) == 3
    client.force_login(UserFactory(username="desk-editor", roles=[roles.EDITOR]))
    assert texts(client.get(URL, {"reporter": rita.pk})) == ["Ryanggang drugs.", "Hamgyong border."]


def test_filtered_empty_state_and_plain_empty_state(client, fact_checker):
    room = newsroom()
    file_claim(room, "A claim.", region=room.region)
    client.force_login(fact_checker)
    html = client.get(URL, {"region": room.other_region.pk}).content.decode()
    assert "No claims match these filters" in html
    Claim.objects.all().delete()
    html = client.get(URL).content.decode()
    assert "The queue is empty" in html


def test_invalid_filter_value_is_reported_beside_the_field(client, fact_checker):
    client.force_login(fact_checker)
    response = client.get(URL, {"region": "999999"})
    assert response.status_code == 200
    assert 'id="id_region_error"' in response.content.decode()


def test_queue_is_paginated_and_keeps_filters(client, fact_checker):
    room = newsroom()
    file_claims(room, 30, region=room.region)
    client.force_login(fact_checker)
    response = client.get(URL, {"region": room.region.pk})
    page = response.context["page"]
    assert (len(page.object_list), page.paginator.count, page.paginator.num_pages) == (25, 30, 2)
    html = response.content.decode()
    assert f"region={room.region.pk}&amp;page=2" in html
    second = client.get(URL, {"region": room.region.pk, "page": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [3, 10])
def test_queue_in_fixed_queries(client, fact_checker, rows, django_assert_num_queries):
    rita = UserFactory(username="rita", roles=[roles.REPORTER])
    room = newsroom(reporter=rita)
    file_claims(room, rows, region=room.region, topics=[room.drugs])
    services.claim_file(
        article=room.article,
        text="Also on BIRCH.",
        attributions=[services.AttributionSpec(source=room.birch)],
    )
    client.force_login(fact_checker)
    # Nine: fact-checkers get no reporter filter, so no list of reporters is loaded.
    with django_assert_num_queries(9):
        response = client.get(URL, {"region": room.region.pk, "order": "priority", "letter": "F"})
    assert response.context["page"].paginator.count == rows
    assert all(c.outcome == Outcome.PENDING for c in response.context["page"].object_list)


def test_waiting_since_is_the_day_the_claims_article_was_published(client, fact_checker):
    # A claim loaded today (an import, the demo) about a 2016 article waits since 2016.
    room = newsroom()
    claim = file_claim(room, "Cadres bought 8 kg of crystal meth inland.")
    assert claim.created_at.date() != room.article.published_on
    client.force_login(fact_checker)
    html = client.get(URL).content.decode()
    assert '<td data-label="Waiting since"><time datetime="2016-08-25">25 Aug 2016</time></td>' in (
        html
    )
    assert claim.created_at.strftime("%-d %b %Y") not in html
