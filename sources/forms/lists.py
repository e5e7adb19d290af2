"""Search boxes and the filters of the lists and the queue."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from sources import permissions, selectors
from sources.domain.vocab import Letter
from sources.forms.fields import LineField
from sources.models import (
    Attribution,
    Claim,
    Region,
    Source,
    Topic,
)


class SearchForm(forms.Form):
    q = LineField(label="Search", max_length=200, required=False)


class SourceListForm(forms.Form):
    q = LineField(label="Codename or descriptor", max_length=200, required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Source.Status.choices], required=False)


LETTER_CHOICES = Letter.labelled_choices()


def _reporters(request):
    return selectors.reporters_for(viewer=getattr(request, "user", None))


class QueueFilter(django_filters.FilterSet):
    """Narrow the fact-checking queue; the queryset passed in is already the viewer's."""

    ORDER_CHOICES = [
        ("oldest", "Oldest first"),
        ("priority", "Priority"),
        ("deadline", "Nearest check-by date"),
    ]
    ORDERS = {"oldest": "oldest_first", "priority": "by_priority", "deadline": "by_deadline"}

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
    mine = django_filters.BooleanFilter(
        label="Assigned to me",
        method="filter_mine",
        widget=forms.CheckboxInput,
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
        """Keep claims resting on a source the viewer may see whose suggested letter is ``value``.

        Only visible sources count: another desk's source must not sort claims
        for a reporter by a letter they may not know.
        """
        viewer = getattr(self.request, "user", None)
        resting = Attribution.objects.filter(claim_id=OuterRef("pk"), source__rollup__letter=value)
        if not permissions.sees_every_source(viewer=viewer):
            resting = resting.filter(source__in=selectors.sources_for(viewer=viewer).values("pk"))
        return queryset.filter(Exists(resting))

    def filter_mine(self, queryset, name, value):
        """Keep the claims an editor assigned to the viewer, when the box is ticked."""
        if not value:
            return queryset
        return queryset.assigned_to(getattr(self.request, "user", None))

    def filter_order(self, queryset, name, value):
        """Sort the queue; the ``qs`` property applies the default when none is chosen."""
        return getattr(queryset, self.ORDERS.get(value, "oldest_first"))()

    @property
    def qs(self):
        queryset = super().qs
        chosen = getattr(self.form, "cleaned_data", {}).get("order")
        if not chosen:
            queryset = self.filter_order(queryset, "order", "oldest")
        return queryset
