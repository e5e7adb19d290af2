"""What the serializers share: viewer-scoped references; staff names for those who may see them."""

from __future__ import annotations

from rest_framework import serializers

from sources import permissions


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must name a row the requesting viewer may see.

    ``selector`` is one of ``sources.selectors``'s ``*_for`` functions; an id
    outside the viewer's scope is refused exactly like an id that does not
    exist, so the refusal leaks nothing.
    """

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        return self.selector(viewer=viewer)


def visible_source(obj) -> bool:
    """Return whether the viewer may know the row's source (annotated by the view)."""
    return bool(getattr(obj, "source_visible", False))


class StaffNamesMixin:
    """Blank the ``staff_name_fields`` for viewers who may not see staff names (fact-checkers).

    Whoever filed a claim or wrote an article usually handles its source, and
    fact-checkers never learn a handler's name (docs/security.md).
    """

    staff_name_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not permissions.can_see_staff_names(viewer=request.user):
            for name in self.staff_name_fields:
                if name in data:
                    data[name] = None
        return data
