"""Report rows and their query parameters."""

from __future__ import annotations

from rest_framework import serializers

from sources import reports
from sources.domain.text import MAX_PAGE

REPORT_SORTS = [*reports.SORT_KEYS, *(f"-{key}" for key in reports.SORT_KEYS)]


class ReportQuerySerializer(serializers.Serializer):
    """The query string of a report: a column to sort on and a page."""

    sort = serializers.ChoiceField(choices=REPORT_SORTS, required=False)
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=500, required=False, default=50)


class ReportRowSerializer(serializers.Serializer):
    """One group's figures, as ``sources.reports.ReportRow.as_dict`` gives them."""

    group = serializers.JSONField(help_text="What people read: a codename, name or year.")
    key = serializers.CharField(
        allow_null=True, help_text="Stable key; letters are recorded on it."
    )
    claims = serializers.IntegerField()
    pending = serializers.IntegerField()
    corroborated = serializers.IntegerField()
    partly_corroborated = serializers.IntegerField()
    contradicted = serializers.IntegerField()
    disputed = serializers.IntegerField()
    unverifiable = serializers.IntegerField()
    retracted = serializers.IntegerField()
    resolved = serializers.IntegerField()
    confirmation_rate = serializers.FloatField(allow_null=True)
    interval_low = serializers.FloatField(allow_null=True)
    interval_high = serializers.FloatField(allow_null=True)
    pooled_rate = serializers.FloatField(
        allow_null=True, help_text="The pooled estimate; null until priors are fitted."
    )
    pooled_low = serializers.FloatField(allow_null=True, help_text="Its 95% credible interval.")
    pooled_high = serializers.FloatField(allow_null=True)
    pooled_toward = serializers.CharField(
        allow_null=True, help_text="The group the pooled estimate borrows from."
    )
    pending_share = serializers.FloatField(allow_null=True)
    unresolved_share = serializers.FloatField(allow_null=True)
    suggested_letter = serializers.CharField(help_text="Suggested letter, A–F.")
    recorded_letter = serializers.CharField(allow_null=True, help_text="An editor's letter.")
    recorded_reason = serializers.CharField(allow_null=True)
    median_days_to_corroboration = serializers.FloatField(allow_null=True)


class ReportPageSerializer(serializers.Serializer):
    by = serializers.CharField()
    sort = serializers.CharField()
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ReportRowSerializer(many=True)
