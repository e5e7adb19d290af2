"""Changing evidence after it was linked: a link's relation or note, unlinking, the evidence itself.

Every change re-judges the claims the evidence is on in the same
transaction (``services``), so the figures on the page that follows are
already the new ones.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from sources import permissions, selectors, services
from sources.forms.editing import EvidenceEditForm, LinkEditForm, ReasonForm
from sources.models import Claim
from sources.views.common import answers_refusals, newsroom_required, require

HISTORY_ROWS = 20
REFUSED = "Fact-checkers, editors and admins change evidence."


def _link(viewer, pk: int):
    return get_object_or_404(
        selectors.links_for(viewer=viewer).select_related(
            "claim__article", "evidence__article", "evidence__source"
        ),
        pk=pk,
    )


def _outcome_news(claim_id: int) -> str:
    claim = Claim.objects.get(pk=claim_id)
    return (
        f"The outcome is now {claim.get_outcome_display()} "
        f"({claim.corroborating_links} for, {claim.contradicting_links} against, "
        f"{claim.dependent_links} not counted)."
    )


def _claim_evidence(claim_id: int) -> str:
    return reverse("sources:claim_detail", args=[claim_id]) + "#evidence"


def _link_page(request, link, *, form=None, unlink=None, status=200):
    return render(
        request,
        "sources/editing/link_edit.html",
        {
            "link": link,
            "claim": link.claim,
            "form": form or LinkEditForm(initial={"relation": link.relation, "note": link.note}),
            "unlink_form": unlink or ReasonForm(prefix="unlink"),
            "evidence_visible_source": link.evidence.source_id
            and permissions.can_see_source(viewer=request.user, obj=link.evidence.source),
        },
        status=status,
    )


@newsroom_required
@answers_refusals()
def link_edit(request, pk: int):
    """Change what a piece of evidence says about a claim, or the note on the link."""
    viewer = request.user
    require(permissions.can_edit_evidence(viewer=viewer), REFUSED)
    link = _link(viewer, pk)
    if request.method != "POST":
        return _link_page(request, link)
    form = LinkEditForm(request.POST, initial={"relation": link.relation, "note": link.note})
    if not form.is_valid():
        return _link_page(request, link, form=form, status=400)
    data = {
        name: form.cleaned_data[name].strip() if name == "note" else form.cleaned_data[name]
        for name in ("relation", "note")
        if name in form.changed_data
    }
    changed = services.link_update(
        link=link, data=data, actor=viewer, reason=form.cleaned_data["reason"]
    )
    if changed:
        messages.success(request, f"Link changed. {_outcome_news(link.claim_id)}")
    else:
        messages.info(request, "Nothing was changed.")
    return redirect(_claim_evidence(link.claim_id))


@newsroom_required
@require_POST
@answers_refusals()
def link_unlink(request, pk: int):
    """Take evidence off a claim; the claim is judged again without it."""
    viewer = request.user
    require(permissions.can_edit_evidence(viewer=viewer), REFUSED)
    link = _link(viewer, pk)
    form = ReasonForm(request.POST, prefix="unlink")
    if not form.is_valid():
        return _link_page(request, link, unlink=form, status=400)
    services.evidence_unlink(link=link, actor=viewer, reason=form.cleaned_data["reason"])
    messages.success(request, f"Evidence unlinked. {_outcome_news(link.claim_id)}")
    return redirect(_claim_evidence(link.claim_id))


def _next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


@newsroom_required
@answers_refusals()
def evidence_edit(request, pk: int):
    """Correct evidence: what it shows, when, where it appeared and what it relies on."""
    viewer = request.user
    require(permissions.can_edit_evidence(viewer=viewer), REFUSED)
    evidence = get_object_or_404(
        selectors.evidence_for(viewer=viewer).select_related("article", "source"), pk=pk
    )
    here = reverse("sources:evidence_edit", args=[evidence.pk])
    initial = EvidenceEditForm.initial_for(evidence, viewer=viewer)
    status = 200
    if request.method == "POST":
        form = EvidenceEditForm(request.POST, initial=initial, viewer=viewer)
        if not form.searching:
            if form.is_valid():
                data = form.changes(evidence=evidence)
                if not data:
                    messages.info(request, "Nothing was changed.")
                    return redirect(_next(request, here))
                services.evidence_update(
                    evidence=evidence, data=data, actor=viewer, reason=form.cleaned_data["reason"]
                )
                messages.success(
                    request,
                    "Evidence corrected; every claim it is linked to was judged again.",
                )
                return redirect(_next(request, here))
            status = 400
    else:
        form = EvidenceEditForm(initial=initial, viewer=viewer)
    links = list(
        selectors.links_for(viewer=viewer)
        .filter(evidence=evidence)
        .select_related("claim__article")
        .order_by("claim_id")
    )
    return render(
        request,
        "sources/editing/evidence_edit.html",
        {
            "evidence": evidence,
            "form": form,
            "links": links,
            "next": _next(request, ""),
            "history": selectors.history_for(viewer=viewer, obj=evidence, limit=HISTORY_ROWS),
        },
        status=status,
    )
