"""OpenAPI details drf-spectacular cannot infer: the error answers every operation may give.

Documenting them lets clients (and the schemathesis run in the suite) rely on
the schema for failures as well as successes.
"""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

# A query or path value is one line of text (sources.domain.text): no C0 or C1
# control character. Saying so in the schema tells clients what a 400 will refuse.
ONE_LINE_PATTERN = "^[^\\u0000-\\u001f\\u007f-\\u009f]*$"


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class ApiAutoSchema(AutoSchema):
    """Add the 400/401/403/404 answers to each operation that can give them."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        for parameter in operation.get("parameters", []):
            schema = parameter.get("schema", {})
            if parameter.get("in") in ("query", "path") and _free_text(schema):
                schema["pattern"] = ONE_LINE_PATTERN
        responses = operation.setdefault("responses", {})
        errors = {
            "401": "No valid credentials: send `Authorization: Token <key>` or sign in.",
            "403": "Your role may not do this.",
        }
        has_parameters = any(
            p.get("in") in ("query", "path") for p in operation.get("parameters", [])
        )
        if "{" in self.path or has_parameters:
            errors["404"] = "No such row among those you may see, or no such page."
        for code, description in errors.items():
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code)
                response["description"] = description
                responses[code] = response
        if (has_parameters or self.method in ("POST", "PUT", "PATCH")) and "400" not in responses:
            responses["400"] = {
                "description": "The request is invalid; each field lists what is wrong.",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": {
                                "oneOf": [
                                    {"type": "array", "items": {}},
                                    {"type": "string"},
                                    {"type": "object"},
                                ]
                            },
                        }
                    }
                },
            }
        return operation


def _free_text(schema: dict) -> bool:
    """Return whether a parameter's schema is a plain string with no other constraint."""
    return schema.get("type") == "string" and not {"enum", "format", "pattern"} & set(schema)
