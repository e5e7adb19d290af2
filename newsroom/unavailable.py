"""Answer 503 with a plain page while the database cannot be reached, never a traceback.

A PostgreSQL restart or failover drops every connection: requests in flight
fail with ``OperationalError`` or ``InterfaceError``. Those requests get a
short "try again" page with status 503 and ``Retry-After``; nothing is
half-written, because every write is one transaction that the server rolls
back when its connection goes. The next request opens a fresh connection
(``CONN_HEALTH_CHECKS`` replaces a kept one that the server dropped), so the
site recovers by itself once the database is back.
"""

from __future__ import annotations

import json
import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

logger = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def is_database_error(error: BaseException | None) -> bool:
    """Return whether ``error`` (or what caused it) means the database could not be reached."""
    seen = 0
    while error is not None and seen < 5:
        if isinstance(error, DATABASE_ERRORS):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def unavailable_response(request) -> HttpResponse:
    """Return the 503 answer: JSON for the API, else a page that needs no database."""
    if request is not None and request.path.startswith("/api/"):
        body = json.dumps({"detail": "The database is unavailable; try again shortly."})
        response = HttpResponse(body, status=503, content_type="application/json")
    else:
        # No request context: the context processors would ask the database again.
        response = HttpResponse(loader.get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    # Logged once, as a warning line, by the caller: not again with a traceback per request.
    response._has_been_logged = True
    return response


class DatabaseUnavailableMiddleware:
    """Turn a view's lost database connection into the 503 page, logged as one line."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_error(exception):
            return None
        logger.warning(
            "Database unavailable for %s %s: %s", request.method, request.path, exception
        )
        return unavailable_response(request)
