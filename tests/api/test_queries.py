"""Every API list and report costs the same number of queries at any data size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import build_newsroom, client_for
from tests.api.test_permissions import LISTS

pytestmark = pytest.mark.django_db

REPORTS = [("api:report", by) for by in ("source", "descriptor", "region", "outlet", "year")]
ENDPOINTS = [(name, None) for name in LISTS] + REPORTS


def _size(body) -> int:
    """Return how much data an answer covers: rows, or claims counted in a report."""
    if "by" in body:
        return sum(row["claims"] for row in body["results"])
    return len(body["results"])


def _url(name, arg):
    return reverse(name, args=[arg]) if arg else reverse(name)


@pytest.mark.parametrize("user_fixture", ["reporter", "fact_checker"])
@pytest.mark.parametrize(("name", "arg"), ENDPOINTS, ids=lambda v: v)
def test_list_query_count_does_not_grow_with_the_data(
    request, django_assert_num_queries, reporter, editor, user_fixture, name, arg
):
    client = client_for(request.getfixturevalue(user_fixture))
    build_newsroom(reporter=reporter, editor=editor)
    with CaptureQueriesContext(connection) as small:
        first = client.get(_url(name, arg))
    assert first.status_code == 200

    for n in range(2, 4):
        build_newsroom(reporter=reporter, editor=editor, suffix=f"-{n}")
    with django_assert_num_queries(len(small.captured_queries)):
        bigger = client.get(_url(name, arg))
    assert bigger.status_code == 200
    # The second call really covered more data, so the equal count means something.
    assert _size(bigger.json()) > _size(first.json())
    assert len(small.captured_queries) <= 12
