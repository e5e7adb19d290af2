"""Correcting the record: claims, their sources, articles, citations, evidence, sources.

Every form that changes something already filed asks why, and the reason is
kept in the history beside the change. The history keeps at most
``CHANGE_REASON_MAX`` characters of it (django-simple-history's column).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from sources import permissions
from sources.domain.text import (
    ARTICLE_BODY_MAX,
    CLAIM_TEXT_MAX,
    EVIDENCE_SUMMARY_MAX,
    LINK_NOTE_MAX,
    VERDICT_REASON_MAX,
)
from sources.domain.vocab import Credibility
from sources.forms.evidence import EvidenceOriginForm
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
from sources.forms.pickers import PickerForm, PickerMultipleChoiceField
from sources.models import (
    RELATION_CHOICES,
    Article,
    Desk,
    Evidence,
    Outlet,
    Region,
    Source,
    Topic,
)
from sources.validators import single_line

# django-simple-history keeps a change's reason in a 100-character column.
CHANGE_REASON_MAX = 100


class ReasonField(LineField):
    """Why a change is made: required, one line, kept in the history."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Why")
        kwargs.setdefault("max_length", CHANGE_REASON_MAX)
        kwargs.setdefault("help_text", "Kept in the history beside the change.")
        super().__init__(**kwargs)

    def clean(self, value):
        value = " ".join(super().clean(value).split())
        if self.required and not value:
            raise forms.ValidationError("Say why you make this change.", code="required")
        return value


def _dates_in_order(form: forms.Form, cleaned: dict) -> None:
    start, end = cleaned.get("event_start"), cleaned.get("event_end")
    if end and not start:
        form.add_error("event_start", "Give the first day too, or leave both empty.")
    elif start and end and end < start:
        form.add_error("event_end", "The end cannot come before the start.")


class ClaimCorrectionForm(forms.Form):
    """A claim's wording, dates, region, topics, credibility and figures, and why they change."""

    text = ParagraphsField(
        label="Claim", max_length=CLAIM_TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    event_start = forms.DateField(label="Event from", required=False, widget=DateInput())
    event_end = forms.DateField(
        label="Event to",
        required=False,
        widget=DateInput(),
        help_text="Leave empty when it happened on one day.",
    )
    region = ReferenceChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="— no region —"
    )
    topics = ReferenceMultipleChoiceField(
        queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    credibility = forms.TypedChoiceField(
        choices=Credibility.choices(),
        coerce=int,
        help_text="How likely the claim looked when it came in; you are recorded as assessing it.",
    )
    quantities = QuantitiesField()
    reason = ReasonField()

    FIELDS = ("text", "event_start", "event_end", "region", "topics", "credibility", "quantities")

    @classmethod
    def initial_for(cls, claim) -> dict:
        return {
            "text": claim.text,
            "event_start": claim.event_start,
            "event_end": claim.event_end,
            "region": claim.region_id,
            "topics": [topic.pk for topic in claim.topics.all()],
            "credibility": claim.credibility,
            "quantities": list(claim.quantities.order_by("id")),
        }

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("A claim needs its text.")
        return text

    def clean(self):
        cleaned = super().clean()
        _dates_in_order(self, cleaned)
        return cleaned

    def changes(self) -> dict:
        """Return the fields whose value the person changed, as ``claim_update`` takes them."""
        data = {name: self.cleaned_data[name] for name in self.FIELDS if name in self.changed_data}
        if "topics" in data:
            data["topics"] = list(data["topics"])
        return data


class AttributionForm(forms.Form):
    """A source a claim rests on and its descriptor as printed; ``reason`` says why it changes."""

    source = CodenameField(label="Source", help_text="The source's codename.")
    descriptor = LineField(
        label="Descriptor as published",
        max_length=300,
        required=False,
        help_text="Leave empty to use the source's default descriptor.",
    )
    reason = ReasonField()

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = source_choices(viewer)


class ReasonForm(forms.Form):
    """Only why: for removing an attribution, unlinking evidence."""

    reason = ReasonField()


class RetractForm(forms.Form):
    """Retract a claim: the verdict "retracted", with the reason kept beside it."""

    reason = ParagraphsField(
        label="Why it is retracted",
        max_length=VERDICT_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept with the verdict; readers of the claim page see it.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Say why the claim is retracted.")
        return reason


class AssignForm(forms.Form):
    """Hand a claim to a fact-checker; "nobody" takes the assignment back."""

    assignee = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        label="Assign to",
        required=False,
        empty_label="— nobody —",
    )
    reason = ReasonField(required=False, help_text="Optional; kept in the history.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = permissions.assignable_users()
        self.fields["assignee"].label_from_instance = lambda user: (
            user.get_full_name() or user.get_username()
        )


class LinkEditForm(forms.Form):
    """What one piece of evidence says about the claim, and the note on the link."""

    relation = forms.ChoiceField(choices=RELATION_CHOICES)
    note = ParagraphsField(
        required=False, max_length=LINK_NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = ReasonField()


class EvidenceEditForm(EvidenceOriginForm):
    """Evidence as recorded: its kind, what it shows, where and when it was seen, what it cites."""

    kind = forms.ChoiceField(label="Kind of evidence", choices=Evidence.Kind.choices)
    summary = ParagraphsField(
        label="What it shows",
        max_length=EVIDENCE_SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    observed_on = forms.DateField(label="Observed on", widget=DateInput())
    reason = ReasonField()

    FIELDS = ("kind", "summary", "observed_on", "url", "source", "article", "cites")
    field_order = (*FIELDS, "reason")

    @classmethod
    def initial_for(cls, evidence, *, viewer) -> dict:
        visible = evidence.source_id and permissions.can_see_source(
            viewer=viewer, obj=evidence.source
        )
        return {
            "kind": evidence.kind,
            "summary": evidence.summary,
            "observed_on": evidence.observed_on,
            "url": evidence.url,
            "source": evidence.source.codename if visible else "",
            "article": evidence.article_id,
            "cites": [article.pk for article in evidence.cites.all()],
        }

    def changes(self, *, evidence) -> dict:
        data = {}
        for name in self.FIELDS:
            if name not in self.changed_data:
                continue
            value = self.cleaned_data[name]
            if name == "summary":
                value = value.strip()
            if name == "cites":
                value = list(value)
            data[name] = value
        return data


class ArticleEditForm(forms.Form):
    """An article's outlet, headline, date, byline, address and text, and why they change."""

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
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    reason = ReasonField()

    FIELDS = ("outlet", "headline", "published_on", "byline", "url", "body")

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        if not permissions.can_see_staff_names(viewer=viewer):
            # A byline may name a colleague; those who see no staff names do not edit it.
            del self.fields["byline"]

    @classmethod
    def initial_for(cls, article) -> dict:
        return {name: getattr(article, name) for name in cls.FIELDS if name != "outlet"} | {
            "outlet": article.outlet_id
        }

    def changes(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in self.FIELDS
            if name in self.fields and name in self.changed_data
        }


class OutsideArticleForm(PickerForm):
    """An article from outside the newsroom, recorded to trace who cites whom."""

    url = forms.URLField(
        label="Web address", max_length=500, assume_scheme="https", validators=[single_line]
    )
    outlet = ReferenceChoiceField(
        queryset=Outlet.objects.all(),
        required=False,
        empty_label="— a new outlet, named below —",
    )
    new_outlet = LineField(
        label="Or a new outlet",
        max_length=200,
        required=False,
        help_text="Its name, when it is not in the list.",
    )
    published_on = forms.DateField(label="Published on", widget=DateInput())
    headline = LineField(max_length=300)
    cites = PickerMultipleChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="It cites",
        required=False,
        help_text="Articles it repeats or relies on.",
    )
    cited_by = PickerMultipleChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="Cited by",
        required=False,
        help_text="Articles that repeat or rely on it.",
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        from sources import selectors

        articles = selectors.articles_for(viewer=viewer).order_by("-published_on", "-id")
        self.fields["cites"].queryset = articles
        self.fields["cited_by"].queryset = articles

    def clean(self):
        cleaned = super().clean()
        outlet, name = cleaned.get("outlet"), (cleaned.get("new_outlet") or "").strip()
        if outlet and name:
            self.add_error("new_outlet", "Pick an outlet or name a new one, not both.")
        elif not outlet and not name and "outlet" not in self.errors:
            self.add_error("outlet", "Pick the outlet, or name a new one below.")
        return cleaned


class CitationsForm(PickerForm):
    """Add and remove citations of one article, in both directions, with why."""

    add_cites = PickerMultipleChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="It also cites",
        required=False,
    )
    add_cited_by = PickerMultipleChoiceField(
        kind="article",
        queryset=Article.objects.none(),
        label="It is also cited by",
        required=False,
    )
    remove_cites = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(),
        label="No longer cites",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    remove_cited_by = forms.ModelMultipleChoiceField(
        queryset=Article.objects.none(),
        label="No longer cited by",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reason = ReasonField()

    def __init__(self, *args, viewer, article, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        from sources import selectors

        self.article = article
        articles = selectors.articles_for(viewer=viewer).exclude(pk=article.pk)
        self.fields["add_cites"].queryset = articles.exclude(cited_by=article)
        self.fields["add_cited_by"].queryset = articles.exclude(cites=article)
        self.fields["remove_cites"].queryset = articles.filter(cited_by=article).select_related(
            "outlet"
        )
        self.fields["remove_cited_by"].queryset = articles.filter(cites=article).select_related(
            "outlet"
        )
        for name in ("remove_cites", "remove_cited_by"):
            self.fields[name].label_from_instance = lambda other: (
                f"{other.headline} ({other.outlet}, {other.published_on:%-d %b %Y})"
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            cleaned.get(name)
            for name in ("add_cites", "add_cited_by", "remove_cites", "remove_cited_by")
        ):
            self.add_error(None, "Pick an article to add, or tick one to remove.")
        return cleaned


class SourceForm(forms.Form):
    """A source's codename, descriptor, place and standing; its handler for editors."""

    codename = LineField(max_length=100, help_text="What the newsroom calls this source.")
    descriptor = LineField(
        label="Default published descriptor",
        max_length=300,
        help_text='How stories describe this source, e.g. "a source in Ryanggang Province".',
    )
    region = ReferenceChoiceField(
        queryset=Region.objects.all(), required=False, empty_label="— no region —"
    )
    affiliation = forms.ChoiceField(choices=Source.Affiliation.choices)
    is_confidential = forms.BooleanField(label="Anonymous in print", required=False, initial=True)
    desk = forms.ModelChoiceField(
        queryset=Desk.objects.none(), required=False, empty_label="— no desk —"
    )
    handler = forms.ModelChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label="— nobody yet —",
        help_text="The reporter who handles this source.",
    )
    status = forms.ChoiceField(
        choices=[
            (Source.Status.ACTIVE, "Active"),
            (Source.Status.DORMANT, "Dormant (retired)"),
        ],
        help_text="A retired source stays in the record; burning is on its own page.",
    )
    first_contact_on = forms.DateField(label="First contact", required=False, widget=DateInput())
    reason = ReasonField()

    FIELDS = (
        "codename",
        "descriptor",
        "region",
        "affiliation",
        "is_confidential",
        "desk",
        "handler",
        "status",
        "first_contact_on",
    )

    def __init__(self, *args, viewer, source: Source | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.source = source
        # Editors and admins (who may burn a source) name its handler and put it on any desk.
        if permissions.can_burn_source(viewer=viewer):
            self.fields["desk"].queryset = Desk.objects.all()
            self.fields["handler"].queryset = permissions.possible_handlers()
        else:
            # A reporter handles the sources they add, on their own desks.
            self.fields["desk"].queryset = Desk.objects.filter(members=viewer.pk)
            del self.fields["handler"]
        if source is None:
            del self.fields["reason"]
            del self.fields["status"]
        elif source.status == Source.Status.BURNED:
            del self.fields["status"]

    @classmethod
    def initial_for(cls, source: Source) -> dict:
        return {
            name: getattr(source, f"{name}_id" if name in ("region", "desk", "handler") else name)
            for name in cls.FIELDS
        }

    def clean_codename(self):
        return " ".join(self.cleaned_data["codename"].split())

    def clean_descriptor(self):
        return " ".join(self.cleaned_data["descriptor"].split())

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.FIELDS if name in self.fields}

    def changes(self) -> dict:
        return {name: value for name, value in self.values().items() if name in self.changed_data}
