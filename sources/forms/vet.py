"""The vet page's form: what an editor knows of a new tip."""

from __future__ import annotations

from django import forms

from sources.forms.fields import CodenameField, ReferenceChoiceField, source_choices
from sources.models import (
    Region,
    Topic,
)


class VetForm(forms.Form):
    """What an editor knows before publishing: who said it, how, about what."""

    source = CodenameField(
        required=False,
        widget=forms.TextInput(
            attrs={"list": "source-options", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text="Type the source's codename if you know which one it is.",
    )
    descriptor = forms.CharField(
        label="Published descriptor",
        required=False,
        max_length=300,
        widget=forms.TextInput(attrs={"list": "descriptor-options", "autocomplete": "off"}),
        help_text='Or type how the story describes them, e.g. "a source in Ryanggang Province".',
    )
    topic = ReferenceChoiceField(
        queryset=Topic.objects.all(), required=False, empty_label="— any topic —"
    )
    region = ReferenceChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="— any region —"
    )
    text = forms.CharField(
        label="The claim you are about to publish",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional: paste it to see similar claims from the past.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = source_choices(viewer)

    def clean_descriptor(self):
        return " ".join(self.cleaned_data["descriptor"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("source") and not cleaned.get("descriptor"):
            self.add_error("source", "Pick a source or type a published descriptor.")
        return cleaned
