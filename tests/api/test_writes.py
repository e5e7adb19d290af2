"""Writes through the API go through the services and answer like them."""

import pytest
from django.urls import reverse

from sources.domain.vocab import Outcome
from sources.models import Claim, EvidenceLink, LetterOverride, Verdict

pytestmark = pytest.mark.django_db


def _claim_body(newsroom, **overrides):
    body = {
        "article": newsroom.article.pk,
        "text": "State security cadres moved the meth under cover of patrols.",
        "attributions": [{"source": newsroom.reporter_source.pk}],
        "region": "ryanggang",
        "topics": ["drug-trade"],
        "credibility": 2,
        "event_start": "2016-08-01",
        "quantities": [{"value": "8", "unit": "kg", "label": "load"}],
        "external_id": "dnk-2016-08-25-4",
    }
    return {**body, **overrides}


def test_a_reporter_files_a_claim(as_reporter, reporter, newsroom):
    response = as_reporter.post(reverse("api:claim-list"), _claim_body(newsroom), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    claim = Claim.objects.get(pk=body["id"])
    assert claim.filed_by == reporter
    assert claim.outcome == body["outcome"] == Outcome.PENDING
    assert body["attributions"][0]["descriptor"] == "a source in Ryanggang Province"
    assert body["topics"] == ["drug-trade"]
    assert body["quantities"] == [{"value": "8.0000", "unit": "kg", "label": "load"}]
    # The service kept the source's record current in the same transaction.
    newsroom.reporter_source.rollup.refresh_from_db()
    assert newsroom.reporter_source.rollup.claims == 3


def test_a_claim_keeps_the_descriptor_as_published(as_reporter, newsroom):
    attributions = [{"source": newsroom.reporter_source.pk, "descriptor": "a Hyesan-based trader"}]
    response = as_reporter.post(
        reverse("api:claim-list"), _claim_body(newsroom, attributions=attributions), format="json"
    )
    assert response.json()["attributions"][0]["descriptor"] == "a Hyesan-based trader"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"attributions": []}, "attributions"),
        ({"text": ""}, "text"),
        ({"credibility": 9}, "credibility"),
        ({"region": "atlantis"}, "region"),
        ({"article": 999999}, "article"),
        ({"event_start": "not-a-date"}, "event_start"),
    ],
)
def test_bad_claims_are_refused_naming_the_field(as_reporter, newsroom, overrides, field):
    before = Claim.objects.count()
    response = as_reporter.post(
        reverse("api:claim-list"), _claim_body(newsroom, **overrides), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert Claim.objects.count() == before


def test_service_rules_come_back_as_400_and_write_nothing(as_reporter, newsroom):
    """The services refuse these, not the serializer: the answer still names the field."""
    before = Claim.objects.count()
    twice = [{"source": newsroom.reporter_source.pk}, {"source": newsroom.reporter_source.pk}]
    response = as_reporter.post(
        reverse("api:claim-list"), _claim_body(newsroom, attributions=twice), format="json"
    )
    assert response.status_code == 400
    assert "once per claim" in response.json()["attributions"][0]
    backwards = _claim_body(newsroom, event_start="2016-08-10", event_end="2016-08-01")
    response = as_reporter.post(reverse("api:claim-list"), backwards, format="json")
    assert response.status_code == 400
    assert Claim.objects.count() == before


def test_a_fact_checker_records_links_and_unlinks_evidence(as_checker, fact_checker, newsroom):
    response = as_checker.post(
        reverse("api:evidence-list"),
        {
            "kind": "testimony",
            "summary": "A defector described the same border handover.",
            "observed_on": "2017-03-01",
            "cites": [],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    evidence_id = response.json()["id"]
    assert response.json()["recorded_by"] == "checker"

    response = as_checker.post(
        reverse("api:link-list"),
        {"claim": newsroom.pending.pk, "evidence": evidence_id, "relation": "corroborates"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["is_independent"] is True
    newsroom.pending.refresh_from_db()
    assert newsroom.pending.outcome == Outcome.CORROBORATED

    again = as_checker.post(
        reverse("api:link-list"),
        {"claim": newsroom.pending.pk, "evidence": evidence_id, "relation": "contradicts"},
        format="json",
    )
    assert again.status_code == 400
    assert "already linked" in again.json()["evidence"][0]

    link_id = response.json()["id"]
    assert as_checker.delete(reverse("api:link-detail", args=[link_id])).status_code == 204
    assert not EvidenceLink.objects.filter(pk=link_id).exists()
    newsroom.pending.refresh_from_db()
    assert newsroom.pending.outcome == Outcome.PENDING


def test_evidence_from_the_claims_own_source_does_not_count(as_checker, newsroom):
    evidence = as_checker.post(
        reverse("api:evidence-list"),
        {
            "kind": "second_source",
            "summary": "The same source repeated the price a month later.",
            "observed_on": "2016-09-25",
            "source": newsroom.reporter_source.pk,
        },
        format="json",
    ).json()
    assert evidence["source"] == newsroom.reporter_source.pk
    link = as_checker.post(
        reverse("api:link-list"),
        {"claim": newsroom.pending.pk, "evidence": evidence["id"], "relation": "corroborates"},
        format="json",
    ).json()
    assert link["is_independent"] is False
    assert "source the claim rests on" in link["dependence_reason"]


def test_an_editor_decides_a_verdict_and_a_stale_one_gets_409(as_editor, editor, newsroom):
    claim = newsroom.pending
    url = reverse("api:verdict-list")
    body = {
        "claim": claim.pk,
        "outcome": "unverifiable",
        "reason": "No second source could reach the border town.",
        "expected_version": claim.version,
    }
    first = as_editor.post(url, body, format="json")
    assert first.status_code == 201, first.json()
    assert first.json()["decided_by"] == "editor"
    claim.refresh_from_db()
    assert (claim.outcome, claim.version) == (Outcome.UNVERIFIABLE, body["expected_version"] + 1)

    stale = as_editor.post(url, {**body, "outcome": "retracted"}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current_version"] == claim.version
    assert "Reload" in stale.json()["detail"]
    claim.refresh_from_db()
    assert claim.outcome == Outcome.UNVERIFIABLE
    assert Verdict.objects.filter(claim=claim).count() == 1


def test_a_verdict_needs_the_version_and_a_reason(as_editor, newsroom):
    response = as_editor.post(
        reverse("api:verdict-list"),
        {"claim": newsroom.pending.pk, "outcome": "corroborated", "reason": ""},
        format="json",
    )
    assert response.status_code == 400
    assert {"reason", "expected_version"} <= set(response.json())


def test_an_editor_records_and_replaces_a_letter(as_editor, newsroom):
    url = reverse("api:letter-list")
    key = str(newsroom.reporter_source.pk)
    body = {"group_kind": "source", "group_key": key, "letter": "B", "reason": "Long record."}
    assert as_editor.post(url, body, format="json").status_code == 201
    response = as_editor.post(url, {**body, "letter": "C"}, format="json")
    assert response.status_code == 201
    assert LetterOverride.objects.get(group_kind="source", group_key=key).letter == "C"
    report = as_editor.get(reverse("api:report", args=["source"])).json()
    row = next(r for r in report["results"] if r["key"] == key)
    assert row["recorded_letter"] == "C"


def test_a_letter_for_a_group_that_does_not_exist_is_refused(as_editor, newsroom):
    url = reverse("api:letter-list")
    for kind, key in (("source", "99999"), ("region", "atlantis"), ("descriptor", "nobody")):
        body = {"group_kind": kind, "group_key": key, "letter": "B", "reason": "Because."}
        response = as_editor.post(url, body, format="json")
        assert response.status_code == 400
        assert "group_key" in response.json()
    body = {"group_kind": "region", "group_key": "ryanggang", "letter": "Q", "reason": "x"}
    response = as_editor.post(url, body, format="json")
    assert response.status_code == 400 and "letter" in response.json()
    assert not LetterOverride.objects.filter(group_key__in=["99999", "atlantis", "nobody"]).exists()


def test_letters_for_unknown_sources_are_hidden_from_reporters(as_editor, as_reporter, newsroom):
    url = reverse("api:letter-list")
    for source in (newsroom.reporter_source, newsroom.other_source):
        body = {"group_kind": "source", "group_key": str(source.pk), "letter": "D", "reason": "x"}
        as_editor.post(url, body, format="json")
    assert as_editor.get(url).json()["count"] == 2
    keys = [row["group_key"] for row in as_reporter.get(url).json()["results"]]
    assert keys == [str(newsroom.reporter_source.pk)]


def test_claims_filter_by_outcome_region_topic_and_descriptor(as_editor, newsroom):
    url = reverse("api:claim-list")

    def ids(**params):
        return {row["id"] for row in as_editor.get(url, params).json()["results"]}

    assert ids(outcome="corroborated") == {newsroom.corroborated.pk}
    assert ids(verdict="contradicted") == {newsroom.contradicted.pk}
    assert ids(topic="drug-trade") == {newsroom.corroborated.pk}
    assert ids(region="ryanggang") == {newsroom.corroborated.pk, newsroom.contradicted.pk}
    assert ids(descriptor="additional") == {newsroom.contradicted.pk, newsroom.pending.pk}
    assert as_editor.get(url, {"outcome": "maybe"}).status_code == 400


def test_lists_are_paginated(as_editor, newsroom):
    page = as_editor.get(reverse("api:claim-list"), {"page": 1}).json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 3
    assert as_editor.get(reverse("api:claim-list"), {"page": 2}).status_code == 404
