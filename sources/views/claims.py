"""The claim page: the claim, its evidence timeline, outcome and verdicts.

Fact-checkers and editors link evidence here; editors decide verdicts. Both
forms post to their own URL and come back to the claim page.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sources import cache_versions, permissions, reports, selectors, services
from sources.claimreview import claim_review
from sources.domain.vocab import Basis, Outcome
from sources.forms import EvidenceLinkForm, ForecastForm, VerdictForm
from sources.forms.editing import AssignForm
from sources.models import EvidenceLink
from sources.views.common import add_refusal, answers_refusals, newsroom_required, require
from sources.views.fragments import cached_fragment
from sources.views.origins import decorate_links, origins_context
from sources.views.stories import new_token

CLAIM_BODY = "sources/_claim_body.html"
# The hole the cached body leaves for the link form's one-time submit token.
SUBMIT_HOLE = "submit_token"
HISTORY_TEMPLATE = "sources/_history.html"
HISTORY_ROWS = 20
LINK_SUBMIT_KIND = "evidence-link"


def _claim_or_404(viewer, pk: int):
    return get_object_or_404(
        selectors.claims_for(viewer=viewer).select_related(
            "article__outlet", "region", "filed_by", "assessed_by", "assigned_to"
        ),
        pk=pk,
    )


@newsroom_required
@answers_refusals()
def claim_detail(request, pk: int):
    """Show the claim page, served from the cache until a write changes anything on it.

    The body is cached per claim and viewer under every version the services
    bump (a claim page shows figures, names, choices and suggestions), so a
    warm page reads neither the claim nor its evidence. The viewer's roles and
    the day are in the key: they decide which forms and badges it shows.
    """
    viewer = request.user

    def build(holes) -> dict:
        claim = _claim_or_404(viewer, pk)
        return _context(request, claim, submit_token=holes[SUBMIT_HOLE])

    body = cached_fragment(
        viewer=viewer,
        name="claim",
        versions=cache_versions.NAMES,
        parts=(
            pk,
            request.get_host(),
            reports.report_today(),
        ),
        personal=True,
        template=CLAIM_BODY,
        build=build,
        request=request,
        fill={SUBMIT_HOLE: new_token},
    )
    return _page(request, pk, body["html"])


def _page(request, pk: int, body, *, status: int = 200):
    return render(
        request,
        "sources/claim_detail.html",
        {
            "claim_pk": pk,
            "body": body,
            "with_htmx": permissions.can_link_evidence(viewer=request.user),
        },
        status=status,
    )


@newsroom_required
@require_POST
@answers_refusals()
def claim_link_evidence(request, pk: int):
    """Link evidence on file, or record new evidence and link it, in one transaction.

    The form's Search buttons (pickers) show the form again with the matches;
    its one-time token makes a repeated submit link the evidence once.
    """
    viewer = request.user
    require(permissions.can_link_evidence(viewer=viewer))
    claim = _claim_or_404(viewer, pk)
    form = EvidenceLinkForm(request.POST, viewer=viewer, claim=claim)
    if form.searching:
        return _render(request, claim, link_form=form)
    if not form.is_valid():
        return _render(request, claim, link_form=form, status=400)
    data = form.cleaned_data

    def link_it() -> int:
        return services.evidence_record_and_link(
            claim=claim,
            existing=data["existing"],
            kind=data["kind"],
            summary=data["summary"].strip(),
            observed_on=data["observed_on"],
            url=data["url"],
            source=data["source"],
            article=data["article"],
            cites=data["cites"],
            basis=data["basis"] or Basis.UNKNOWN,
            relation=data["relation"],
            note=data["note"].strip(),
            recorded_by=viewer,
        ).pk

    try:
        link_id, first = services.submitted_once(
            token=data["submit_token"], user=viewer, kind=LINK_SUBMIT_KIND, run=link_it
        )
    except ValidationError as error:
        add_refusal(form, error)
        return _render(request, claim, link_form=form, status=400)
    back = reverse("sources:claim_detail", args=[claim.pk]) + "#evidence"
    link = EvidenceLink.objects.filter(pk=link_id).first() if link_id else None
    if not first or link is None:
        messages.info(request, "This evidence was linked already, once: here it is.")
        return redirect(back)
    claim.refresh_from_db()
    if link.is_independent:
        messages.success(
            request,
            f"Evidence linked; it counts. The outcome is now {claim.get_outcome_display()}.",
        )
    else:
        messages.warning(
            request,
            f"Evidence linked, but it does not count: {link.dependence_reason} "
            f"The outcome stays {claim.get_outcome_display()}.",
        )
    return redirect(reverse("sources:claim_detail", args=[claim.pk]) + "#evidence")


@newsroom_required
@require_POST
@answers_refusals()
def claim_verdict(request, pk: int):
    """Record an editor's verdict, refusing it if someone decided since the page loaded."""
    viewer = request.user
    require(permissions.can_decide_verdict(viewer=viewer))
    claim = _claim_or_404(viewer, pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        return _render(request, claim, verdict_form=form, status=400)
    try:
        services.verdict_decide(
            claim=claim,
            outcome=form.cleaned_data["outcome"],
            reason=form.cleaned_data["reason"],
            decided_by=viewer,
            expected_version=form.cleaned_data["version"],
        )
    except services.VerdictConflict as conflict:
        claim.refresh_from_db()
        fresh = VerdictForm(
            initial={
                "outcome": form.cleaned_data["outcome"],
                "reason": form.cleaned_data["reason"],
                "version": claim.version,
            }
        )
        return _render(request, claim, verdict_form=fresh, conflict=str(conflict), status=409)
    except ValidationError as error:
        add_refusal(form, error)
        return _render(request, claim, verdict_form=form, status=400)
    claim.refresh_from_db()
    messages.success(request, f"Verdict recorded: {claim.get_verdict_display()}.")
    return redirect(reverse("sources:claim_detail", args=[claim.pk]) + "#verdict")


@newsroom_required
@require_POST
@answers_refusals()
def claim_forecast(request, pk: int):
    """Record an editor's forecast that the claim will be confirmed; append-only.

    Posted from the claim page or the vet page; ``next`` brings the editor
    back to the page they came from.
    """
    viewer = request.user
    require(permissions.can_record_forecast(viewer=viewer), "Only editors record forecasts.")
    claim = _claim_or_404(viewer, pk)
    back = _safe_next(request, reverse("sources:claim_detail", args=[claim.pk]) + "#forecasts")
    form = ForecastForm(request.POST)
    if not form.is_valid():
        return _render(request, claim, forecast_form=form, status=400)
    try:
        services.forecast_record(claim=claim, author=viewer, percent=form.cleaned_data["percent"])
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _render(request, claim, forecast_form=form, status=400)
    messages.success(
        request, f"Forecast recorded: {form.cleaned_data['percent']}% that it will be confirmed."
    )
    return redirect(back)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _render(request, claim, *, status: int = 200, **forms):
    """Render the claim page afresh, with a refused form (``forms``) shown with its errors."""
    body = render_to_string(CLAIM_BODY, _context(request, claim, **forms), request=request)
    return _page(request, claim.pk, mark_safe(body), status=status)


def _context(
    request,
    claim,
    *,
    link_form=None,
    verdict_form=None,
    forecast_form=None,
    conflict=None,
    origin_forms=None,
    submit_token: str | None = None,
) -> dict:
    """Return what the claim page's body shows the viewer."""
    viewer = request.user
    attributions = list(
        selectors.attributions_for(viewer=viewer)
        .filter(claim=claim)
        .select_related("source")
        .order_by("id")
    )
    links = list(
        selectors.links_for(viewer=viewer)
        .filter(claim=claim)
        .select_related("evidence__source", "evidence__article", "recorded_by")
        .annotate(source_visible=selectors.source_visible(viewer=viewer, field="evidence__source"))
        .prefetch_related("evidence__cites")
        .order_by("evidence__observed_on", "id")
    )
    known = {a.source_id for a in attributions if a.source_visible} | {
        link.evidence.source_id for link in links if link.source_visible
    }
    # Copy flags, relay confirmations and their forms (independent origins, issue 13).
    decorate_links(viewer=viewer, links=links, bound=origin_forms)
    can_link = permissions.can_link_evidence(viewer=viewer)
    can_decide = permissions.can_decide_verdict(viewer=viewer)
    if can_link and link_form is None:
        link_form = EvidenceLinkForm(
            viewer=viewer, claim=claim, initial={"submit_token": submit_token or new_token()}
        )
    can_assign = permissions.can_assign_claim(viewer=viewer)
    if can_decide and verdict_form is None:
        verdict_form = VerdictForm(
            initial={"outcome": claim.verdict or claim.derived_outcome, "version": claim.version}
        )
    can_forecast = (
        permissions.can_record_forecast(viewer=viewer) and claim.outcome == Outcome.PENDING
    )
    if can_forecast and forecast_form is None:
        forecast_form = ForecastForm()
    return {
        "claim": claim,
        "article": claim.article,
        "attributions": attributions,
        "known_sources": known,
        "links": links,
        "topics": list(claim.topics.all()),
        "quantities": list(claim.quantities.all()),
        "verdicts": list(claim.verdicts.select_related("decided_by")),
        "history": selectors.history_for(
            viewer=viewer, obj=claim, limit=HISTORY_ROWS, related=True
        ),
        "chains": selectors.dependence_chains(viewer=viewer, links=links),
        "can_correct": permissions.can_correct_claim(viewer=viewer, obj=claim),
        "can_retract": permissions.can_retract_claim(viewer=viewer, obj=claim)
        and claim.verdict != Outcome.RETRACTED,
        "can_edit_evidence": permissions.can_edit_evidence(viewer=viewer),
        "can_record_citations": permissions.can_record_citations(viewer=viewer),
        "assign_form": AssignForm(initial={"assignee": claim.assigned_to_id})
        if can_assign
        else None,
        "history_template": HISTORY_TEMPLATE,
        "can_link": can_link,
        "can_decide": can_decide,
        "link_form": link_form if can_link else None,
        "verdict_form": verdict_form if can_decide else None,
        "conflict": conflict,
        "forecasts": reports.forecasts_of(viewer=viewer, claim=claim),
        "forecast_form": forecast_form if can_forecast or forecast_form else None,
        "claim_review": claim_review(claim, site_url=request.build_absolute_uri("/")),
        **origins_context(claim=claim),
    }
