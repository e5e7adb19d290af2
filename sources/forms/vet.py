"""The vet page's form: what an editor knows of a new tip."""

from __future__ import annotations

from django import forms

from sources.forms.fields import (
    CodenameField,
    LineField,
    ParagraphsField,
    ReferenceChoiceField,
    source_choices,
)
from sources.forms.forecasts import ClaimNumberField
from sources.models import (
    Claim,
    Region,
    Topic,
)
from sources.selectors import claims_for

NOTHING_TO_VET = "Paste the claim, pick a source or type a published descriptor: any one will do."


class VetForm(forms.Form):
    """What an editor knows before publishing: who said it, how, about what."""

    source = CodenameField(
        required=False,
        widget=forms.TextInput(
            attrs={"list": "source-options", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text="Type the source's codename if you know which one it is.",
    )
    descriptor = LineField(
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
    text = ParagraphsField(
        label="The claim you are about to publish",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Paste it to see similar claims from the past; it needs no source.",
    )
    claim = ClaimNumberField(
        label="Claim on file (its number)",
        queryset=Claim.objects.none(),
        required=False,
        help_text="If the claim is already filed and still open, give its number to record "
        "your forecast for it.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = source_choices(viewer)
        self.fields["claim"].queryset = claims_for(viewer=viewer)

    def clean_descriptor(self):
        return " ".join(self.cleaned_data["descriptor"].split())

    def clean(self):
        cleaned = super().clean()
        given = (
            cleaned.get("source")
            or cleaned.get("descriptor")
            or (cleaned.get("text") or "").strip()
            or cleaned.get("claim")
        )
        if not self.errors and not given:
            self.add_error(None, NOTHING_TO_VET)
        return cleaned
