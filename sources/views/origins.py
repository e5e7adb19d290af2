"""Independent origins on the claim page: confirm a relay, rule on a likely copy.

Both forms sit beside the link they are about and post to their own URL;
fact-checkers and editors use them (``permissions.can_rule_on_origins``).
``decorate_links`` gives the claim page what it shows of each link: its copy
flags, with a ruling form while nobody has ruled, and a confirmation form
for a relay whose independence is not established.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from sources import permissions, selectors, services
from sources.domain.origins import Reason, Standing
from sources.domain.vocab import Basis, CopyRuling, Outcome
from sources.forms.origins import CopyRulingForm, RelayConfirmForm
from sources.models import EvidenceLink
from sources.views.common import answers_refusals, newsroom_required, require


def decorate_links(
    *, viewer, links: Sequence[EvidenceLink], bound: Mapping[str, object] | None = None
) -> None:
    """Attach to each link its copy flags and the origin forms the viewer may use.

    ``link.copies`` lists the flags on the link and on the article its
    evidence appeared in, each with ``form`` while unruled (for those who may
    rule); ``link.relay_form`` asks for a relay's confirmation. ``bound``
    holds a refused form by its prefix, to show again with its errors.
    """
    bound = bound or {}
    may_rule = permissions.can_rule_on_origins(viewer=viewer)
    flags = selectors.copy_flags_of_links(links=links)
    for link in links:
        link.copies = flags.get(link.pk, [])
        for flag in link.copies:
            prefix = f"flag-{flag.pk}"
            flag.form = (
                (bound.get(prefix) or CopyRulingForm(prefix=prefix))
                if may_rule and not flag.ruling
                else None
            )
        link.awaiting = Reason.STANDING.get(link.independence) == Standing.AWAITING
        evidence = link.evidence
        link.awaits_relay = (
            link.independence == Reason.NOT_ESTABLISHED
            and evidence.basis == Basis.RELAYED
            and link.relay_confirmed_at is None
            and not list(evidence.cites.all())
        )
        prefix = f"relay-{link.pk}"
        link.relay_form = (
            (bound.get(prefix) or RelayConfirmForm(prefix=prefix))
            if may_rule and link.awaits_relay
            else None
        )


def _back(claim_pk: int, anchor: str) -> str:
    return reverse("sources:claim_detail", args=[claim_pk]) + f"#{anchor}"


def _claim_page(request, claim, *, bound: dict, status: int):
    from sources.views.claims import _render

    return _render(request, claim, origin_forms=bound, status=status)


@newsroom_required
@require_POST
@answers_refusals()
def claim_relay_confirm(request, pk: int, link_pk: int):
    """Record that a relay's upstream was established as independent of the claim."""
    from sources.views.claims import _claim_or_404

    viewer = request.user
    require(
        permissions.can_rule_on_origins(viewer=viewer),
        "Fact-checkers and editors confirm relays.",
    )
    claim = _claim_or_404(viewer, pk)
    link = get_object_or_404(
        selectors.links_for(viewer=viewer).filter(claim=claim).select_related("evidence"),
        pk=link_pk,
    )
    prefix = f"relay-{link.pk}"
    form = RelayConfirmForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _claim_page(request, claim, bound={prefix: form}, status=400)
    try:
        services.link_relay_confirm(link=link, reason=form.cleaned_data["reason"], actor=viewer)
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _claim_page(request, claim, bound={prefix: form}, status=400)
    claim.refresh_from_db()
    messages.success(
        request,
        f"Relay confirmed; it counts. The outcome is now {claim.get_outcome_display()}.",
    )
    return redirect(_back(claim.pk, f"link-{link.pk}"))


@newsroom_required
@require_POST
@answers_refusals()
def claim_copy_rule(request, pk: int, flag_pk: int):
    """Record a ruling on a likely copy shown on this claim's page."""
    from sources.views.claims import _claim_or_404

    viewer = request.user
    require(
        permissions.can_rule_on_origins(viewer=viewer),
        "Fact-checkers and editors rule on likely copies.",
    )
    claim = _claim_or_404(viewer, pk)
    links = list(selectors.links_for(viewer=viewer).filter(claim=claim).select_related("evidence"))
    flags = selectors.copy_flags_of_links(links=links)
    flag = next((f for found in flags.values() for f in found if f.pk == flag_pk), None)
    if flag is None:
        raise Http404("No such copy flag on this claim.")
    prefix = f"flag-{flag.pk}"
    form = CopyRulingForm(request.POST, prefix=prefix)
    if not form.is_valid():
        return _claim_page(request, claim, bound={prefix: form}, status=400)
    try:
        services.copy_rule(
            flag=flag,
            ruling=form.cleaned_data["ruling"],
            reason=form.cleaned_data["reason"],
            actor=viewer,
        )
    except ValidationError as error:
        form.add_error(None, error.messages)
        return _claim_page(request, claim, bound={prefix: form}, status=400)
    claim.refresh_from_db()
    said = CopyRuling.LABELS[form.cleaned_data["ruling"]].lower()
    messages.success(
        request,
        f"Ruled {said} of article {flag.copy_of_id}. "
        f"The outcome is now {claim.get_outcome_display()}.",
    )
    anchor = next(
        (f"link-{link_pk}" for link_pk, found in flags.items() if flag in found), "evidence"
    )
    return redirect(_back(claim.pk, anchor))


def origins_context(*, claim) -> dict:
    """Return what the claim page says of the claim's origins, beside its outcome.

    ``origins_summary`` reads "corroborated by 2 independent origins (4 items)"
    once anything supports it; ``min_independent_origins`` is the setting.
    """
    minimum = getattr(settings, "MIN_INDEPENDENT_ORIGINS", 1)
    origins, items = claim.independent_origins, claim.corroborating_links
    summary = ""
    if items:
        verb = (
            "corroborated"
            if claim.derived_outcome in (Outcome.CORROBORATED, Outcome.DISPUTED)
            else "partly corroborated"
            if claim.derived_outcome == Outcome.PARTLY_CORROBORATED
            else "supported"
        )
        summary = (
            f"{verb} by {origins} independent origin{'s' if origins != 1 else ''} "
            f"({items} item{'s' if items != 1 else ''})"
        )
    return {
        "origins_summary": summary,
        "min_independent_origins": minimum,
        "origins_short": max(0, minimum - origins) if items else 0,
    }
