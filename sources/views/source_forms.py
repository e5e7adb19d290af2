"""Adding a source, and editing or retiring one; burning stays on its own logged page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render

from sources import permissions, selectors, services
from sources.forms.editing import SourceForm
from sources.views.common import answers_refusals, newsroom_required, require

HISTORY_ROWS = 20


@newsroom_required
@answers_refusals()
def source_new(request):
    """Add a source; a reporter who adds one handles it."""
    viewer = request.user
    require(
        permissions.can_create_source(viewer=viewer),
        "Reporters, editors and admins add sources.",
    )
    status = 200
    if request.method == "POST":
        form = SourceForm(request.POST, viewer=viewer)
        if form.is_valid():
            values = form.values()
            handler = values.pop("handler", None)
            if "handler" not in form.fields:
                handler = viewer
            source = services.source_create(**values, handler=handler, actor=viewer)
            messages.success(
                request, f"Added {source.codename}. Stories can now be attributed to it."
            )
            return redirect("sources:source_detail", pk=source.pk)
        status = 400
    else:
        form = SourceForm(viewer=viewer)
    return render(
        request, "sources/editing/source_form.html", {"form": form, "source": None}, status=status
    )


@newsroom_required
@answers_refusals()
def source_edit(request, pk: int):
    """Edit a source's codename, descriptor, place, desk, handler or status (retire it)."""
    viewer = request.user
    source = selectors.source_get(viewer=viewer, pk=pk, related=("region", "desk"))
    require(
        permissions.can_edit_source(viewer=viewer, obj=source),
        "Its handler, an editor or an admin edits this source.",
    )
    initial = SourceForm.initial_for(source)
    status = 200
    if request.method == "POST":
        form = SourceForm(request.POST, initial=initial, viewer=viewer, source=source)
        if form.is_valid():
            data = form.changes()
            if not data:
                messages.info(request, "Nothing was changed.")
                return redirect("sources:source_detail", pk=source.pk)
            services.source_update(
                source=source, data=data, actor=viewer, reason=form.cleaned_data["reason"]
            )
            retired = data.get("status") == "dormant"
            messages.success(
                request,
                f"{source.codename} retired: its record stays." if retired else "Source updated.",
            )
            return redirect("sources:source_detail", pk=source.pk)
        status = 400
    else:
        form = SourceForm(initial=initial, viewer=viewer, source=source)
    return render(
        request,
        "sources/editing/source_form.html",
        {
            "form": form,
            "source": source,
            "history": selectors.history_for(viewer=viewer, obj=source, limit=HISTORY_ROWS),
        },
        status=status,
    )
