"""Filing a story: the article and its claims, all saved or none."""

from __future__ import annotations

from django import forms

from sources.domain.text import ARTICLE_BODY_MAX, CLAIM_TEXT_MAX
from sources.domain.vocab import Credibility
from sources.forms.fields import (
    CodenameField,
    DateInput,
    LineField,
    ParagraphsField,
    ReferenceChoiceField,
    ReferenceMultipleChoiceField,
    source_choices,
)
from sources.forms.figures import QuantitiesField
from sources.models import (
    Outlet,
    Region,
    Topic,
)
from sources.validators import single_line

CREDIBILITY_CHOICES = Credibility.choices()


class StoryForm(forms.Form):
    """The article a story's claims come from."""

    outlet = ReferenceChoiceField(queryset=Outlet.objects.all(), empty_label=None)
    headline = LineField(max_length=300)
    published_on = forms.DateField(label="Published on", widget=DateInput())
    byline = LineField(max_length=200, required=False)
    url = forms.URLField(
        label="Web address",
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[single_line],
    )
    body = ParagraphsField(
        label="Article text",
        required=False,
        max_length=ARTICLE_BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste the story to have the anonymous attributions in it suggested.",
    )
    # The one-time token that makes a repeated submit land once (services.submission_claim).
    submit_token = LineField(widget=forms.HiddenInput, required=False, max_length=64)


class ClaimForm(forms.Form):
    """One claim in a story, with up to two sources it rests on."""

    text = ParagraphsField(
        label="Claim", widget=forms.Textarea(attrs={"rows": 2}), max_length=CLAIM_TEXT_MAX
    )
    source = CodenameField(
        label="Source",
        widget=forms.TextInput(
            attrs={"list": "source-options", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text="The source's codename.",
    )
    descriptor = LineField(
        label="Descriptor as published",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "descriptor-options", "autocomplete": "off"}),
        help_text="Leave empty to use the source's default descriptor.",
    )
    second_source = CodenameField(
        label="Second source",
        required=False,
        widget=forms.TextInput(
            attrs={"list": "source-options", "autocomplete": "off", "spellcheck": "false"}
        ),
    )
    second_descriptor = LineField(
        label="Second descriptor as published",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"list": "descriptor-options", "autocomplete": "off"}),
    )
    region = ReferenceChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="— no region —"
    )
    topics = ReferenceMultipleChoiceField(
        queryset=Topic.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    credibility = forms.TypedChoiceField(
        label="Credibility",
        choices=CREDIBILITY_CHOICES,
        coerce=int,
        initial=6,
        help_text="How likely the claim looked when it came in.",
    )
    event_start = forms.DateField(label="Event from", required=False, widget=DateInput())
    event_end = forms.DateField(
        label="Event to",
        required=False,
        widget=DateInput(),
        help_text="Leave empty when it happened on one day.",
    )
    quantities = QuantitiesField()

    # Fields whose change alone does not make a row a claim: a row whose credibility
    # was changed and nothing else typed is still an empty row, skipped.
    NOT_CONTENT = frozenset({"credibility", "DELETE"})

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        choices = source_choices(viewer)
        self.fields["source"].queryset = choices
        self.fields["second_source"].queryset = choices

    def has_changed(self):
        """Say whether anything but the credibility (or the Remove box) was filled in."""
        return bool(set(self.changed_data) - self.NOT_CONTENT)

    def clean(self):
        cleaned = super().clean()
        source, second = cleaned.get("source"), cleaned.get("second_source")
        if second and source and second == source:
            self.add_error("second_source", "Name each source once per claim.")
        if cleaned.get("second_descriptor") and not second and "second_source" not in self.errors:
            self.add_error("second_source", "Pick the source this descriptor belongs to.")
        start, end = cleaned.get("event_start"), cleaned.get("event_end")
        if end and not start:
            self.add_error("event_start", "Give the first day too, or leave both empty.")
        elif start and end and end < start:
            self.add_error("event_end", "The end cannot come before the start.")
        return cleaned


class BaseClaimFormSet(forms.BaseFormSet):
    """Claim rows where every row may be left blank; blank rows are skipped.

    Rows shown again with what was typed (after "Add another claim") come in as
    ``initial`` but stay optional, so they count as extra rows, not initial ones.
    """

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove this claim"
            form.fields["DELETE"].help_text = "It is left out when the story is filed."

    def initial_form_count(self):
        return super().initial_form_count() if self.is_bound else 0

    def total_form_count(self):
        if self.is_bound:
            return super().total_form_count()
        return min(len(self.initial or ()) + self.extra, self.max_num)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not self.filled_forms():
            raise forms.ValidationError("Add at least one claim.")

    def filled_forms(self) -> list[forms.Form]:
        """Return the rows to file: filled in, and not marked to be removed."""
        return [
            form
            for form in self.forms
            if form.has_changed()
            and getattr(form, "cleaned_data", None)
            and not self._should_delete_form(form)
        ]


MAX_CLAIMS = 30


def claim_formset(*, extra: int = 2):
    """Return a claim formset class showing ``extra`` blank rows after any initial ones."""
    return forms.formset_factory(
        ClaimForm,
        formset=BaseClaimFormSet,
        extra=extra,
        max_num=MAX_CLAIMS,
        validate_max=True,
        can_delete=True,
        can_delete_extra=True,
    )
