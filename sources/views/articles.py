"""Articles after filing: correcting one, recording an outside one, and who cites whom.

Citations decide which evidence is independent of a claim, so each change
here re-judges the links downstream in the same transaction
(``services.article_cite`` / ``article_uncite``) and the claim pages show
the new figures at once.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render

from sources import permissions, selectors, services
from sources.forms.editing import ArticleEditForm, CitationsForm, OutsideArticleForm
from sources.views.common import answers_refusals, newsroom_required, require

HISTORY_ROWS = 20


def _article(viewer, pk: int):
    return get_object_or_404(
        selectors.articles_for(viewer=viewer).select_related("outlet", "reporter"), pk=pk
    )


@newsroom_required
@answers_refusals()
def article_edit(request, pk: int):
    """Correct an article's outlet, headline, date, byline, address or text, with why."""
    viewer = request.user
    article = _article(viewer, pk)
    require(
        permissions.can_edit_article(viewer=viewer, obj=article),
        "Its reporter, an editor or an admin corrects this article.",
    )
    initial = ArticleEditForm.initial_for(article)
    status = 200
    if request.method == "POST":
        form = ArticleEditForm(request.POST, initial=initial, viewer=viewer)
        if form.is_valid():
            data = form.changes()
            if not data:
                messages.info(request, "Nothing was changed.")
                return redirect("sources:article_detail", pk=article.pk)
            services.article_update(
                article=article, data=data, actor=viewer, reason=form.cleaned_data["reason"]
            )
            note = (
                " Its claims were counted again under the new date."
                if "published_on" in data
                else ""
            )
            messages.success(request, f"Article corrected.{note}")
            return redirect("sources:article_detail", pk=article.pk)
        status = 400
    else:
        form = ArticleEditForm(initial=initial, viewer=viewer)
    return render(
        request,
        "sources/editing/article_edit.html",
        {
            "article": article,
            "form": form,
            "history": selectors.history_for(viewer=viewer, obj=article, limit=HISTORY_ROWS),
        },
        status=status,
    )


@newsroom_required
@answers_refusals()
def article_outside(request):
    """Record an article from outside the newsroom: address, outlet, date, headline, citations."""
    viewer = request.user
    require(
        permissions.can_record_citations(viewer=viewer),
        "Fact-checkers, editors and admins record outside articles.",
    )
    status = 200
    if request.method == "POST":
        form = OutsideArticleForm(request.POST, viewer=viewer)
        if not form.searching:
            if form.is_valid():
                data = form.cleaned_data
                article = services.outside_article_record(
                    url=data["url"],
                    headline=data["headline"],
                    published_on=data["published_on"],
                    outlet=data["outlet"],
                    outlet_name=data["new_outlet"],
                    cites=data["cites"],
                    cited_by=data["cited_by"],
                    actor=viewer,
                )
                messages.success(
                    request,
                    f"Recorded “{article.headline}”. Evidence that relies on it, or on what it "
                    "cites, was judged again.",
                )
                return redirect("sources:article_detail", pk=article.pk)
            status = 400
    else:
        form = OutsideArticleForm(viewer=viewer)
    return render(request, "sources/editing/article_outside.html", {"form": form}, status=status)


@newsroom_required
@answers_refusals()
def article_citations(request, pk: int):
    """Say which articles this one cites and which cite it; remove citations made in error."""
    viewer = request.user
    require(
        permissions.can_record_citations(viewer=viewer),
        "Fact-checkers, editors and admins record citations.",
    )
    article = _article(viewer, pk)
    status = 200
    if request.method == "POST":
        form = CitationsForm(request.POST, viewer=viewer, article=article)
        if not form.searching:
            if form.is_valid():
                data = form.cleaned_data
                count = services.citations_change(
                    article=article,
                    add_cites=data["add_cites"],
                    add_cited_by=data["add_cited_by"],
                    remove_cites=data["remove_cites"],
                    remove_cited_by=data["remove_cited_by"],
                    actor=viewer,
                    reason=data["reason"],
                )
                messages.success(
                    request,
                    f"{count} citation{'s' if count != 1 else ''} changed. Evidence relying on "
                    "these articles was judged again; a link that now cites a claim's own story "
                    "stops counting.",
                )
                return redirect("sources:article_detail", pk=article.pk)
            status = 400
    else:
        form = CitationsForm(viewer=viewer, article=article)
    return render(
        request,
        "sources/editing/article_citations.html",
        {"article": article, "form": form},
        status=status,
    )
