"""How the API answers what a service or a model refuses: a clear 4xx, never a 500.

DRF answers its own exceptions, ``Http404`` and Django's ``PermissionDenied``.
This adds the two the services raise: a Django ``ValidationError`` becomes a
400 keyed by field, exactly as a serializer's would be, and a
``services.Conflict`` (the record moved: someone decided first, the same link
landed twice) a 409 with its message.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sources.api.pagination import CheckedPageNumberPagination
from sources.api.parsers import StrictJSONParser
from sources.services.errors import Conflict


def exception_handler(exc, context):
    """Answer service refusals like DRF answers its own: 400 by field, 409 with a message."""
    if isinstance(exc, DjangoValidationError):
        detail = get_error_detail(exc)
        if isinstance(detail, list):
            detail = {"non_field_errors": detail}
        exc = ValidationError(detail)
    elif isinstance(exc, Conflict):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)


class HardenedAPIMixin:
    """What every API view shares: the strict JSON parser, the handler above, checked pages."""

    parser_classes = [StrictJSONParser, FormParser, MultiPartParser]
    pagination_class = CheckedPageNumberPagination

    def get_exception_handler(self):
        return exception_handler
