"""Helpers the page views share: refusing a request and paginating a list."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator

PAGE_SIZE = 25


def require(allowed: bool, message: str = "Your role does not allow this.") -> None:
    """Refuse the request with a 403 unless a ``selectors.can_*`` check allowed it."""
    if not allowed:
        raise PermissionDenied(message)


def paginate(request, queryset, *, per_page: int = PAGE_SIZE):
    """Return the requested page and the query string that keeps the other filters."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    others = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return page, urlencode(others)
