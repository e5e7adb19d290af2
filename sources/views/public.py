"""The public track record: identity-free figures per published descriptor and region.

Off unless settings.PUBLIC_TRACK_RECORD is on; when off every page is a 404,
as if it did not exist. Readers need no login. These pages never name a
codename, a reporter or a handler, and show no claims, only figures.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from sources import reports
from sources.models import Region
from sources.validators import check_text
from sources.views.common import answers_refusals


def public_track_record_on(view):
    """Answer 404 unless the public track record is switched on."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.PUBLIC_TRACK_RECORD:
            raise Http404("There is no public track record.")
        return view(request, *args, **kwargs)

    return wrapped


@require_GET
@public_track_record_on
@answers_refusals()
def index(request):
    as_of = _as_of(request)
    return render(
        request,
        "sources/public/index.html",
        {
            "descriptors": reports.public_rows(by="descriptor", as_of=as_of),
            "regions": reports.public_rows(by="region", as_of=as_of),
            "as_of": as_of,
            "today": reports.report_today(),
        },
    )


def _as_of(request):
    """Return ``?as_of=YYYY-MM-DD`` as a date (None for now); refuse a bad or future day (400)."""
    return reports.check_as_of(check_text(request.GET.get("as_of", ""), field="as_of"))


@require_GET
@public_track_record_on
@answers_refusals()
def descriptor(request, descriptor: str):
    check_text(descriptor, field="descriptor")
    if not reports.public_descriptor_allowed(descriptor):
        raise Http404("No such descriptor.")
    as_of = _as_of(request)
    record = reports.public_track_record(descriptor=descriptor, as_of=as_of)
    return render(
        request,
        "sources/public/record.html",
        {
            "record": record,
            "kind": "Published descriptor",
            "as_of": as_of,
            "today": reports.report_today(),
        },
    )


@require_GET
@public_track_record_on
@answers_refusals()
def region(request, slug: str):
    as_of = _as_of(request)
    record = reports.public_track_record(region=get_object_or_404(Region, slug=slug), as_of=as_of)
    if not record.claims and as_of is None:
        raise Http404("No claims about this region.")
    return render(
        request,
        "sources/public/record.html",
        {"record": record, "kind": "Region", "as_of": as_of, "today": reports.report_today()},
    )
