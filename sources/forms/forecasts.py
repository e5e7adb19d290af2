"""An editor's forecast that a claim will be confirmed (vet page, claim page)."""

from __future__ import annotations

from django import forms

from sources.forms.fields import ArticleNumberField


class ClaimNumberField(ArticleNumberField):
    """A claim typed as its number (the one in its page's address)."""

    default_error_messages = {"invalid_choice": "No claim has number %(value)s."}


class ForecastForm(forms.Form):
    """The probability, a whole percentage, that the claim will be confirmed."""

    percent = forms.IntegerField(
        label="Your forecast: chance it will be confirmed (%)",
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1"}),
        help_text="0–100. Kept with your name and the time, never changed; scored once the "
        "claim settles (the calibration page).",
        error_messages={
            "required": "Give your forecast as a percentage, 0–100.",
            # Django fills these in with %-formatting, hence the doubled signs.
            "min_value": "A forecast lies between 0 and 100%%.",
            "max_value": "A forecast lies between 0 and 100%%.",
            "invalid": "Give your forecast as a whole percentage, 0–100.",
        },
    )
