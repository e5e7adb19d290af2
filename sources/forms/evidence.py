"""Linking evidence to a claim: evidence on file, or new evidence recorded on the spot."""

from __future__ import annotations

from django import forms

from sources import selectors
from sources.domain.text import EVIDENCE_SUMMARY_MAX, LINK_NOTE_MAX
from sources.domain.vocab import Basis
from sources.forms.fields import (
    CodenameField,
    DateInput,
    LineField,
    ParagraphsField,
    source_choices,
)
from sources.forms.pickers import PickerChoiceField, PickerForm, PickerMultipleChoiceField
from sources.models import (
    RELATION_CHOICES,
    Article,
    Claim,
    Evidence,
)
from sources.validators import single_line


class EvidenceOriginForm(PickerForm):
    """Where evidence came from: its address, our source, its article, the articles it relies on.

    Shared by the form that links evidence to a claim and the one that
    corrects evidence on file, so both offer the same choices to the viewer.
    """

    url = forms.URLField(
        label="Web address",
        required=False,
        max_length=500,
        assume_scheme="https",
        validators=[single_line],
    )
    source = CodenameField(
        label="Came from our source",
        required=False,
        help_text="Type the source's codename, or leave empty if none of ours. "
        "Evidence from a source the claim rests on does not count.",
    )
    article = PickerChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="Appeared in article",
        required=False,
        none_label="No article",
    )
    cites = PickerMultipleChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="Relies on articles",
        required=False,
        help_text="The articles it repeats; evidence that cites the claim's story, "
        "directly or through others, does not count.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        self.fields["source"].queryset = source_choices(viewer)
        articles = selectors.articles_for(viewer=viewer).order_by("-published_on", "-id")
        self.fields["article"].queryset = articles
        self.fields["cites"].queryset = articles


class EvidenceLinkForm(EvidenceOriginForm):
    """Link evidence to a claim: evidence already on file, or new evidence described here.

    Evidence on file, the article new evidence appeared in and the articles
    it relies on are picked by searching (``sources.forms.pickers``).
    """

    relation = forms.ChoiceField(
        choices=[("", "— choose —"), *RELATION_CHOICES],
        help_text="What this evidence says about the claim.",
    )
    existing = PickerChoiceField(
        kind="evidence",
        queryset=Evidence.objects.none(),
        label="Evidence already on file",
        required=False,
        none_label="None: record new evidence below",
        help_text="Listed first: evidence on other claims of this article, and the latest.",
    )
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "— choose —"), *Evidence.Kind.choices],
        required=False,
    )
    summary = ParagraphsField(
        label="What it shows",
        required=False,
        max_length=EVIDENCE_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    observed_on = forms.DateField(label="Observed on", required=False, widget=DateInput())
    basis = forms.ChoiceField(
        label="How its originator knew",
        choices=Basis.choices(),
        initial=Basis.UNKNOWN,
        required=False,
        help_text="Relayed evidence with no article it relies on counts only once a "
        "fact-checker confirms its upstream is independent.",
    )
    note = ParagraphsField(
        required=False, max_length=LINK_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The one-time token that makes a repeated submit land once (services.submission_claim).
    submit_token = LineField(widget=forms.HiddenInput, required=False, max_length=64)

    NEW_FIELDS = ("kind", "summary", "observed_on")
    field_order = (
        "relation",
        "existing",
        "kind",
        "summary",
        "observed_on",
        "url",
        "source",
        "article",
        "cites",
        "basis",
        "note",
        "submit_token",
    )

    def __init__(self, *args, viewer, claim: Claim, **kwargs):
        self.claim = claim
        super().__init__(*args, viewer=viewer, **kwargs)
        on_file = selectors.evidence_for(viewer=viewer).exclude(links__claim=claim)
        self.fields["existing"].queryset = on_file.order_by("-observed_on", "-id")
        self.fields["existing"].widget.params = {"claim": claim.pk}
        if not self.fields["existing"].widget.query:
            # Before any search: the evidence most likely to bear on this claim.
            self.fields["existing"].widget.hits = selectors.likely_evidence(
                on_file=on_file, claim=claim, limit=selectors.PICK_LIMIT
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("existing"):
            extra = [name for name in ("kind", "summary") if cleaned.get(name)]
            for name in extra:
                self.add_error(name, "Leave this empty when you pick evidence already on file.")
            return cleaned
        if "existing" in self.errors:
            return cleaned
        for name in self.NEW_FIELDS:
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, "Needed for new evidence (or pick evidence on file above).")
        return cleaned
