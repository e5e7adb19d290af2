"""Error pages that match the site and never show debugging detail."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    """Render the 500 page without the request's context.

    Whatever broke the request (often the database) may break the context
    processors too, so this page asks nothing of them.
    """
    return HttpResponseServerError(loader.get_template("500.html").render({}))
