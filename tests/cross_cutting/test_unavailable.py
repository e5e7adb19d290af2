"""A lost database answers 503 with a plain page (JSON for the API), never a 500 traceback.

The views here stand in for any page whose query meets a dropped connection:
one raises in the view (the middleware answers), one while its response is
rendered (the 500 handler answers). ``make faults`` does the same with a real
PostgreSQL restart (docs/deploy.md).
"""

from __future__ import annotations

import pytest
from django.db import InterfaceError, OperationalError
from django.template.response import SimpleTemplateResponse
from django.urls import include, path

import newsroom.urls


def _lost_in_view(request):
    raise OperationalError("server closed the connection unexpectedly")


class _LostWhileRendering(SimpleTemplateResponse):
    @property
    def rendered_content(self):
        raise InterfaceError("connection already closed")


def _lost_in_render(request):
    return _LostWhileRendering("503.html")


def _broken(request):
    raise ValueError("a bug, not an outage")


urlpatterns = [
    path("lost/view/", _lost_in_view),
    path("lost/render/", _lost_in_render),
    path("api/lost/", _lost_in_view),
    path("broken/", _broken),
    path("", include(newsroom.urls)),
]
handler500 = newsroom.urls.handler500


@pytest.fixture
def lost_client(client, settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("url", ["/lost/view/", "/lost/render/"])
def test_a_lost_database_is_a_503_page_that_needs_no_database(lost_client, url):
    response = lost_client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5" and response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Back in a moment" in html and "Traceback" not in html
    assert "server closed" not in html and "already closed" not in html


def test_the_api_hears_of_it_in_json(lost_client):
    response = lost_client.get("/api/lost/")
    assert response.status_code == 503
    assert response.json() == {"detail": "The database is unavailable; try again shortly."}


def test_any_other_error_stays_a_500(lost_client):
    response = lost_client.get("/broken/")
    assert response.status_code == 500
    assert "Back in a moment" not in response.content.decode()
