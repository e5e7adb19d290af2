"""What templates ask the access policy: staff names as the viewer may read them.

Which links and forms a page shows comes from the context processor
(``sources.context_processors.ledger``) and the views; both ask
``sources.permissions``. This tag does the same for names, so a template
never decides on its own who may read one.
"""

from __future__ import annotations

from django import template

from sources import permissions

register = template.Library()


@register.simple_tag(takes_context=True)
def staff_name(context: template.Context, person: object, default: str = "—") -> str:
    """Render a staff member (or a byline) for the viewer: the name, or "newsroom staff".

    ``default`` is shown when there is nobody (an import, nothing recorded).
    """
    request = context.get("request")
    viewer = getattr(request, "user", None)
    return permissions.staff_name(viewer=viewer, name=person) or default
