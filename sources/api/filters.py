"""Query-string filters for the API's lists (django-filter).

A filter that names a source matches only sources the viewer may know exist;
any other id matches nothing, exactly like an id that does not exist, so
filtering cannot be used to probe which claims an unknown source backs.
"""

from __future__ import annotations

import django_filters as filters
from django import forms
from drf_spectacular.utils import extend_schema_field

from sources import selectors
from sources.domain.vocab import Letter
from sources.models import (
    OUTCOME_CHOICES,
    RELATION_CHOICES,
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    LetterOverride,
    Source,
    Verdict,
)

OUTCOMES = OUTCOME_CHOICES
RELATIONS = RELATION_CHOICES


# The largest id a 64-bit integer column holds; anything above matches nothing anyway.
MAX_ID = 2**63 - 1


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": MAX_ID})
class IdFilter(filters.NumberFilter):
    """A row id: a whole number the database can compare, else a 400 naming the field."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


def _visible_source(request, pk):
    """Return the source ``pk`` if the viewer may know it; an unknown one matches nothing."""
    return selectors.sources_for(viewer=getattr(request, "user", None)).filter(pk=pk)


class SourceFilter(filters.FilterSet):
    region = filters.CharFilter(field_name="region__slug", help_text="Region slug.")
    desk = filters.CharFilter(field_name="desk__slug", help_text="Desk slug.")
    letter = filters.ChoiceFilter(
        field_name="rollup__letter",
        choices=Letter.choices(),
        help_text="Suggested reliability letter.",
    )
    codename = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Source
        fields = ["status", "affiliation", "is_confidential", "region", "desk", "letter"]


class ArticleFilter(filters.FilterSet):
    outlet = filters.CharFilter(field_name="outlet__slug", help_text="Outlet slug.")
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")
    headline = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Article
        fields = ["outlet", "language", "external_id"]


class ClaimFilter(filters.FilterSet):
    outcome = filters.ChoiceFilter(choices=OUTCOMES)
    derived_outcome = filters.ChoiceFilter(choices=OUTCOMES)
    verdict = filters.ChoiceFilter(choices=OUTCOMES)
    article = IdFilter(field_name="article_id")
    region = filters.CharFilter(field_name="region__slug", help_text="Region slug.")
    topic = filters.CharFilter(field_name="topics__slug", help_text="Topic slug.", distinct=True)
    source = IdFilter(method="filter_source", help_text="Id of a source the claim rests on.")
    descriptor = filters.CharFilter(
        field_name="attributions__descriptor",
        lookup_expr="icontains",
        distinct=True,
        help_text="Part of a published descriptor, e.g. Ryanggang.",
    )
    text = filters.CharFilter(lookup_expr="icontains")
    filed_after = filters.DateFilter(field_name="created_at__date", lookup_expr="gte")
    filed_before = filters.DateFilter(field_name="created_at__date", lookup_expr="lte")
    published_after = filters.DateFilter(field_name="article__published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="article__published_on", lookup_expr="lte")

    class Meta:
        model = Claim
        fields = ["outcome", "credibility", "external_id"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(attributions__source__in=_visible_source(self.request, value))


class AttributionFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    source = IdFilter(method="filter_source", help_text="Id of the source.")
    descriptor = filters.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Attribution
        fields = ["claim", "source", "descriptor"]

    def filter_source(self, queryset, name, value):
        return queryset.filter(source__in=_visible_source(self.request, value))


class EvidenceFilter(filters.FilterSet):
    claim = IdFilter(
        field_name="links__claim_id", distinct=True, help_text="Evidence linked to this claim."
    )
    article = IdFilter(field_name="article_id")
    observed_after = filters.DateFilter(field_name="observed_on", lookup_expr="gte")
    observed_before = filters.DateFilter(field_name="observed_on", lookup_expr="lte")

    class Meta:
        model = Evidence
        fields = ["kind", "external_id"]


class EvidenceLinkFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    evidence = IdFilter(field_name="evidence_id")
    relation = filters.ChoiceFilter(choices=RELATIONS)

    class Meta:
        model = EvidenceLink
        fields = ["claim", "evidence", "relation", "is_independent"]


class VerdictFilter(filters.FilterSet):
    claim = IdFilter(field_name="claim_id")
    outcome = filters.ChoiceFilter(choices=OUTCOMES)

    class Meta:
        model = Verdict
        fields = ["claim", "outcome"]


class LetterOverrideFilter(filters.FilterSet):
    class Meta:
        model = LetterOverride
        fields = ["group_kind", "letter"]
