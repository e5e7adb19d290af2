"""Error pages that match the site and never show debugging detail."""

import logging
import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from newsroom.unavailable import is_database_error, unavailable_response

logger = logging.getLogger(__name__)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Render the 500 page without the request's context.

    Whatever broke the request (often the database) may break the context
    processors too, so this page asks nothing of them. A lost database,
    wherever it surfaced (a middleware, a template), is a 503 "try again".
    """
    error = sys.exc_info()[1]
    if is_database_error(error):
        logger.warning("Database unavailable for %s: %s", request.path, error)
        return unavailable_response(request)
    return HttpResponseServerError(loader.get_template("500.html").render({}))
