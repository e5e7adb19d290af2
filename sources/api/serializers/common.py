"""What the serializers share: viewer-scoped references; staff names for those who may see them."""

from __future__ import annotations

from rest_framework import serializers

from sources import permissions
from sources.validators import single_line


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


class CheckedSlugRelatedField(serializers.SlugRelatedField):
    """A slug (or other key) looked up only once it is one line of clean text.

    DRF's field queries whatever it is given; a NUL would reach the database
    and fail there (a 500 on PostgreSQL) instead of answering 400.
    """

    def to_internal_value(self, data):
        if isinstance(data, str):
            single_line(data)
        return super().to_internal_value(data)


def visible_source(obj) -> bool:
    """Return whether the viewer may know the row's source (annotated by the view)."""
    return bool(getattr(obj, "source_visible", False))


class StaffNamesMixin:
    """Show the ``staff_name_fields`` as ``permissions.staff_name`` says the viewer may read them.

    Whoever filed a claim or wrote an article usually handles its source, and
    fact-checkers never learn a handler's name (docs/security.md): they read
    "newsroom staff" where a name would be; an empty field stays empty.
    """

    staff_name_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        for name in self.staff_name_fields:
            if name in data:
                data[name] = permissions.staff_name(viewer=viewer, name=data[name])
        return data
