"""Report pages and downloads: leaderboards, track-record cards, calibration.

Views stay thin: they read the request, ask ``sources.reports`` (which starts
from the viewer's querysets in ``sources.selectors``) and render.
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from sources import cache_versions, permissions, reports, selectors, services
from sources.domain.rules import descriptor_group
from sources.domain.text import MAX_ID
from sources.domain.vocab import Outcome
from sources.forms import LetterOverrideForm
from sources.models import Article, Attribution, LetterOverride, Outlet, Region, Topic
from sources.validators import check_number, check_text
from sources.views.common import (
    answers_refusals,
    newsroom_required,
    paginate,
    query_page,
    query_text,
    refused,
    require,
)
from sources.views.fragments import cached_fragment

DOWNLOAD_FORMATS = ("csv", "json")
PER_PAGE = 50


def query_as_of(request):
    """Return the day asked for with ``?as_of=YYYY-MM-DD``, or None for now.

    A malformed or future day is refused with a 400 naming ``as_of``.
    """
    return reports.check_as_of(query_text(request, "as_of", max_length=40))


def query_range(request) -> reports.DateRange:
    """Return the publication dates asked for with ``?from=`` and ``?to=`` (either may be open).

    Every report takes them: the claims counted are those whose article was
    published in the range. A malformed date, or an end before the start, is
    refused with a 400 naming the field.
    """
    return reports.check_range(
        query_text(request, "from", max_length=40), query_text(request, "to", max_length=40)
    )


def _range_context(request, published) -> dict:
    """Return what the date-range form and the links that keep the range need."""
    others = [
        (key, value)
        for key, value in request.GET.items()
        if key not in ("from", "to", "page") and value
    ]
    return {
        "range": published,
        "range_query": published.query,
        "range_kept": others,
        "range_clear": f"{request.path}?{urlencode(others)}" if others else request.path,
    }


def _as_of_context(request, as_of) -> dict:
    """Return what the as-of form and the download links need."""
    return {
        "as_of": as_of,
        "as_of_query": f"&as_of={as_of.isoformat()}" if as_of else "",
        "today": reports.report_today(),
    }


def _require_grouping(request, by: str) -> None:
    """Refuse a grouping the viewer may not see (by reporter, to a fact-checker): 403."""
    require(
        permissions.can_view_report(viewer=request.user, obj=by),
        "Your role does not see staff names, so this report is not offered to you.",
    )


def _columns(by: str, sort: str) -> list[dict]:
    """Return the leaderboard's sortable headers, each with the sort its link asks for."""
    allowed = reports.source_sorts() if by == "source" else reports.SORT_KEYS
    titles = {
        "group": reports.GROUPING_LABELS[by],
        "claims": "Claims",
        "resolved": "Resolved (n)",
        "confirmation_rate": "Rate",
        "interval_low": "Interval low",
        "interval_high": "Interval high",
        "pooled_rate": "Pooled (95%)",
        "unresolved_share": "Unresolved",
        "median_days_to_corroboration": "Median days",
        "suggested_letter": "Letter",
    }
    current = sort.lstrip("-")
    columns = []
    for key, title in titles.items():
        if key not in allowed:
            columns.append({"key": key, "title": title, "url": None, "state": ""})
            continue
        if key == current:
            next_sort = key if sort.startswith("-") else f"-{key}"
            state = "descending" if sort.startswith("-") else "ascending"
        else:
            next_sort = key if key == "group" else f"-{key}"
            state = ""
        columns.append({"key": key, "title": title, "url": f"?sort={next_sort}", "state": state})
    return columns


@require_GET
@newsroom_required
@answers_refusals()
def index(request):
    groupings = [
        (by, reports.GROUPING_LABELS[by])
        for by in reports.GROUPINGS
        if permissions.can_view_report(viewer=request.user, obj=by)
    ]
    as_of = query_as_of(request)
    published = query_range(request)
    overall = reports.track_record(viewer=request.user, recent=0, as_of=as_of, published=published)
    return render(
        request,
        "sources/reports/index.html",
        {
            "groupings": groupings,
            "record": overall,
            **_as_of_context(request, as_of),
            **_range_context(request, published),
        },
    )


@require_GET
@newsroom_required
@answers_refusals()
def report(request, by: str):
    if by == "claim":
        return _claim_report(request)
    if by == "calibration":
        return HttpResponseRedirect(reverse("sources:calibration"))
    if by not in reports.GROUPINGS:
        raise Http404("No such report.")
    _require_grouping(request, by)
    as_of = query_as_of(request)
    published = query_range(request)
    sort, page_number = query_text(request, "sort"), query_page(request)

    def build(holes) -> dict:
        report = reports.report_page(
            viewer=request.user,
            by=by,
            sort=sort,
            page=page_number,
            per_page=PER_PAGE,
            as_of=as_of,
            published=published,
        )
        return {
            "by": by,
            "title": reports.GROUPING_LABELS[by],
            "report": report,
            "sort": report.sort,
            "columns": _columns(by, report.sort),
            "outcomes": [(o, Outcome.LABELS[o]) for o in reports.OUTCOMES],
            **_as_of_context(request, as_of),
            **_range_context(request, published),
        }

    table = cached_fragment(
        viewer=request.user,
        name="leaderboard",
        # By reporter, the labels are staff names.
        versions=(
            cache_versions.ROLLUPS,
            cache_versions.CLAIMS,
            cache_versions.REFERENCE_LISTS,
            cache_versions.STAFF,
        ),
        # Expired counts move with the day; the letter with the basis it rests on.
        parts=(
            by,
            sort,
            page_number,
            as_of,
            published.query,
            reports.report_today(),
            settings.LETTER_BASIS,
        ),
        template="sources/reports/_leaderboard_table.html",
        build=build,
        keep=("sort",),
    )
    return render(
        request,
        "sources/reports/leaderboard.html",
        {
            "by": by,
            "title": reports.GROUPING_LABELS[by],
            "table": table["html"],
            "sort": table["sort"],
            "can_override": by in reports.OVERRIDE_KINDS,
            "letter_basis": settings.LETTER_BASIS,
            "can_count_as_job": permissions.can_start_job(viewer=request.user, obj="report_as_of"),
            **_as_of_context(request, as_of),
            **_range_context(request, published),
        },
    )


def _claim_report(request):
    as_of = query_as_of(request)
    published = query_range(request)
    claims = published.apply(reports.claims_report(viewer=request.user, as_of=as_of))
    page = Paginator(claims, PER_PAGE).get_page(query_page(request))
    reports.claims_figures_as_of(page.object_list, as_of=as_of)
    return render(
        request,
        "sources/reports/claims.html",
        {"page": page, **_as_of_context(request, as_of), **_range_context(request, published)},
    )


def _download(rows: list[dict], fields, *, name: str, fmt: str) -> HttpResponse:
    if fmt == "json":
        # One row per line, each encoded compactly: readable, and encoded by the
        # C encoder (``indent`` falls back to pure Python, 2/3 of the time for
        # 20,000 sources; see docs/performance.md).
        body = ",\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
        response = HttpResponse(
            f"[\n{body}\n]\n" if rows else "[]\n", content_type="application/json"
        )
    else:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        reports.write_csv(response, rows, fields)
    response["Content-Disposition"] = f'attachment; filename="reliability-{name}.{fmt}"'
    return response


@require_GET
@newsroom_required
@answers_refusals()
def report_download(request, by: str, fmt: str):
    if fmt not in DOWNLOAD_FORMATS:
        raise Http404("Downloads come as csv or json.")
    as_of = query_as_of(request)
    published = query_range(request)
    if by == "claim":
        claims = list(published.apply(reports.claims_report(viewer=request.user, as_of=as_of)))
        reports.claims_figures_as_of(claims, as_of=as_of)
        rows = [reports.claim_as_dict(c) for c in claims]
        return _download(rows, reports.CLAIM_EXPORT_FIELDS, name=by, fmt=fmt)
    if by == "calibration":
        rows = reports.calibration_export(
            reports.calibration(viewer=request.user, published=published)
        )
        fields = rows[0].keys() if rows else ()
        return _download(rows, fields, name=by, fmt=fmt)
    if by not in reports.GROUPINGS:
        raise Http404("No such report.")
    _require_grouping(request, by)
    rows = reports.report_rows(
        viewer=request.user,
        by=by,
        sort=query_text(request, "sort"),
        as_of=as_of,
        published=published,
    )
    return _download([row.as_dict() for row in rows], reports.EXPORT_FIELDS, name=by, fmt=fmt)


@require_POST
@newsroom_required
@answers_refusals()
def report_as_of_job(request, by: str):
    """Count a whole report as of a day in the background (``jobs.as_of``), for big newsrooms."""
    if by not in reports.GROUPINGS:
        raise Http404("No such report.")
    _require_grouping(request, by)
    require(
        permissions.can_start_job(viewer=request.user, obj="report_as_of"),
        "Only editors and admins start jobs.",
    )
    as_of = reports.check_as_of(check_text(request.POST.get("as_of", ""), field="as_of"))
    if as_of is None:
        raise ValidationError({"as_of": "Say which day to count the report as of."})
    fmt = request.POST.get("format", "csv")
    if fmt not in DOWNLOAD_FORMATS:
        raise ValidationError({"format": "Choose csv or json."})
    job = services.job_create(
        kind="report_as_of",
        actor=request.user,
        params={"by": by, "as_of": as_of.isoformat(), "format": fmt},
    )
    return HttpResponseRedirect(reverse("sources:job_detail", kwargs={"pk": job.pk}))


@require_GET
@newsroom_required
@answers_refusals()
def source_card(request, pk: int):
    source = selectors.source_get(viewer=request.user, pk=pk)
    topic = None
    if query_text(request, "topic"):
        topic = get_object_or_404(Topic, slug=request.GET["topic"])
    as_of = query_as_of(request)
    published = query_range(request)
    record = reports.track_record(
        viewer=request.user, source=source, topic=topic, as_of=as_of, published=published
    )
    claims, claims_query = paginate(
        request,
        reports.record_claims(viewer=request.user, source=source, topic=topic, published=published),
        # Today's record counts exactly the listed claims (record_claims); one as of a
        # past day counts fewer than the list shows, so the list counts itself.
        count=record.claims if as_of is None else None,
    )
    return render(
        request,
        "sources/reports/source_card.html",
        {
            "source": source,
            "record": record,
            "claims_page": claims,
            "claims_query": claims_query,
            "topic": topic,
            "override_form": topic is None
            and as_of is None
            and permissions.can_record_letter(viewer=request.user),
            "vettings": reports.vetting_records(viewer=request.user, source=source)
            if topic is None and as_of is None
            else [],
            **_as_of_context(request, as_of),
            **_range_context(request, published),
        },
    )


def _group_number(key: str, *, maximum: int, missing: str) -> int:
    """Return a numeric group key: 404 for a key that is not digits, 400 for one out of range.

    A 20-digit number is malformed input (no id column holds it), answered
    before it reaches a query; a word is simply a group that does not exist.
    """
    if not (key.isascii() and key.isdigit()):
        raise Http404(missing)
    return check_number(key, field="key", maximum=maximum)


def _group_filter(by: str, key: str) -> dict:
    """Return the track_record filter for a group key, or raise Http404."""
    if by == "descriptor":
        if not Attribution.objects.filter(descriptor_key=descriptor_group(key)).exists():
            raise Http404("No such descriptor.")
        return {"descriptor": key}
    if by == "region":
        return {"region": get_object_or_404(Region, slug=key)}
    if by == "topic":
        return {"topic": get_object_or_404(Topic, slug=key)}
    if by == "outlet":
        return {"outlet": get_object_or_404(Outlet, slug=key)}
    if by == "reporter":
        # Only people who reported an article are a group; any other user id is not.
        reporter_id = _group_number(key, maximum=MAX_ID, missing="No such reporter.")
        article = Article.objects.filter(reporter_id=reporter_id).select_related("reporter").first()
        if article is None:
            raise Http404("No such reporter.")
        return {"reporter": article.reporter}
    if by == "year":
        return {"year": _group_number(key, maximum=9999, missing="No such year.")}
    raise Http404("No such grouping.")


@require_GET
@newsroom_required
@answers_refusals()
def group_card(request, by: str):
    key = query_text(request, "key")
    if by == "source":
        pk = _group_number(key, maximum=MAX_ID, missing="No such source.")
        return HttpResponseRedirect(reverse("sources:source_card", kwargs={"pk": pk}))
    if by in reports.GROUPINGS:
        _require_grouping(request, by)
    filters = _group_filter(by, key)
    as_of = query_as_of(request)
    published = query_range(request)
    record = reports.track_record(viewer=request.user, as_of=as_of, published=published, **filters)
    return render(
        request,
        "sources/reports/group_card.html",
        {
            "by": by,
            "title": reports.GROUPING_LABELS.get(by, by),
            "record": record,
            "override_form": as_of is None and permissions.can_record_letter(viewer=request.user),
            "vettings": reports.vetting_records(viewer=request.user, descriptor=key)
            if by == "descriptor" and as_of is None
            else [],
            **_as_of_context(request, as_of),
            **_range_context(request, published),
        },
    )


@require_GET
@newsroom_required
@answers_refusals()
def calibration(request):
    published = query_range(request)
    result = reports.calibration(viewer=request.user, published=published)
    return render(
        request,
        "sources/reports/calibration.html",
        {"calibration": result, **_range_context(request, published)},
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@require_POST
@newsroom_required
@answers_refusals()
def letter_override(request):
    """Record an editor's letter for a group; the suggested letter stays beside it."""
    require(permissions.can_record_letter(viewer=request.user), "Only editors record letters.")
    back = _safe_next(request, reverse("sources:reports_index"))
    form = LetterOverrideForm(request.POST)
    if not form.is_valid():
        return refused(request, status=400, errors=form.errors, back=back)
    data = form.cleaned_data
    target = LetterOverride(group_kind=data["group_kind"], group_key=data["group_key"])
    if not permissions.can_record_letter(viewer=request.user, obj=target):
        # A group the editor may not see is, for them, one that does not exist.
        raise Http404("No such group.")
    try:
        services.letter_override_record(**data, recorded_by=request.user)
    except ValidationError as error:
        if "group_key" in error.message_dict:
            raise Http404("No such group.") from None
        for message in error.messages:
            messages.error(request, message)
        return HttpResponseRedirect(back)
    messages.success(request, f"Recorded letter {data['letter']}.")
    return HttpResponseRedirect(back)
