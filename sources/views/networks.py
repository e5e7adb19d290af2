"""Source networks: the list, one network with its sources, and the editor's forms.

Those who may see networks (``permissions.can_see_networks``) read the
pages; editors (``can_manage_networks``) create, rename and delete them and
put sources in them. Every change re-judges the claims it touches.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from sources import permissions, selectors, services
from sources.forms.origins import NetworkForm, NetworkMembersForm
from sources.views.common import answers_refusals, newsroom_required, require

REASON = "Changed on the network page"


def _network_or_404(viewer, pk: int):
    found = selectors.networks_for(viewer=viewer).filter(pk=pk).first()
    if found is None:
        raise Http404("No such network.")
    return found


@newsroom_required
@require_http_methods(["GET", "POST"])
@answers_refusals()
def network_list(request):
    """List the networks; editors create one here."""
    viewer = request.user
    require(
        permissions.can_see_networks(viewer=viewer),
        "Networks are for editors and fact-checkers.",
    )
    can_manage = permissions.can_manage_networks(viewer=viewer)
    form = NetworkForm() if can_manage else None
    status = 200
    if request.method == "POST":
        require(can_manage, "Only editors create networks.")
        form = NetworkForm(request.POST)
        if form.is_valid():
            try:
                network = services.network_create(**form.cleaned_data, actor=viewer)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Network {network.name} created; add its sources.")
                return redirect(reverse("sources:network_detail", args=[network.pk]))
        status = 400
    networks = list(selectors.networks_for(viewer=viewer).order_by("name"))
    return render(
        request,
        "sources/networks/network_list.html",
        {"networks": networks, "form": form, "can_manage": can_manage},
        status=status,
    )


@newsroom_required
@require_http_methods(["GET", "POST"])
@answers_refusals()
def network_detail(request, pk: int):
    """Show a network and its sources; editors rename it and set its sources here."""
    viewer = request.user
    require(
        permissions.can_see_networks(viewer=viewer),
        "Networks are for editors and fact-checkers.",
    )
    network = _network_or_404(viewer, pk)
    can_manage = permissions.can_manage_networks(viewer=viewer)
    visible = selectors.sources_for(viewer=viewer)
    members = list(visible.filter(network=network).order_by("codename"))
    edit_form = members_form = None
    if can_manage:
        edit_form = NetworkForm(
            initial={"name": network.name, "kind": network.kind, "notes": network.notes}
        )
        members_form = NetworkMembersForm(
            initial={"codenames": ", ".join(source.codename for source in members)},
            sources=visible,
        )
    status = 200
    if request.method == "POST":
        require(can_manage, "Only editors change networks.")
        if request.POST.get("action") == "members":
            members_form = NetworkMembersForm(request.POST, sources=visible)
            if members_form.is_valid():
                joined, left = services.network_members_set(
                    network=network,
                    sources=members_form.cleaned_data["codenames"],
                    actor=viewer,
                    reason=REASON,
                )
                messages.success(
                    request,
                    f"{joined} source{'s' if joined != 1 else ''} joined and {left} left "
                    f"{network.name}; their claims were judged again.",
                )
                return redirect(reverse("sources:network_detail", args=[network.pk]))
        else:
            edit_form = NetworkForm(request.POST)
            if edit_form.is_valid():
                try:
                    services.network_update(
                        network=network, data=edit_form.cleaned_data, actor=viewer, reason=REASON
                    )
                except ValidationError as error:
                    edit_form.add_error(None, error)
                else:
                    messages.success(request, f"Network {network.name} saved.")
                    return redirect(reverse("sources:network_detail", args=[network.pk]))
        status = 400
    return render(
        request,
        "sources/networks/network_detail.html",
        {
            "network": network,
            "members": members,
            "edit_form": edit_form,
            "members_form": members_form,
            "can_manage": can_manage,
        },
        status=status,
    )


@newsroom_required
@require_POST
@answers_refusals()
def network_delete(request, pk: int):
    """Delete a network; its sources leave it and their claims are judged again."""
    viewer = request.user
    require(permissions.can_manage_networks(viewer=viewer), "Only editors delete networks.")
    network = _network_or_404(viewer, pk)
    name = network.name
    services.network_delete(network=network, actor=viewer, reason=REASON)
    messages.success(request, f"Network {name} deleted; its sources' claims were judged again.")
    return redirect(reverse("sources:network_list"))
