"""Forecasts in the API: listed for every newsroom role, recorded by editors, never changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sources import services
from sources.models import Forecast
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

LIST = reverse("api:forecast-list")


def test_an_editor_records_a_forecast_for_an_open_claim(as_editor, newsroom, editor):
    answer = as_editor.post(LIST, {"claim": newsroom.pending.pk, "percent": 70}, format="json")
    assert answer.status_code == 201, answer.content
    body = answer.json()
    assert (body["claim"], body["percent"], body["author"]) == (
        newsroom.pending.pk,
        70,
        editor.username,
    )
    assert Forecast.objects.get().author == editor


def test_a_settled_claim_or_a_bad_percentage_is_a_400(as_editor, newsroom):
    settled = as_editor.post(
        LIST, {"claim": newsroom.corroborated.pk, "percent": 70}, format="json"
    )
    assert settled.status_code == 400 and "claim" in settled.json()
    for percent in (-5, 101, "lots"):
        bad = as_editor.post(
            LIST, {"claim": newsroom.pending.pk, "percent": percent}, format="json"
        )
        assert bad.status_code == 400 and "percent" in bad.json()
    assert not Forecast.objects.exists()


def test_only_editors_record_forecasts(as_reporter, as_checker, newsroom):
    for client in (as_reporter, as_checker):
        answer = client.post(LIST, {"claim": newsroom.pending.pk, "percent": 70}, format="json")
        assert answer.status_code == 403
    assert not Forecast.objects.exists()


def test_no_forecast_is_ever_changed_or_deleted_through_the_api(as_editor, newsroom, editor):
    forecast = services.forecast_record(claim=newsroom.pending, author=editor, percent=20)
    detail = reverse("api:forecast-detail", args=[forecast.pk])
    assert as_editor.get(detail).status_code == 200
    assert as_editor.put(detail, {"claim": newsroom.pending.pk, "percent": 90}).status_code == 405
    assert as_editor.patch(detail, {"percent": 90}).status_code == 405
    assert as_editor.delete(detail).status_code == 405
    assert Forecast.objects.get().percent == 20


def test_fact_checkers_read_forecasts_without_the_editors_name(as_checker, newsroom, editor):
    services.forecast_record(claim=newsroom.pending, author=editor, percent=20)
    rows = as_checker.get(LIST, {"claim": newsroom.pending.pk}).json()["results"]
    assert [(row["percent"], row["author"]) for row in rows] == [(20, "newsroom staff")]
    assert editor.username not in as_checker.get(LIST).content.decode()


def test_the_list_costs_the_same_queries_however_many_forecasts(
    newsroom, editor, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(editor)
    services.forecast_record(claim=newsroom.pending, author=editor, percent=20)
    with CaptureQueriesContext(connection) as few:
        assert client.get(LIST).status_code == 200
    for percent in (30, 40, 50, 60):
        services.forecast_record(claim=newsroom.pending, author=editor, percent=percent)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(client.get(LIST).json()["results"]) == 5
