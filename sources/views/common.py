"""Helpers the page views share: refusing a request, reading the query string, paginating.

``answers_refusals`` turns what a service or a query-string check refuses into
a clear 4xx page instead of a 500: a ``ValidationError`` is a 400 naming the
field, a ``services.Conflict`` a 409 saying what to do. ``PermissionDenied``
(403) and ``Http404`` are Django's own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import render

from sources import permissions
from sources.domain.text import MAX_PAGE, QUERY_TEXT_MAX
from sources.services.errors import Conflict
from sources.validators import check_number, check_text

PAGE_SIZE = 25


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    """Refuse the request with a 403 unless a ``permissions.can_*`` check allowed it."""
    if not allowed:
        raise PermissionDenied(message)


def newsroom_required(view: Callable) -> Callable:
    """Send anonymous visitors to the login page; refuse signed-in users without a role (403).

    Every newsroom page says so the same way, as reports and the API do:
    ``permissions.can_use_newsroom`` decides.
    """

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        require(
            permissions.can_use_newsroom(viewer=request.user),
            "These pages are for the newsroom: ask an admin for a role.",
        )
        return view(request, *args, **kwargs)

    return wrapped


class _CountedPaginator(Paginator):
    """A paginator told its count, for a list whose length is already known (a rollup's)."""

    def __init__(self, *args, count: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def paginate(request, queryset, *, per_page: int = PAGE_SIZE, count: int | None = None):
    """Return the requested page and the query string that keeps the other filters.

    ``count``, when the caller knows it, saves counting the whole list: at a
    source of 50,000 claims that count costs more than the rest of the page.
    """
    if count is None:
        paginator = Paginator(queryset, per_page)
    else:
        paginator = _CountedPaginator(queryset, per_page, count=count)
    page = paginator.get_page(query_page(request))
    others = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return page, urlencode(others)


def refusal_messages(error: ValidationError) -> dict[str, list[str]]:
    """Return a ValidationError's messages by field; ``__all__`` holds the general ones."""
    if hasattr(error, "error_dict"):
        return error.message_dict
    return {"__all__": error.messages}


def refused(request, *, status: int, errors: dict[str, list[str]], back: str = "/"):
    """Render the refusal page: what was wrong, field by field, with the given status."""
    return render(
        request,
        "sources/refused.html",
        {"status": status, "errors": errors, "back": back},
        status=status,
    )


def check_query(request, *, multiline: Iterable[str] = ()) -> None:
    """Refuse (400, naming the parameter) a query string holding a control character.

    Every parameter is one line of text except those named in ``multiline``
    (a pasted claim on the vet page). What a value means is the form's to
    judge; this only keeps NUL and its kind away from every query.
    """
    multiline = set(multiline)
    for name, values in request.GET.lists():
        check_text(name, field="query string", max_length=QUERY_TEXT_MAX)
        for value in values:
            check_text(value, field=name, multiline=name in multiline, max_length=len(value))


def answers_refusals(*, multiline_query: Iterable[str] = ()) -> Callable:
    """Return a decorator that answers a refused request with a 4xx page, never a 500.

    The query string is checked first (``check_query``). A ``ValidationError``
    (from a service, a model's ``full_clean`` or the query-string helpers
    below) becomes a 400 naming each field; a ``services.Conflict`` (someone
    else wrote first, or the same link landed twice) a 409 carrying its message.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            try:
                check_query(request, multiline=multiline_query)
                return view(request, *args, **kwargs)
            except ValidationError as error:
                return refused(request, status=400, errors=refusal_messages(error))
            except Conflict as conflict:
                return refused(request, status=409, errors={"__all__": [str(conflict)]})

        return wrapped

    return decorator


def query_text(request, name: str, *, max_length: int = QUERY_TEXT_MAX) -> str:
    """Return one line of text from the query string ("" when absent), or refuse it (400)."""
    return check_text(request.GET.get(name, ""), field=name, max_length=max_length)


def query_page(request, name: str = "page") -> int:
    """Return the page number asked for (1 when absent), or refuse a malformed one (400).

    A page past the last is the paginator's to handle (it shows the last); a
    NUL, a word or a 20-digit number is not a page.
    """
    given = request.GET.get(name, "").strip()
    if not given:
        return 1
    return check_number(given, field=name, minimum=1, maximum=MAX_PAGE)


def add_refusal(form, error: ValidationError) -> None:
    """Put a service's refusal on the form: on the field it names, else above the form.

    ``form.add_error(None, error)`` raises ValueError for a field the form
    does not have (a service names its own fields, such as ``attributions``),
    which would turn a refusal into a 500. A hidden field's refusal (the
    one-time token) goes above the form, where it can be read.
    """
    for field, messages in refusal_messages(error).items():
        shown = field in form.fields and not form.fields[field].widget.is_hidden
        form.add_error(field if shown else None, messages)
