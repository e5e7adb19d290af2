"""Fields and widgets the forms share: checked text, reference lists, codenames, article numbers."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings

from sources import cache_versions, selectors
from sources.domain.text import MAX_ID, whole_number
from sources.models import (
    Evidence,
    Source,
)
from sources.validators import multi_line, single_line


class LineField(forms.CharField):
    """One line of text: no NUL, tab, line break or other control character."""

    default_validators = [single_line]


class ParagraphsField(forms.CharField):
    """Text that may run over several lines: tabs and line breaks allowed, other controls not."""

    default_validators = [multi_line]
    widget = forms.Textarea


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ReferenceChoiceIterator(forms.models.ModelChoiceIterator):
    """Offer a small reference table's rows, read once per process every few minutes.

    Topics, regions and outlets change a few times a year, and every vet page
    and story form lists them. Django's iterator reads them on every render
    with ``QuerySet.iterator()``, which on PostgreSQL opens a server-side
    cursor (declare, fetch, close: 2.1 ms for ten topics against 0.7 ms for a
    plain query). Here the (pk, label) pairs are cached under the
    "reference-lists" version, which any save or delete of a topic, region,
    outlet or desk bumps (``sources.cache_versions``): a row added is listed
    on the next page, on every server.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, label in self._pairs():
            yield (forms.models.ModelChoiceIteratorValue(pk, None), label)

    def __len__(self):
        return len(self._pairs()) + (self.field.empty_label is not None)

    def _pairs(self) -> list[tuple[int, str]]:
        queryset = self.queryset
        if queryset.query.where or self.field.to_field_name:
            # Only whole tables by primary key are shared between forms.
            return self._read()
        return cache_versions.get_or_set(
            names=(cache_versions.REFERENCE_LISTS,),
            parts=("choices", queryset.model._meta.label_lower),
            build=self._read,
            timeout=settings.SUGGESTIONS_CACHE_SECONDS,
        )

    def _read(self) -> list[tuple[int, str]]:
        return [(obj.pk, self.field.label_from_instance(obj)) for obj in self.queryset.all()]


class ReferenceSelect(forms.Select):
    """A select that writes its options inline rather than including a template for each."""

    template_name = "sources/widgets/select.html"


class ReferenceChoiceField(forms.ModelChoiceField):
    """Choose from a small reference table: topics, regions, outlets."""

    iterator = ReferenceChoiceIterator
    widget = ReferenceSelect


class ReferenceMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Choose any number of rows from a small reference table."""

    iterator = ReferenceChoiceIterator


def source_choices(viewer):
    return selectors.sources_for(viewer=viewer).order_by("codename")


class CodenameField(forms.ModelChoiceField):
    """Take a source's codename typed into a text box, checked against the viewer's sources.

    A select would hold one option per source (20,000 in a large newsroom);
    a text box costs nothing to render and validates just the same.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"})
    default_error_messages = {
        "invalid_choice": "No source you may see has that codename.",
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("queryset", Source.objects.none())
        super().__init__(to_field_name="codename", **kwargs)

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        if value in self.empty_values:
            return None
        try:
            # Checked before the query: a NUL would otherwise reach the database.
            single_line(value)
        except forms.ValidationError:
            self.rejected = value
            raise
        sources = self.queryset
        match = sources.filter(codename=value).first() or (
            sources.filter(codename__iexact=value).first() if isinstance(value, str) else None
        )
        if match is None:
            self.rejected = value
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return match

    def bound_data(self, data, initial):
        """Show a refused codename as empty, as a select would, rather than echo it back."""
        if isinstance(data, str) and data.strip() == getattr(self, "rejected", None):
            return ""
        return super().bound_data(data, initial)


class _ShortListIterator(forms.models.ModelChoiceIterator):
    """Offer only ``field.shown()`` as options; the field still accepts its whole queryset."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.shown():
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.shown()) + (self.field.empty_label is not None)


class EvidenceChoiceField(forms.ModelChoiceField):
    """Evidence on file: a short list of likely rows as options, any viewer-visible row accepted.

    ``shown`` returns the options; by default none besides the empty one.
    """

    iterator = _ShortListIterator

    def shown(self):
        return []

    def label_from_instance(self, obj: Evidence) -> str:
        return f"{obj.observed_on:%d %b %Y} — {obj.summary[:80]}"


def _is_id(text: str) -> bool:
    """Say whether ``text`` can be a row id; a 20-digit number cannot, and never reaches a query."""
    return whole_number(text, minimum=1, maximum=MAX_ID) is not None


class ArticleNumberField(forms.ModelChoiceField):
    """An article typed as its number (the one in its page's address)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid_choice": "No article has number %(value)s."}

    def to_python(self, value):
        value = value.strip() if isinstance(value, str) else value
        if isinstance(value, str) and value and not _is_id(value):
            single_line(value)  # a control character is named, never echoed back
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class _NumbersInput(forms.TextInput):
    def format_value(self, value):
        if isinstance(value, list | tuple):
            value = ", ".join(str(item) for item in value)
        return super().format_value(value)


class ArticleNumbersField(forms.ModelMultipleChoiceField):
    """Articles typed as their numbers, separated by commas or spaces."""

    widget = _NumbersInput(attrs={"autocomplete": "off"})
    default_error_messages = {
        "invalid_choice": "No article has number %(value)s.",
        "invalid_pk_value": "“%(pk)s” is not an article number.",
    }

    def clean(self, value):
        if isinstance(value, str):
            value = [part for part in re.split(r"[\s,;]+", value) if part]
        for part in value if isinstance(value, list | tuple) else ():
            given = str(part)
            if not _is_id(given):
                # A 20-digit number never reaches the query (SQLite cannot bind it);
                # a control character is named, never echoed back.
                single_line(given)
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": given},
                )
        return super().clean(value)
