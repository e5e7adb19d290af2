"""Editors' forecasts: for open claims, in whole percentages, append-only everywhere."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sources import permissions, roles, services
from sources.models import Forecast
from tests.factories import UserFactory
from tests.reports_fixture import build_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    return build_ledger()


def test_an_editor_records_a_forecast_for_an_open_claim(ledger):
    ed = ledger.users["ed"]
    forecast = services.forecast_record(claim=ledger.claims["C5"], author=ed, percent=65)
    assert (forecast.claim, forecast.author, forecast.percent) == (ledger.claims["C5"], ed, 65)
    assert timezone.now() - forecast.made_at < datetime.timedelta(minutes=1)
    # Changing one's mind is a second forecast; the first stays as it was.
    services.forecast_record(claim=ledger.claims["C5"], author=ed, percent=40)
    assert list(Forecast.objects.order_by("pk").values_list("percent", flat=True)) == [65, 40]


@pytest.mark.parametrize("percent", [-1, 101, 55.5, "60", True])
def test_a_forecast_is_a_whole_percentage(ledger, percent):
    with pytest.raises(ValidationError) as refused:
        services.forecast_record(
            claim=ledger.claims["C5"], author=ledger.users["ed"], percent=percent
        )
    assert "percent" in refused.value.message_dict
    assert not Forecast.objects.exists()


def test_a_settled_claim_takes_no_live_forecast_but_an_import_keeps_its_time(ledger):
    settled = ledger.claims["C1"]  # corroborated
    with pytest.raises(ValidationError) as refused:
        services.forecast_record(claim=settled, author=ledger.users["ed"], percent=80)
    assert "hindsight" in refused.value.message_dict["claim"][0]
    earlier = timezone.now() - datetime.timedelta(days=900)
    kept = services.forecast_record(
        claim=settled, author=ledger.users["ed"], percent=80, made_at=earlier
    )
    assert kept.made_at == earlier
    with pytest.raises(ValidationError):
        services.forecast_record(
            claim=settled,
            author=ledger.users["ed"],
            percent=80,
            made_at=timezone.now() + datetime.timedelta(days=1),
        )


def test_no_service_changes_or_deletes_a_forecast():
    names = {name for name in services.__all__ if "forecast" in name}
    assert names == {"forecast_record"}


def test_the_admin_only_reads_forecasts(client, ledger):
    forecast = services.forecast_record(
        claim=ledger.claims["C5"], author=ledger.users["ed"], percent=30
    )
    admin = UserFactory(username="boss", roles=[roles.ADMIN], is_staff=True, is_superuser=True)
    for predicate in (permissions.can_admin_add, permissions.can_admin_change):
        assert not predicate(viewer=admin, obj=Forecast)
    assert not permissions.can_admin_delete(viewer=admin, obj=forecast)
    assert permissions.can_admin_view(viewer=admin, obj=forecast)
    client.force_login(admin)
    change = reverse("admin:sources_forecast_change", args=[forecast.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="percent"' not in page.content.decode()
    assert client.post(change, {"percent": 99}).status_code == 403
    delete = reverse("admin:sources_forecast_delete", args=[forecast.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:sources_forecast_add")).status_code == 403
    assert Forecast.objects.get().percent == 30


def test_the_claim_page_takes_a_forecast_from_editors_only(client, ledger, fact_checker):
    claim = ledger.claims["C5"]
    url = reverse("sources:claim_forecast", args=[claim.pk])
    client.force_login(fact_checker)
    assert client.post(url, {"percent": 50}).status_code == 403
    client.force_login(ledger.users["ed"])
    back = reverse("sources:vet") + f"?claim={claim.pk}"
    response = client.post(url, {"percent": 50, "next": back})
    assert response.status_code == 302 and response["Location"] == back
    too_big = client.post(url, {"percent": 150})
    assert too_big.status_code == 400
    assert "between 0 and 100%." in too_big.content.decode()
    settled = reverse("sources:claim_forecast", args=[ledger.claims["C1"].pk])
    refused = client.post(settled, {"percent": 50})
    assert refused.status_code == 400 and "hindsight" in refused.content.decode()
    assert list(Forecast.objects.values_list("percent", flat=True)) == [50]
    page = client.get(reverse("sources:claim_detail", args=[claim.pk])).content.decode()
    assert "<strong>50%</strong> that it will be confirmed" in page


def test_the_vet_page_offers_the_forecast_once_the_claim_is_given(client, ledger, fact_checker):
    claim = ledger.claims["C5"]
    url = reverse("sources:vet") + f"?claim={claim.pk}"
    action = reverse("sources:claim_forecast", args=[claim.pk])
    client.force_login(ledger.users["ed"])
    body = client.get(url).content.decode()
    assert f"Your forecast for claim {claim.pk}" in body and f'action="{action}"' in body
    settled = client.get(reverse("sources:vet") + f"?claim={ledger.claims['C1'].pk}")
    assert "would be hindsight" in settled.content.decode()
    client.force_login(fact_checker)
    assert f'action="{action}"' not in client.get(url).content.decode()
