"""The API's limits: body size and depth, keys given once, the forms' text limits, 4xx for refusals.

The table in tests/security/test_bad_input.py covers every surface; these
pin down the parser, the exception handler and the page numbers themselves.
"""

from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import ParseError

from sources.api.errors import exception_handler
from sources.api.parsers import MAX_BODY_BYTES, MAX_DEPTH, StrictJSONParser, depth
from sources.domain.text import CLAIM_TEXT_MAX
from sources.models import Claim
from sources.services import Conflict

pytestmark = pytest.mark.django_db


def _parse(raw: bytes):
    return StrictJSONParser().parse(io.BytesIO(raw), parser_context={"encoding": "utf-8"})


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 0), ("x", 0), ([], 1), ({}, 1), ({"a": [1, {"b": []}]}, 4), ([[[[]]]], 4)],
)
def test_depth_counts_nested_lists_and_objects(value, expected):
    assert depth(value) == expected


def test_the_parser_takes_json_up_to_its_depth_and_refuses_deeper():
    ok = "[" * MAX_DEPTH + "]" * MAX_DEPTH
    assert depth(_parse(ok.encode())) == MAX_DEPTH
    too_deep = "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)
    with pytest.raises(ParseError, match="nested too deeply"):
        _parse(too_deep.encode())
    with pytest.raises(ParseError, match="nested too deeply"):
        _parse(("[" * 200_000 + "]" * 200_000).encode())


def test_the_parser_refuses_a_key_given_twice_naming_it():
    with pytest.raises(ParseError) as refused:
        _parse(b'{"text": "a", "nested": {"x": 1, "x": 2}}')
    assert set(refused.value.detail) == {"x"}


def test_the_parser_refuses_nan_and_text_that_is_not_utf8():
    with pytest.raises(ParseError):
        _parse(b'{"value": NaN}')
    with pytest.raises(ParseError, match="not utf-8 text"):
        _parse(b'{"text": "\xff"}')


def test_a_body_over_the_limit_is_413(as_reporter, newsroom):
    body = json.dumps({"text": "x" * MAX_BODY_BYTES}).encode()
    response = as_reporter.generic("POST", "/api/claims/", body, content_type="application/json")
    assert response.status_code == 413
    assert not Claim.objects.filter(text__startswith="xxxx").exists()


def test_claim_text_has_the_forms_limit(as_reporter, newsroom):
    body = {
        "article": newsroom.article.pk,
        "attributions": [{"source": newsroom.reporter_source.pk}],
        "text": "x" * CLAIM_TEXT_MAX,
    }
    assert as_reporter.post("/api/claims/", body, format="json").status_code == 201
    response = as_reporter.post(
        "/api/claims/", {**body, "text": "y" * (CLAIM_TEXT_MAX + 1)}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"text"}


def test_a_form_encoded_post_is_still_read(as_reporter, newsroom):
    """The strict JSON parser replaces DRF's, beside the form parsers, not instead of them."""
    data = {"article": newsroom.article.pk, "text": "a\x07b"}
    response = as_reporter.post("/api/claims/", data)  # multipart, the test client's default
    assert response.status_code == 400
    assert "text" in response.json()


def test_service_refusals_become_400_by_field_and_409_with_the_message():
    answer = exception_handler(DjangoValidationError({"source": "Already burned."}), {})
    assert (answer.status_code, answer.data) == (400, {"source": ["Already burned."]})
    answer = exception_handler(DjangoValidationError("Nothing to do."), {})
    assert (answer.status_code, answer.data) == (400, {"non_field_errors": ["Nothing to do."]})
    answer = exception_handler(Conflict("Linked meanwhile; reload."), {})
    assert (answer.status_code, answer.data) == (409, {"detail": "Linked meanwhile; reload."})


@pytest.mark.parametrize("page", ["0", "-1", "abc", "9" * 20, "1\x00"])
def test_a_malformed_page_number_is_400_naming_page(as_editor, newsroom, page):
    response = as_editor.get("/api/claims/", {"page": page})
    assert response.status_code == 400
    assert set(response.json()) == {"page"}


def test_a_page_past_the_last_is_still_404_and_last_is_accepted(as_editor, newsroom):
    assert as_editor.get("/api/claims/", {"page": 99}).status_code == 404
    response = as_editor.get("/api/claims/", {"page": "last"})
    assert response.status_code == 200
    assert response.json()["count"] == 3
