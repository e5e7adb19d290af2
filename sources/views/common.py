"""Helpers the page views share: role checks and optional parts of the app."""

from __future__ import annotations

import importlib
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from sources import roles, selectors

PAGE_SIZE = 25

CAN_FILE = (roles.REPORTER, roles.EDITOR, roles.ADMIN)
CAN_LINK_EVIDENCE = (roles.FACT_CHECKER, roles.EDITOR, roles.ADMIN)
CAN_DECIDE = (roles.EDITOR, roles.ADMIN)


def require_role(user, *names: str) -> None:
    """Refuse the request with a 403 unless the user holds one of the roles."""
    if not roles.has_role(user, *names):
        raise PermissionDenied("Your role does not allow this.")


def optional_function(module: str, name: str):
    """Return ``module.name`` when another part of the app provides it, else None.

    Some parts (reports, extraction, ClaimReview) are built alongside the pages;
    the pages use them when they are there and say so plainly when they are not.
    """
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def paginate(request, queryset, *, per_page: int = PAGE_SIZE):
    """Return the requested page and the query string that keeps the other filters."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    others = [(key, value) for key, value in request.GET.items() if key != "page" and value]
    return page, urlencode(others)


def visible_source_ids(viewer, source_ids) -> set[int]:
    """Return which of ``source_ids`` the viewer may know by codename."""
    source_ids = set(source_ids)
    if not source_ids:
        return set()
    return set(
        selectors.sources_for(viewer=viewer).filter(pk__in=source_ids).values_list("pk", flat=True)
    )
