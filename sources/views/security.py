"""Pages that read, change or erase who a source is, and the access log.

Every identity page sends ``Cache-Control: no-store`` so no browser or proxy
keeps a copy. The decisions (who may look) are in ``sources.selectors``; the
writes and the logging are in ``sources.services``.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from sources import permissions, selectors, services
from sources.domain.text import (
    ACCESS_REASON_MAX,
    IDENTITY_LINE_MAX,
    IDENTITY_NOTES_MAX,
    refusal,
)
from sources.forms.fields import LineField, ParagraphsField
from sources.models import IdentityAccessLog, Source
from sources.selectors.identities import NO_REASON
from sources.views.common import answers_refusals, newsroom_required, query_page


class RevealForm(forms.Form):
    reason = ParagraphsField(
        label="Why do you need to know who this source is?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ACCESS_REASON_MAX,
    )


class BurnForm(forms.Form):
    reason = ParagraphsField(
        label="Why is this source being burned?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=ACCESS_REASON_MAX,
    )


class IdentityForm(forms.Form):
    real_name = LineField(required=False, max_length=IDENTITY_LINE_MAX)
    contact = LineField(label="Contact channel", required=False, max_length=IDENTITY_LINE_MAX)
    meeting_notes = ParagraphsField(
        required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=IDENTITY_NOTES_MAX
    )


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _logged_reason(given: str) -> str:
    """Return the reason a refused caller typed, fit for the access log whatever they sent."""
    given = given[:ACCESS_REASON_MAX]
    if not given.strip():
        return NO_REASON
    if refusal(given, multiline=True):
        return "(the reason given held control characters and is not kept)"
    return given


def _deny(request, source, reason: str):
    """Log a refused look at an identity, then answer 403."""
    services.identity_access_record(
        source=source,
        user=request.user,
        action=IdentityAccessLog.Action.DENIED,
        reason=reason,
        ip_address=_ip(request),
    )
    raise PermissionDenied("You may not see who this source is.")


def _identity_source(request, pk) -> Source:
    """Return the source for an identity page, or 404; log a probe outside scope."""
    try:
        return selectors.source_get(viewer=request.user, pk=pk)
    except Http404:
        source = Source.objects.filter(pk=pk).first()
        if source is not None:
            services.identity_access_record(
                source=source,
                user=request.user,
                action=IdentityAccessLog.Action.DENIED,
                reason="Source outside the viewer's scope",
                ip_address=_ip(request),
            )
        raise


@newsroom_required
@never_cache
@answers_refusals()
def identity_detail(request, pk):
    """Show the handling reporter the identity; show an editor the Reveal form."""
    source = _identity_source(request, pk)
    if permissions.can_read_identity(viewer=request.user, obj=source):
        identity = selectors.identity_for(
            viewer=request.user, source=source, ip_address=_ip(request)
        )
        return render(
            request,
            "sources/security/identity_detail.html",
            {
                "source": source,
                "identity": identity,
                "revealed": True,
                "can_edit": permissions.can_edit_identity(viewer=request.user, obj=source),
            },
        )
    if permissions.can_reveal_identity(viewer=request.user, obj=source):
        return render(
            request,
            "sources/security/identity_detail.html",
            {"source": source, "form": RevealForm(), "revealed": False},
        )
    _deny(request, source, "Opened the identity page")


@newsroom_required
@answers_refusals()
@require_POST
@never_cache
@sensitive_post_parameters()
@sensitive_variables("identity")
def identity_reveal(request, pk):
    """Reveal the identity to an editor who gave a reason; log it either way."""
    source = _identity_source(request, pk)
    form = RevealForm(request.POST)
    if not permissions.can_reveal_identity(viewer=request.user, obj=source):
        _deny(request, source, _logged_reason(request.POST.get("reason", "")))
    if not form.is_valid():
        # Every attempt is logged, a Reveal without a (usable) reason too, saying why.
        given = request.POST.get("reason", "").strip()
        services.identity_access_record(
            source=source,
            user=request.user,
            action=IdentityAccessLog.Action.DENIED,
            reason=f"Reveal refused: {form.errors['reason'][0]}" if given else NO_REASON,
            ip_address=_ip(request),
        )
        return render(
            request,
            "sources/security/identity_detail.html",
            {"source": source, "form": form, "revealed": False},
            status=400,
        )
    identity = selectors.identity_for(
        viewer=request.user,
        source=source,
        reason=form.cleaned_data["reason"],
        ip_address=_ip(request),
    )
    return render(
        request,
        "sources/security/identity_detail.html",
        {"source": source, "identity": identity, "revealed": True, "can_edit": False},
    )


@newsroom_required
@answers_refusals()
@never_cache
@sensitive_post_parameters()
@sensitive_variables("identity", "form")
def identity_edit(request, pk):
    """Let the handling reporter record or correct who the source is."""
    source = _identity_source(request, pk)
    if not permissions.can_edit_identity(viewer=request.user, obj=source):
        _deny(request, source, "Tried to edit the identity")
    if request.method == "POST":
        form = IdentityForm(request.POST)
        if form.is_valid():
            try:
                services.identity_update(
                    source=source, actor=request.user, ip_address=_ip(request), **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Identity of {source.codename} saved.")
                return redirect("sources:identity_detail", pk=source.pk)
    else:
        identity = selectors.identity_for(
            viewer=request.user, source=source, reason="Edit form", ip_address=_ip(request)
        )
        form = IdentityForm(initial=selectors.identity_payload(identity))
    return render(
        request,
        "sources/security/identity_edit.html",
        {"source": source, "form": form},
        status=400 if form.errors else 200,
    )


@newsroom_required
@never_cache
@answers_refusals()
def source_burn(request, pk):
    """Ask an editor or admin for a reason, then erase the identity for good."""
    source = selectors.source_get(viewer=request.user, pk=pk)
    if not permissions.can_burn_source(viewer=request.user, obj=source):
        raise PermissionDenied("Only editors and admins can burn a source.")
    form = BurnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.source_burn(source=source, actor=request.user, reason=form.cleaned_data["reason"])
        messages.success(
            request, f"{source.codename} is burned: its identity details are erased for good."
        )
        return redirect("sources:source_burn", pk=source.pk)
    return render(
        request,
        "sources/security/source_burn.html",
        {"source": source, "form": form},
        status=400 if form.errors else 200,
    )


@newsroom_required
@answers_refusals()
def access_log(request):
    """List every look at, and refused attempt to look at, an identity (admins only)."""
    if not permissions.can_view_access_log(viewer=request.user):
        raise PermissionDenied("Only admins can read the identity access log.")
    entries = selectors.access_log_for(viewer=request.user)
    action = request.GET.get("action", "")
    if action in IdentityAccessLog.Action.values:
        entries = entries.filter(action=action)
    page = Paginator(entries, 50).get_page(query_page(request))
    return render(
        request,
        "sources/security/access_log.html",
        {"page": page, "actions": IdentityAccessLog.Action.choices, "action": action},
    )
