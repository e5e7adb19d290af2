"""Independent origins: a relay's confirmation, a ruling on a likely copy, source networks."""

from __future__ import annotations

import re

from django import forms

from sources.domain.text import LINK_NOTE_MAX, VERDICT_REASON_MAX
from sources.domain.vocab import CopyRuling, NetworkKind
from sources.forms.fields import LineField, ParagraphsField
from sources.models import Source
from sources.validators import single_line


class RelayConfirmForm(forms.Form):
    """A fact-checker's word that a relay's upstream is independent of the claim."""

    reason = ParagraphsField(
        label="How the upstream was established",
        max_length=VERDICT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Who the relay's own source is, and why they are not one of the claim's.",
    )


class CopyRulingForm(forms.Form):
    """A fact-checker's ruling on a text the copy check flagged, with its reason."""

    ruling = forms.ChoiceField(
        choices=CopyRuling.choices(), widget=forms.RadioSelect, label="Ruling"
    )
    reason = ParagraphsField(
        label="Why",
        max_length=VERDICT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Say what you compared: a copy does not count, an independent text does.",
    )


class NetworkForm(forms.Form):
    """A network's name, kind and notes."""

    name = LineField(max_length=100, help_text='How reasons name it, e.g. "Hyesan traders".')
    kind = forms.ChoiceField(choices=NetworkKind.choices(), initial=NetworkKind.NETWORK)
    notes = ParagraphsField(
        required=False, max_length=LINK_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class NetworkMembersForm(forms.Form):
    """The codenames of a network's sources, typed or pasted, separated by commas or spaces.

    A text box rather than a list of every source: a large newsroom has tens
    of thousands, and an editor knows the few they mean.
    """

    codenames = forms.CharField(
        label="Sources in this network",
        required=False,
        max_length=5000,
        validators=[single_line],
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text="Codenames separated by commas. A source in another network moves to this one.",
    )

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.sources = sources

    def clean_codenames(self) -> list[Source]:
        parts = re.split(r"[,\s]+", self.cleaned_data["codenames"])
        given = [name for name in dict.fromkeys(parts) if name]
        exact = {source.codename: source for source in self.sources.filter(codename__in=given)}
        chosen, unknown = [], []
        for name in given:
            match = exact.get(name) or self.sources.filter(codename__iexact=name).first()
            if match is None:
                unknown.append(name)
            elif match not in chosen:
                chosen.append(match)
        if unknown:
            raise forms.ValidationError(
                "No source you may see has the codename %(names)s.",
                params={"names": ", ".join(unknown)},
            )
        return chosen
