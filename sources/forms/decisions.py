"""An editor's decisions: a verdict on a claim, a letter for a group."""

from __future__ import annotations

from django import forms

from sources.domain.text import LETTER_REASON_MAX, VERDICT_REASON_MAX
from sources.domain.vocab import Letter
from sources.forms.fields import LineField, ParagraphsField
from sources.models import (
    OUTCOME_CHOICES,
    LetterOverride,
)


class VerdictForm(forms.Form):
    """An editor's final outcome; ``version`` refuses a decision made on a stale page."""

    outcome = forms.ChoiceField(label="Verdict", choices=[("", "— choose —"), *OUTCOME_CHOICES])
    reason = ParagraphsField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=VERDICT_REASON_MAX,
        help_text="Say what settles it; the reason is kept with the verdict's history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("A verdict needs a reason.")
        return reason


class LetterOverrideForm(forms.Form):
    """An editor's letter for a report group; which letters and groups exist is the
    service's to say (``services.letter_override_record``)."""

    group_kind = forms.ChoiceField(
        choices=LetterOverride.GroupKind.choices,
        error_messages={
            "required": "Say which kind of group the letter is for.",
            "invalid_choice": "Unknown group kind %(value)r.",
        },
    )
    group_key = LineField(
        max_length=300, error_messages={"required": "Say which group the letter is for."}
    )
    letter = LineField(
        max_length=1,
        error_messages={
            "required": f"The letter must be one of {', '.join(Letter.ALL)}.",
            "max_length": f"The letter must be one of {', '.join(Letter.ALL)}.",
        },
    )
    reason = ParagraphsField(
        max_length=LETTER_REASON_MAX,
        error_messages={"required": "Give a reason for the letter."},
    )

    def clean_letter(self) -> str:
        return self.cleaned_data["letter"].upper()
