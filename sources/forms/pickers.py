"""Pick articles and evidence by searching for them, not by typing their numbers.

A picker is a search box and a short list of matches to tick. Without
script, the Search button sends the form back to its page, which lists the
matches (``PickerForm.searching``) and saves nothing. With script, htmx asks
``/pick/articles/`` or ``/pick/evidence/`` as the person types and swaps the
list in place; the ticked rows travel with the request, so a choice made
stays chosen. The field accepts any row of its queryset, as the number
fields did; the list only helps find one.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.forms.utils import ErrorDict
from django.urls import reverse

from sources import selectors
from sources.domain.text import MAX_ID, QUERY_TEXT_MAX, whole_number
from sources.models import Article, Evidence
from sources.validators import single_line

PICK_BUTTON = "pick"


def _ids(value) -> list[int]:
    if value in (None, ""):
        return []
    values = value if isinstance(value, list | tuple) else [value]
    found = []
    for item in values:
        pk = getattr(item, "pk", item)
        number = whole_number(str(pk), minimum=1, maximum=MAX_ID)
        if number is not None and number not in found:
            found.append(number)
    return found


def describe_article(article: Article) -> dict:
    parts = [str(article.outlet), f"{article.published_on:%-d %b %Y}"]
    if article.url:
        parts.append(article.url)
    return {"pk": article.pk, "label": article.headline, "detail": " · ".join(parts)}


def describe_evidence(evidence: Evidence) -> dict:
    parts = [f"observed {evidence.observed_on:%-d %b %Y}", evidence.get_kind_display()]
    if evidence.article_id:
        parts.append(f"in “{evidence.article.headline}”")
    if evidence.url:
        parts.append(evidence.url)
    summary = evidence.summary if len(evidence.summary) <= 160 else evidence.summary[:159] + "…"
    return {"pk": evidence.pk, "label": summary, "detail": " · ".join(parts)}


KINDS = {
    "article": {
        "url": "sources:pick_articles",
        "describe": describe_article,
        "hint": "Type words of the headline or the outlet, a date (2016-08-25) or the address.",
    },
    "evidence": {
        "url": "sources:pick_evidence",
        "describe": describe_evidence,
        "hint": "Type words of what it shows, its address, the article it was in, or a date.",
    },
}


class PickerWidget(forms.Widget):
    """A search box with the matches as radio buttons (one) or checkboxes (several)."""

    template_name = "sources/widgets/picker.html"

    def __init__(self, *, kind: str, multiple: bool = False, attrs=None):
        super().__init__(attrs=attrs)
        self.kind = kind
        self.multiple = multiple
        self.query = ""
        self.hits: list = []
        self.lookup = None  # ids -> rows, set by the field
        self.params: dict = {}  # extra query parameters for the live search
        self.none_label = "None"

    def value_from_datadict(self, data, files, name):
        if self.multiple:
            getter = getattr(data, "getlist", None)
            values = getter(name) if getter else data.get(name) or []
            return [value for value in values if value]
        return data.get(name) or None

    def value_omitted_from_data(self, data, files, name):
        return False

    def id_for_label(self, id_):
        return f"{id_}_q" if id_ else id_

    def options(self, value) -> list[dict]:
        """Return the rows to list: those chosen first (ticked), then the matches."""
        describe = KINDS[self.kind]["describe"]
        chosen_ids = _ids(value)
        chosen = []
        if chosen_ids and self.lookup is not None:
            rows = self.lookup(chosen_ids)
            chosen = [dict(describe(rows[pk]), selected=True) for pk in chosen_ids if pk in rows]
        shown = {option["pk"] for option in chosen}
        return chosen + [
            dict(describe(row), selected=False) for row in self.hits if row.pk not in shown
        ]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        params = {"name": name, "multiple": "1" if self.multiple else "", **self.params}
        context["widget"].update(
            {
                "options": self.options(value),
                "query": self.query,
                "query_name": f"{name}_q",
                "multiple": self.multiple,
                "kind": self.kind,
                "hint": KINDS[self.kind]["hint"],
                "none_label": self.none_label,
                "search_url": f"{reverse(KINDS[self.kind]['url'])}?{urlencode(params)}",
                "button": PICK_BUTTON,
            }
        )
        return context


class _Picker:
    """What both picker fields share: rows looked up by id, described by kind."""

    def _setup(self, *, kind: str, multiple: bool, none_label: str) -> None:
        self.widget = PickerWidget(kind=kind, multiple=multiple)
        self.widget.none_label = none_label
        self.widget.lookup = self._rows

    def _rows(self, ids: list[int]) -> dict:
        queryset = self.queryset
        if self.widget.kind == "article":
            queryset = queryset.select_related("outlet")
        else:
            queryset = queryset.select_related("article")
        return queryset.in_bulk(ids)


class PickerChoiceField(_Picker, forms.ModelChoiceField):
    """One article or piece of evidence, picked by searching."""

    default_error_messages = {"invalid_choice": "Pick one of the matches listed."}

    def __init__(self, *, kind: str, none_label: str = "None", **kwargs):
        super().__init__(**kwargs)
        self._setup(kind=kind, multiple=False, none_label=none_label)

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.lookup = result._rows
        return result

    def to_python(self, value):
        if value not in self.empty_values and not _ids(value):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().to_python(value)


class PickerMultipleChoiceField(_Picker, forms.ModelMultipleChoiceField):
    """Any number of articles, picked by searching."""

    default_error_messages = {
        "invalid_choice": "Pick among the matches listed.",
        "invalid_pk_value": "Pick among the matches listed.",
    }

    def __init__(self, *, kind: str, **kwargs):
        super().__init__(**kwargs)
        self._setup(kind=kind, multiple=True, none_label="")

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.lookup = result._rows
        return result

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value] if value else []
        if len(_ids(values)) != len({str(v) for v in values}):
            raise forms.ValidationError(self.error_messages["invalid_choice"], "invalid_choice")
        return super().clean(values)


class PickerForm(forms.Form):
    """A form with pickers: fills each picker's matches from its search box.

    ``searching`` says the person pressed a picker's Search button: the view
    shows the form again with the matches and saves nothing, and no error is
    shown for fields not filled in yet.
    """

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        self.searching = self.is_bound and PICK_BUTTON in self.data
        for name, field in self.fields.items():
            if isinstance(field.widget, PickerWidget):
                query = ""
                if self.is_bound:
                    query = str(self.data.get(f"{self.add_prefix(name)}_q", ""))[:QUERY_TEXT_MAX]
                    try:
                        single_line(query)
                    except forms.ValidationError:
                        query = ""
                field.widget.query = query
                field.widget.hits = self.matches(field, query) if query.strip() else []
        if self.searching:
            self._errors = ErrorDict()

    def matches(self, field, query: str) -> list:
        """Return the rows a picker lists for ``query``: the viewer's, searched by kind."""
        if field.widget.kind == "evidence":
            return selectors.evidence_search(
                viewer=self.viewer, query=query, exclude_claim=getattr(self, "claim", None)
            )
        return selectors.article_search(viewer=self.viewer, query=query)
