"""The API's JSON parser: bounded in size and depth, and strict about keys.

DRF's own parser hands the body to ``json.loads`` as it is: a body nested a
hundred thousand levels deep raises ``RecursionError`` (a 500), a 2 MB body
is read whole, and ``{"text": "a", "text": "b"}`` silently keeps the last
value. Here each of those is a 4xx that says what was wrong.
"""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError
from rest_framework.parsers import JSONParser

# No request the API takes comes near these: a claim with its attributions is a few kB.
MAX_BODY_BYTES = 1024 * 1024
MAX_DEPTH = 16
TOO_DEEP = f"The JSON is nested too deeply; at most {MAX_DEPTH} levels."


class BodyTooLarge(APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"The request body is larger than {MAX_BODY_BYTES // 1024} kB."
    default_code = "body_too_large"


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        self.key = key
        super().__init__(key)


def _refuse_duplicates(pairs: list[tuple[str, object]]) -> dict:
    """Build an object, refusing a key given twice (``json`` would keep the last silently)."""
    result: dict = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def depth(value) -> int:
    """Return how deeply ``value`` nests lists and objects (a scalar is 0), without recursion."""
    deepest = 0
    pending = [(value, 1)]
    while pending:
        item, level = pending.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            deepest = max(deepest, level)
            pending.extend((child, level + 1) for child in item)
    return deepest


class StrictJSONParser(JSONParser):
    """Parse a JSON body of at most ``MAX_BODY_BYTES``, nested at most ``MAX_DEPTH`` deep."""

    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        body = stream.read(MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > MAX_BODY_BYTES:
            raise BodyTooLarge()
        try:
            text = codecs.decode(body, encoding)
        except UnicodeDecodeError as error:
            raise ParseError(f"The body is not {encoding} text (byte {error.start}).") from None
        try:
            data = json.loads(
                text, object_pairs_hook=_refuse_duplicates, parse_constant=_refuse_constant
            )
        except _DuplicateKey as duplicate:
            raise ParseError(
                {duplicate.key: ["Given twice in one object; send each field once."]}
            ) from None
        except RecursionError:
            raise ParseError(
                f"The JSON is nested too deeply; at most {MAX_DEPTH} levels."
            ) from None
        except ValueError as error:
            raise ParseError(f"JSON parse error - {error}") from None
        if depth(data) > MAX_DEPTH:
            raise ParseError(TOO_DEEP)
        return data
