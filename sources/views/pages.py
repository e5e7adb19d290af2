"""The newsroom's everyday pages: the dashboard, sources, articles and search."""

from __future__ import annotations

from django.shortcuts import get_object_or_404, render

from sources import permissions, search, selectors
from sources.forms import SearchForm, SourceListForm
from sources.reports import track_record
from sources.views.common import answers_refusals, newsroom_required, paginate

DASHBOARD_ROWS = 5
SEARCH_LIMIT = 25


@newsroom_required
@answers_refusals()
def home(request):
    """Show each job the viewer has, with the work waiting for them."""
    viewer = request.user
    claims = selectors.claims_for(viewer=viewer)
    waiting = claims.awaiting_check()
    context = {
        "can_file": permissions.can_file_claims(viewer=viewer),
        "can_link": permissions.can_link_evidence(viewer=viewer),
        "can_decide": permissions.can_decide_verdict(viewer=viewer),
        "waiting_count": waiting.count(),
        "oldest_waiting": list(waiting.for_list().oldest_first()[:DASHBOARD_ROWS]),
        "assigned": list(waiting.assigned_to(viewer).for_list().oldest_first()[:DASHBOARD_ROWS])
        if permissions.can_link_evidence(viewer=viewer)
        else [],
        "my_claims": list(
            claims.filter(filed_by=viewer)
            .for_list()
            .order_by("-created_at", "-id")[:DASHBOARD_ROWS]
        ),
    }
    return render(request, "sources/home.html", context)


@newsroom_required
@answers_refusals()
def source_list(request):
    form = SourceListForm(request.GET)
    sources = selectors.sources_for(viewer=request.user).select_related("region", "rollup")
    if form.is_valid():
        if form.cleaned_data["q"]:
            sources = search.search_sources(sources, form.cleaned_data["q"])
        if form.cleaned_data["status"]:
            sources = sources.filter(status=form.cleaned_data["status"])
    page, querystring = paginate(request, sources.order_by("codename"))
    return render(
        request,
        "sources/source_list.html",
        {
            "form": form,
            "page": page,
            "querystring": querystring,
            "can_create_source": permissions.can_create_source(viewer=request.user),
        },
    )


@newsroom_required
@answers_refusals()
def source_detail(request, pk: int):
    viewer = request.user
    source = selectors.source_get(
        viewer=viewer, pk=pk, related=("region", "desk", "handler", "rollup")
    )
    claims = (
        selectors.claims_for(viewer=viewer)
        .resting_on(source)
        .for_list()
        .order_by("-article__published_on", "-id")
    )
    page, querystring = paginate(request, claims)
    context = {
        "source": source,
        "rollup": getattr(source, "rollup", None),
        "show_handler": permissions.can_see_handler(viewer=viewer),
        "can_reveal": permissions.can_reveal_identity(viewer=viewer, obj=source),
        "can_edit_source": permissions.can_edit_source(viewer=viewer, obj=source),
        "page": page,
        "querystring": querystring,
        "record": track_record(viewer=viewer, source=source),
    }
    return render(request, "sources/source_detail.html", context)


@newsroom_required
@answers_refusals()
def article_detail(request, pk: int):
    viewer = request.user
    article = get_object_or_404(
        selectors.articles_for(viewer=viewer).select_related("outlet", "reporter"), pk=pk
    )
    articles = selectors.articles_for(viewer=viewer).select_related("outlet")
    context = {
        "article": article,
        "claims": selectors.claims_for(viewer=viewer)
        .filter(article=article)
        .for_list()
        .order_by("id"),
        "cites": articles.filter(cited_by=article),
        "cited_by": articles.filter(cites=article),
        "can_edit_article": permissions.can_edit_article(viewer=viewer, obj=article),
        "can_record_citations": permissions.can_record_citations(viewer=viewer),
    }
    return render(request, "sources/article_detail.html", context)


@newsroom_required
@answers_refusals()
def search_page(request):
    """Search claims, sources and articles at once; each list is the viewer's own."""
    viewer = request.user
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = {"sources": [], "claims": [], "articles": []}
    if query:
        sources = selectors.sources_for(viewer=viewer).select_related("rollup", "region")
        claims = selectors.claims_for(viewer=viewer).for_list()
        articles = selectors.articles_for(viewer=viewer).select_related("outlet")
        results = {
            "sources": list(
                search.search_sources(sources, query).order_by("codename")[:SEARCH_LIMIT]
            ),
            "claims": list(search.search_claims(claims, query)[:SEARCH_LIMIT]),
            "articles": list(search.search_articles(articles, query)[:SEARCH_LIMIT]),
        }
    return render(
        request,
        "sources/search.html",
        {"form": form, "query": query, "limit": SEARCH_LIMIT, **results},
    )
