"""ClaimReview JSON-LD: its structure, its ratings, and what it must never say."""

import json

import jsonschema
import pytest
from django.test import override_settings
from django.urls import reverse

from sources import services
from sources.api.serializers import CLAIM_REVIEW_SCHEMA
from sources.claimreview import claim_review, claim_review_queryset
from sources.domain.vocab import Outcome
from sources.models import Claim
from tests.api.conftest import IDENTITY_STRINGS, build_newsroom, client_for

pytestmark = pytest.mark.django_db

SITE = "https://ledger.example.org"


@pytest.fixture
def newsroom(reporter, editor):
    return build_newsroom(reporter=reporter, editor=editor)


def _decide(claim, outcome, editor):
    claim.refresh_from_db()
    services.verdict_decide(
        claim=claim,
        outcome=outcome,
        reason="Checked against the customs ledger.",
        decided_by=editor,
        expected_version=claim.version,
    )
    claim.refresh_from_db()
    return claim


def test_a_pending_claim_has_no_review(newsroom):
    assert newsroom.pending.outcome == Outcome.PENDING
    assert claim_review(newsroom.pending) is None


def test_a_corroborated_claim_gets_a_complete_review(newsroom):
    claim = newsroom.corroborated
    review = claim_review(claim, site_url=SITE)
    jsonschema.validate(review, CLAIM_REVIEW_SCHEMA)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == claim.text
    assert review["url"].startswith(SITE + "/")
    assert review["url"] == SITE + reverse("sources:claim_detail", args=[claim.pk])
    assert review["author"] == {"@type": "Organization", "name": "Source Ledger", "url": SITE + "/"}
    link = claim.links.get()
    assert review["datePublished"] == link.recorded_at.date().isoformat()
    assert review["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 5,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "Corroborated",
    }
    article = {
        "@type": "CreativeWork",
        "headline": "Security cadres trade crystal meth across the border",
        "datePublished": "2016-08-25",
        "url": "https://www.dailynk.com/english/cadres-meth/",
        "publisher": {
            "@type": "Organization",
            "name": "Daily NK",
            "url": "https://www.dailynk.com/english/",
        },
    }
    assert review["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "a source in Ryanggang Province"},
        "datePublished": "2016-08-25",
        "appearance": [article],
        "firstAppearance": article,
    }


def test_an_editors_verdict_sets_the_rating_and_the_date(newsroom):
    claim = newsroom.contradicted
    review = claim_review(claim, site_url=SITE)
    verdict = claim.verdicts.get()
    assert review["reviewRating"]["alternateName"] == "Contradicted"
    assert review["reviewRating"]["ratingValue"] == 1
    assert review["datePublished"] == verdict.decided_at.date().isoformat()


@pytest.mark.parametrize(
    ("outcome", "label", "value"),
    [
        (Outcome.CORROBORATED, "Corroborated", 5),
        (Outcome.PARTLY_CORROBORATED, "Partly corroborated", 4),
        (Outcome.DISPUTED, "Disputed", 3),
        (Outcome.UNVERIFIABLE, "Unverifiable", 3),
        (Outcome.CONTRADICTED, "Contradicted", 1),
        (Outcome.RETRACTED, "Retracted", 1),
    ],
)
def test_every_final_outcome_has_a_rating_and_its_own_name(newsroom, editor, outcome, label, value):
    claim = _decide(newsroom.pending, outcome, editor)
    rating = claim_review(claim)["reviewRating"]
    assert (rating["alternateName"], rating["ratingValue"]) == (label, value)
    assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]


def test_a_claim_on_two_sources_names_both_descriptors_and_no_codename(newsroom, editor):
    claim = _decide(newsroom.pending, Outcome.CORROBORATED, editor)
    review = claim_review(claim)
    assert review["itemReviewed"]["author"] == [
        {"@type": "Person", "name": "a source in Ryanggang Province"},
        {"@type": "Person", "name": "an additional source in Ryanggang Province"},
    ]
    text = json.dumps(review)
    for secret in ("ORCHID", "JUNIPER", *IDENTITY_STRINGS):
        assert secret not in text


@override_settings(
    CLAIMREVIEW={"ORGANIZATION": "Hyesan Desk Review", "SITE_URL": "https://review.example.net/"}
)
def test_the_reviewer_and_site_come_from_settings(newsroom):
    review = claim_review(newsroom.corroborated)
    assert review["author"]["name"] == "Hyesan Desk Review"
    assert review["url"].startswith("https://review.example.net/")
    assert "//" not in review["url"].removeprefix("https://")


def test_prefetched_reviews_match_and_cost_a_fixed_number_of_queries(
    newsroom, reporter, editor, django_assert_num_queries
):
    build_newsroom(reporter=reporter, editor=editor, suffix="-2")
    build_newsroom(reporter=reporter, editor=editor, suffix="-3")
    finals = Claim.objects.exclude(outcome=Outcome.PENDING)
    expected = {claim.pk: claim_review(claim, site_url=SITE) for claim in finals}
    assert len(expected) == 6
    # One query for the claims and one per prefetched relation, however many claims.
    with django_assert_num_queries(4):
        reviews = {
            claim.pk: claim_review(claim, site_url=SITE)
            for claim in claim_review_queryset(Claim.objects.all())
        }
    assert reviews == expected


def test_the_api_serves_one_review_and_refuses_a_pending_claim(editor, newsroom):
    client = client_for(editor)
    response = client.get(reverse("api:claim-claimreview", args=[newsroom.corroborated.pk]))
    assert response.status_code == 200
    assert response.json() == claim_review(newsroom.corroborated, site_url="http://testserver/")
    pending = client.get(reverse("api:claim-claimreview", args=[newsroom.pending.pk]))
    assert pending.status_code == 404
    assert "pending" in pending.json()["detail"]


def test_the_export_lists_every_final_claim_for_any_role(reporter, fact_checker, newsroom):
    for user in (reporter, fact_checker):
        body = client_for(user).get(reverse("api:claimreview-list")).json()
        assert body["count"] == 2
        reviewed = {review["claimReviewed"] for review in body["results"]}
        assert reviewed == {newsroom.corroborated.text, newsroom.contradicted.text}
        for review in body["results"]:
            jsonschema.validate(review, CLAIM_REVIEW_SCHEMA)
            assert "ORCHID" not in json.dumps(review)


def test_the_export_filters_like_the_claim_list(editor, newsroom):
    body = client_for(editor).get(reverse("api:claimreview-list"), {"outcome": "contradicted"})
    assert [r["claimReviewed"] for r in body.json()["results"]] == [newsroom.contradicted.text]
