"""Forms and filters for the newsroom's pages.

Every choice list is built from ``sources.selectors`` for the viewer, so a form
can never offer, or accept, a source the viewer may not know about. Forms only
check input; the writes happen in ``sources.services``.
"""

from __future__ import annotations

import functools
import re

import django_filters
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When

from sources import permissions, selectors
from sources.domain.vocab import Credibility, Letter, Outcome
from sources.models import (
    OUTCOME_CHOICES,
    RELATION_CHOICES,
    Article,
    Attribution,
    Claim,
    Evidence,
    LetterOverride,
    Outlet,
    Region,
    Source,
    Topic,
)

CREDIBILITY_CHOICES = Credibility.choices()


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
    plain query). Here the (pk, label) pairs are cached for
    ``SUGGESTIONS_CACHE_SECONDS``; a row added since is accepted at once, as
    validation reads the table, and listed once the cache expires.
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
        return cache.get_or_set(
            f"sources:choices:{queryset.model._meta.label_lower}",
            self._read,
            settings.SUGGESTIONS_CACHE_SECONDS,
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


def _source_choices(viewer):
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


# Vetting -----------------------------------------------------------------------------


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
        self.fields["source"].queryset = _source_choices(viewer)

    def clean_descriptor(self):
        return " ".join(self.cleaned_data["descriptor"].split())

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("source") and not cleaned.get("descriptor"):
            self.add_error("source", "Pick a source or type a published descriptor.")
        return cleaned


# Filing a story ----------------------------------------------------------------------


class StoryForm(forms.Form):
    """The article a story's claims come from."""

    outlet = ReferenceChoiceField(queryset=Outlet.objects.all(), empty_label=None)
    headline = forms.CharField(max_length=300)
    published_on = forms.DateField(label="Published on", widget=DateInput())
    byline = forms.CharField(max_length=200, required=False)
    url = forms.URLField(label="Web address", max_length=500, required=False, assume_scheme="https")
    body = forms.CharField(
        label="Article text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Paste the story to have the anonymous attributions in it suggested.",
    )


class ClaimForm(forms.Form):
    """One claim in a story, with up to two sources it rests on."""

    text = forms.CharField(label="Claim", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    source = CodenameField(
        label="Source",
        widget=forms.TextInput(
            attrs={"list": "source-options", "autocomplete": "off", "spellcheck": "false"}
        ),
        help_text="The source's codename.",
    )
    descriptor = forms.CharField(
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
    second_descriptor = forms.CharField(
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

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _source_choices(viewer)
        self.fields["source"].queryset = choices
        self.fields["second_source"].queryset = choices

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
        filled = [form for form in self.forms if form.has_changed() and form.cleaned_data]
        if not filled:
            raise forms.ValidationError("Add at least one claim.")


MAX_CLAIMS = 30


def claim_formset(*, extra: int = 2):
    """Return a claim formset class showing ``extra`` blank rows after any initial ones."""
    return forms.formset_factory(
        ClaimForm,
        formset=BaseClaimFormSet,
        extra=extra,
        max_num=MAX_CLAIMS,
        validate_max=True,
    )


# Evidence and verdicts ---------------------------------------------------------------


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


class ArticleNumberField(forms.ModelChoiceField):
    """An article typed as its number (the one in its page's address)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"})
    default_error_messages = {"invalid_choice": "No article has number %(value)s."}

    def to_python(self, value):
        return super().to_python(value.strip() if isinstance(value, str) else value)


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
        return super().clean(value)


class EvidenceLinkForm(forms.Form):
    """Link evidence to a claim: evidence already on file, or new evidence described here."""

    relation = forms.ChoiceField(
        choices=[("", "— choose —"), *RELATION_CHOICES],
        help_text="What this evidence says about the claim.",
    )
    existing = EvidenceChoiceField(
        queryset=Evidence.objects.none(),
        label="Evidence already on file",
        required=False,
        empty_label="— record new evidence below —",
        help_text="Listed: evidence on other claims of this article, and the latest recorded.",
    )
    kind = forms.ChoiceField(
        label="Kind of evidence",
        choices=[("", "— choose —"), *Evidence.Kind.choices],
        required=False,
    )
    summary = forms.CharField(
        label="What it shows",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    observed_on = forms.DateField(label="Observed on", required=False, widget=DateInput())
    url = forms.URLField(label="Web address", required=False, max_length=500, assume_scheme="https")
    source = CodenameField(
        label="Came from our source",
        required=False,
        help_text="Type the source's codename, or leave empty if none of ours. "
        "Evidence from a source the claim rests on does not count.",
    )
    article = ArticleNumberField(
        queryset=Article.objects.none(),
        label="Appeared in article",
        required=False,
        help_text="Type the article's number, as in its page address /articles/<number>/.",
    )
    cites = ArticleNumbersField(
        queryset=Article.objects.none(),
        label="Relies on articles",
        required=False,
        help_text="Numbers of the articles it repeats, separated by commas; "
        "evidence that cites the claim's story does not count.",
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    NEW_FIELDS = ("kind", "summary", "observed_on")

    def __init__(self, *args, viewer, claim: Claim, **kwargs):
        super().__init__(*args, **kwargs)
        self.claim = claim
        on_file = selectors.evidence_for(viewer=viewer).exclude(links__claim=claim)
        self.fields["existing"].queryset = on_file.order_by("-observed_on", "-id")
        self.fields["existing"].shown = functools.cache(lambda: _likely_evidence(on_file, claim))
        self.fields["source"].queryset = _source_choices(viewer)
        articles = selectors.articles_for(viewer=viewer).order_by("-published_on", "-id")
        self.fields["article"].queryset = articles
        self.fields["cites"].queryset = articles

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


EVIDENCE_OPTIONS = 50


def _likely_evidence(on_file, claim: Claim) -> list[Evidence]:
    """Return the evidence worth offering for ``claim``: at most ``2 × EVIDENCE_OPTIONS`` rows.

    Evidence on other claims of the same article comes first, then the latest
    recorded. Two index-backed queries, whatever the size of the archive.
    """
    same_article = list(
        on_file.filter(links__claim__article_id=claim.article_id)
        .distinct()
        .order_by("-observed_on", "-id")[:EVIDENCE_OPTIONS]
    )
    seen = {evidence.pk for evidence in same_article}
    latest = [e for e in on_file.order_by("-id")[:EVIDENCE_OPTIONS] if e.pk not in seen]
    return same_article + latest


class VerdictForm(forms.Form):
    """An editor's final outcome; ``version`` refuses a decision made on a stale page."""

    outcome = forms.ChoiceField(label="Verdict", choices=[("", "— choose —"), *OUTCOME_CHOICES])
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="Say what settles it; the reason is kept with the verdict's history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("A verdict needs a reason.")
        return reason


# Lists and search --------------------------------------------------------------------


class SearchForm(forms.Form):
    q = forms.CharField(label="Search", max_length=200, required=False)


class SourceListForm(forms.Form):
    q = forms.CharField(label="Codename or descriptor", max_length=200, required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Source.Status.choices], required=False)


LETTER_CHOICES = Letter.labelled_choices()


def _reporters(request):
    User = get_user_model()
    return User.objects.filter(articles__isnull=False).distinct().order_by("username")


class QueueFilter(django_filters.FilterSet):
    """Narrow the fact-checking queue; the queryset passed in is already the viewer's."""

    ORDER_CHOICES = [("oldest", "Oldest first"), ("priority", "Priority")]

    region = django_filters.ModelChoiceFilter(
        queryset=Region.objects.all(), empty_label="Any region"
    )
    topic = django_filters.ModelChoiceFilter(
        label="Topic",
        field_name="topics",
        queryset=Topic.objects.all(),
        empty_label="Any topic",
        method="filter_topic",
    )
    letter = django_filters.ChoiceFilter(
        label="Source letter",
        choices=LETTER_CHOICES,
        empty_label="Any letter",
        method="filter_letter",
    )
    reporter = django_filters.ModelChoiceFilter(
        label="Reporter",
        field_name="article__reporter",
        queryset=_reporters,
        empty_label="Any reporter",
    )
    order = django_filters.ChoiceFilter(
        label="Sort",
        choices=ORDER_CHOICES,
        empty_label=None,
        method="filter_order",
    )

    class Meta:
        model = Claim
        fields = ["region", "topic", "letter", "reporter"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        viewer = getattr(request, "user", None)
        if not permissions.can_see_staff_names(viewer=viewer):
            # Filtering by reporter would tell a fact-checker who handles a claim's source.
            del self.filters["reporter"]

    def filter_topic(self, queryset, name, value):
        through = Claim.topics.through.objects.filter(claim_id=OuterRef("pk"), topic=value)
        return queryset.filter(Exists(through))

    def filter_letter(self, queryset, name, value):
        """Keep claims resting on at least one source whose suggested letter is ``value``."""
        resting = Attribution.objects.filter(claim_id=OuterRef("pk"), source__rollup__letter=value)
        return queryset.filter(Exists(resting))

    def filter_order(self, queryset, name, value):
        """Sort the queue; the ``qs`` property applies the default when none is chosen."""
        if value == "priority":
            # Disputed claims first, then those assessed most likely true at intake
            # (what we stand behind least checked), then the oldest.
            disputed_first = Case(
                When(outcome=Outcome.DISPUTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
            return queryset.order_by(disputed_first, "credibility", "created_at", "id")
        return queryset.order_by("created_at", "id")

    @property
    def qs(self):
        queryset = super().qs
        chosen = getattr(self.form, "cleaned_data", {}).get("order")
        if not chosen:
            queryset = self.filter_order(queryset, "order", "oldest")
        return queryset


# Letters -----------------------------------------------------------------------------


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
    group_key = forms.CharField(
        max_length=300, error_messages={"required": "Say which group the letter is for."}
    )
    letter = forms.CharField(
        max_length=1,
        error_messages={
            "required": f"The letter must be one of {', '.join(Letter.ALL)}.",
            "max_length": f"The letter must be one of {', '.join(Letter.ALL)}.",
        },
    )
    reason = forms.CharField(error_messages={"required": "Give a reason for the letter."})

    def clean_letter(self) -> str:
        return self.cleaned_data["letter"].upper()
