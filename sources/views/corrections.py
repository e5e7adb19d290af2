"""Correcting a filed claim: its fields, the sources it rests on, retracting and assigning it.

Every change goes through a service with the reason given, so the claim's
history says who changed what and why. Each form posts to its own address
and comes back to the correction page or the claim page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sources import permissions, selectors, services
from sources.domain.vocab import Outcome
from sources.forms.editing import (
    AssignForm,
    AttributionForm,
    ClaimCorrectionForm,
    ReasonForm,
    RetractForm,
)
from sources.models import Attribution
from sources.views.common import add_refusal, answers_refusals, newsroom_required, require

HISTORY_ROWS = 30
CHANGED_LABELS = {
    "text": "wording",
    "event_start": "dates",
    "event_end": "dates",
    "region": "region",
    "topics": "topics",
    "credibility": "credibility",
    "assessed_by": None,
    "quantities": "figures",
}


def _claim(viewer, pk: int):
    return get_object_or_404(
        selectors.claims_for(viewer=viewer).select_related("article__outlet", "region"), pk=pk
    )


def _attributions(viewer, claim) -> list:
    return list(
        selectors.attributions_for(viewer=viewer)
        .filter(claim=claim)
        .select_related("source")
        .order_by("id")
    )


def _changed_words(fields) -> str:
    words = []
    for name in fields:
        word = CHANGED_LABELS.get(name, name)
        if word and word not in words:
            words.append(word)
    return ", ".join(words)


def _page(request, claim, *, form=None, bound: dict | None = None, status: int = 200):
    """Render the correction page; ``bound`` holds a refused attribution form by its key."""
    viewer = request.user
    bound = bound or {}
    attributions = []
    for attribution in _attributions(viewer, claim):
        key = f"a{attribution.pk}"
        change = bound.get(key) or AttributionForm(
            viewer=viewer,
            prefix=key,
            initial={
                "source": attribution.source.codename if attribution.source_visible else "",
                "descriptor": attribution.descriptor,
            },
        )
        remove = bound.get(f"{key}-remove") or ReasonForm(prefix=f"{key}-remove")
        attributions.append({"row": attribution, "change": change, "remove": remove})
    context = {
        "claim": claim,
        "article": claim.article,
        "form": form or ClaimCorrectionForm(initial=ClaimCorrectionForm.initial_for(claim)),
        "attributions": attributions,
        "add_form": bound.get("add") or AttributionForm(viewer=viewer, prefix="add"),
        "history": selectors.history_for(
            viewer=viewer, obj=claim, limit=HISTORY_ROWS, related=True
        ),
    }
    return render(request, "sources/editing/claim_correct.html", context, status=status)


@newsroom_required
@answers_refusals()
def claim_correct(request, pk: int):
    """Correct a claim's wording, dates, region, topics, credibility and figures, with why."""
    viewer = request.user
    claim = _claim(viewer, pk)
    require(
        permissions.can_correct_claim(viewer=viewer, obj=claim),
        "Only its reporter, an editor or an admin corrects this claim.",
    )
    if request.method != "POST":
        return _page(request, claim)
    form = ClaimCorrectionForm(request.POST, initial=ClaimCorrectionForm.initial_for(claim))
    if not form.is_valid():
        return _page(request, claim, form=form, status=400)
    data = form.changes()
    if not data:
        messages.info(request, "Nothing was changed.")
        return redirect("sources:claim_detail", pk=claim.pk)
    try:
        changed = services.claim_update(
            claim=claim, data=data, actor=viewer, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_refusal(form, error)
        return _page(request, claim, form=form, status=400)
    messages.success(request, f"Claim corrected ({_changed_words(changed)}). See its history.")
    return redirect("sources:claim_detail", pk=claim.pk)


def _attribution(viewer, pk: int) -> Attribution:
    attribution = get_object_or_404(
        selectors.attributions_for(viewer=viewer).select_related("claim__article", "source"),
        pk=pk,
    )
    require(
        permissions.can_correct_claim(viewer=viewer, obj=attribution.claim),
        "Only its reporter, an editor or an admin corrects this claim.",
    )
    return attribution


def _back_to_correction(claim) -> str:
    return reverse("sources:claim_correct", args=[claim.pk]) + "#sources-heading"


@newsroom_required
@require_POST
@answers_refusals()
def attribution_change(request, pk: int):
    """Change which source an attribution names, or its descriptor as printed."""
    viewer = request.user
    attribution = _attribution(viewer, pk)
    require(attribution.source_visible, "You may not change what another desk's source said.")
    key = f"a{attribution.pk}"
    form = AttributionForm(request.POST, viewer=viewer, prefix=key)
    if not form.is_valid():
        return _page(request, attribution.claim, bound={key: form}, status=400)
    data = {"source": form.cleaned_data["source"], "descriptor": form.cleaned_data["descriptor"]}
    try:
        changed = services.attribution_update(
            attribution=attribution, data=data, actor=viewer, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_refusal(form, error)
        return _page(request, attribution.claim, bound={key: form}, status=400)
    if changed:
        messages.success(request, "Source changed; the claim's evidence was judged again.")
    else:
        messages.info(request, "Nothing was changed.")
    return redirect(_back_to_correction(attribution.claim))


@newsroom_required
@require_POST
@answers_refusals()
def attribution_remove(request, pk: int):
    """Take a source off a claim (never its last one)."""
    viewer = request.user
    attribution = _attribution(viewer, pk)
    require(attribution.source_visible, "You may not change what another desk's source said.")
    key = f"a{attribution.pk}-remove"
    form = ReasonForm(request.POST, prefix=key)
    if not form.is_valid():
        return _page(request, attribution.claim, bound={key: form}, status=400)
    try:
        services.attribution_remove(
            attribution=attribution, actor=viewer, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        add_refusal(form, error)
        return _page(request, attribution.claim, bound={key: form}, status=400)
    messages.success(request, f"“{attribution.descriptor}” no longer counts for this claim.")
    return redirect(_back_to_correction(attribution.claim))


@newsroom_required
@require_POST
@answers_refusals()
def attribution_add(request, pk: int):
    """Add a source the claim rests on."""
    viewer = request.user
    claim = _claim(viewer, pk)
    require(
        permissions.can_correct_claim(viewer=viewer, obj=claim),
        "Only its reporter, an editor or an admin corrects this claim.",
    )
    form = AttributionForm(request.POST, viewer=viewer, prefix="add")
    if not form.is_valid():
        return _page(request, claim, bound={"add": form}, status=400)
    try:
        services.attribution_add(
            claim=claim,
            source=form.cleaned_data["source"],
            descriptor=form.cleaned_data["descriptor"],
            actor=viewer,
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        if "__all__" in getattr(error, "error_dict", {}):
            # The unique constraint: one attribution per source and claim.
            error = ValidationError({"source": "This source is named on the claim already."})
        add_refusal(form, error)
        return _page(request, claim, bound={"add": form}, status=400)
    messages.success(request, f"{form.cleaned_data['source'].codename} added to the claim.")
    return redirect(_back_to_correction(claim))


@newsroom_required
@answers_refusals()
def claim_retract(request, pk: int):
    """Retract a claim: the verdict "retracted", with a reason, refused on a stale page."""
    viewer = request.user
    claim = _claim(viewer, pk)
    require(
        permissions.can_retract_claim(viewer=viewer, obj=claim),
        "Only its reporter, an editor or an admin retracts this claim.",
    )
    status = 200
    if request.method == "POST":
        form = RetractForm(request.POST)
        if form.is_valid():
            services.claim_retract(
                claim=claim,
                reason=form.cleaned_data["reason"],
                actor=viewer,
                expected_version=form.cleaned_data["version"],
            )
            messages.success(request, "Claim retracted. It no longer counts for its sources.")
            return redirect(reverse("sources:claim_detail", args=[claim.pk]) + "#verdict")
        status = 400
    else:
        form = RetractForm(initial={"version": claim.version})
    return render(
        request,
        "sources/editing/claim_retract.html",
        {
            "claim": claim,
            "article": claim.article,
            "form": form,
            "retracted": claim.verdict == Outcome.RETRACTED,
        },
        status=status,
    )


@newsroom_required
@require_POST
@answers_refusals()
def claim_assign(request, pk: int):
    """Hand a claim to a fact-checker, or take the assignment back."""
    viewer = request.user
    require(permissions.can_assign_claim(viewer=viewer), "Only editors assign claims.")
    claim = _claim(viewer, pk)
    form = AssignForm(request.POST)
    if not form.is_valid():
        raise ValidationError(form.errors.as_data())
    assignee = form.cleaned_data["assignee"]
    changed = services.claim_assign(
        claim=claim, assignee=assignee, actor=viewer, reason=form.cleaned_data["reason"]
    )
    if not changed:
        messages.info(request, "The assignment is unchanged.")
    elif assignee is None:
        messages.success(request, "The claim is no longer assigned.")
    else:
        name = assignee.get_full_name() or assignee.get_username()
        messages.success(
            request, f"Assigned to {name}; it is in their queue under “Assigned to me”."
        )
    return redirect(reverse("sources:claim_detail", args=[claim.pk]) + "#assignment")
