"""Query-string filters for the API's lists (django-filter).

A filter that names a source matches only sources the viewer may know exist;
any other id matches nothing, exactly like an id that does not exist, so
filtering cannot be used to probe which claims an unknown source backs.
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS
from drf_spectacular.utils import extend_schema_field

from sources import selectors
from sources.domain.text import MAX_ID, QUERY_TEXT_MAX
from sources.domain.vocab import Letter
from sources.forms.fields import LineField
from sources.models import (
    OUTCOME_CHOICES,
    RELATION_CHOICES,
    Article,
    Attribution,
    Claim,
    CopyFlag,
    Evidence,
    EvidenceLink,
    Forecast,
    LetterOverride,
    Source,
    Verdict,
)

OUTCOMES = OUTCOME_CHOICES
RELATIONS = RELATION_CHOICES


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number the database can compare, else a 400 naming the field."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class TextFilter(filters.CharFilter):
    """A text filter: one line of clean text, at most ``QUERY_TEXT_MAX`` long, else a 400."""

    field_class = LineField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", QUERY_TEXT_MAX)
        super().__init__(*args, **kwargs)


class FilterSet(filters.FilterSet):
    """Every filter set of the API: text filters made from model fields are ``TextFilter``."""

    FILTER_DEFAULTS = {
        **FILTER_FOR_DBFIELD_DEFAULTS,
        **{
            field: {"filter_class": TextFilter}
            for field in (models.CharField, models.SlugField, models.TextField, models.URLField)
        },
    }


def _visible_source(request, pk):
    """Return the source ``pk`` if the viewer may know it; an unknown one matches nothing."""
    return selectors.sources_for(viewer=getattr(request, "user", None)).filter(pk=pk)


class SourceFilter(FilterSet):
    region = TextFilter(field_name="region__slug", help_text="Region slug.")
    desk = TextFilter(field_name="desk__slug", help_text="Desk slug.")
    letter = filters.ChoiceFilter(
        field_name="rollup__letter",
        choices=Letter.choices(),
        help_text="Suggested reliability letter.",
    )
    codename = TextFilter(lookup_expr="icontains")

    class Meta:
        model = Source
        fields = ["status", "affiliation", "is_confidential", "region", "desk", "letter"]


class ArticleFilter(FilterSet):
    outlet = TextFilter(field_name="outlet__slug", help_text="Outlet slug.")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    headline = TextFilter(lookup_expr="icontains")

    class Meta:
        model = Article
        fields = ["outlet", "language", "external_id"]


class ClaimFilter(FilterSet):
    outcome = filters.ChoiceFilter(choices=OUTCOMES)
    derived_outcome = filters.ChoiceFilter(choices=OUTCOMES)
    verdict = filters.ChoiceFilter(choices=OUTCOMES)
    article = IdFilter(field_name="article_id")
    region = TextFilter(field_name="region__slug", help_text="Region slug.")
    topic = TextFilter(field_name="topics__slug", help_text="Topic slug.", distinct=True)
    source = IdFilter(method="filter_source", help_text="Id of a source the claim rests on.")
    descriptor = TextFilter(
        field_name="attributions__descriptor",
        lookup_expr="icontains",
        distinct=True,
        help_text="Part of a published descriptor, e.g. Ryanggang.",
    )
    text = TextFilter(lookup_expr="icontains")
    filed_after = filters.DateFilter(field_name="created_at__date", lookup_expr="gte")
    filed_before = filters.DateFilter(field_name="created_at__date", lookup_expr="lte")
    published_after = filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="article__published_on", lookup_expr="lte")

    class Meta:
        model = Claim
        fields = ["outcome", "credibility", "external_id"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(attributions__source__in=_visible_source(self.request, value))


class AttributionFilter(FilterSet):
    claim = IdFilter(field_name="claim_id")
    source = IdFilter(method="filter_source", help_text="Id of the source.")
    descriptor = TextFilter(lookup_expr="icontains")

    class Meta:
        model = Attribution
        fields = ["claim", "source", "descriptor"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(source__in=_visible_source(self.request, value))


class EvidenceFilter(FilterSet):
    claim = IdFilter(
        field_name="links__claim_id", distinct=True, help_text="Evidence linked to this claim."
    )
    article = IdFilter(field_name="article_id")
    observed_after = filters.DateFilter(field_name="observed_on", lookup_expr="gte")
    observed_before = filters.DateFilter(field_name="observed_on", lookup_expr="lte")

    class Meta:
        model = Evidence
        fields = ["kind", "external_id"]


class EvidenceLinkFilter(FilterSet):
    claim = IdFilter(field_name="claim_id")
    evidence = IdFilter(field_name="evidence_id")
    relation = filters.ChoiceFilter(choices=RELATIONS)

    class Meta:
        model = EvidenceLink
        fields = ["claim", "evidence", "relation", "is_independent"]


class VerdictFilter(FilterSet):
    claim = IdFilter(field_name="claim_id")
    outcome = filters.ChoiceFilter(choices=OUTCOMES)

    class Meta:
        model = Verdict
        fields = ["claim", "outcome"]


class LetterOverrideFilter(FilterSet):
    class Meta:
        model = LetterOverride
        fields = ["group_kind", "letter"]


class ForecastFilter(FilterSet):
    claim = IdFilter(field_name="claim_id")

    class Meta:
        model = Forecast
        fields = ["claim"]


class CopyFlagFilter(FilterSet):
    claim = IdFilter(field_name="link__claim_id", help_text="Flags on this claim's links.")
    article = IdFilter(field_name="article_id", help_text="Flags on this article's body.")
    ruled = filters.BooleanFilter(method="filter_ruled", help_text="Whether a ruling was made.")

    class Meta:
        model = CopyFlag
        fields = ["claim", "article", "ruling"]

    def filter_ruled(self, queryset, name, value):
        return queryset.exclude(ruling="") if value else queryset.filter(ruling="")
