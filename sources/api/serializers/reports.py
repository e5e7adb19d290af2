"""Report rows and their query parameters."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import reports
from sources.domain.text import MAX_PAGE

REPORT_SORTS = [*reports.SORT_KEYS, *(f"-{key}" for key in reports.SORT_KEYS)]


def _past_years_pattern() -> str:
    """Return a pattern matching valid dates of the years before this one: always in the past.

    The API accepts any day up to today; a schema cannot say "not in the
    future", so it promises the part of that range that is past whenever it
    is read, and the description says the rest.
    """
    last = datetime.date.today().year - 1
    years = "|".join(str(year) for year in range(1900, last + 1))
    return f"^({years})-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])$"


@extend_schema_field({"type": "string", "format": "date", "pattern": _past_years_pattern()})
class AsOfField(serializers.DateField):
    """A report's ``as_of`` day."""


class ReportQuerySerializer(serializers.Serializer):
    """The query string of a report: a column to sort on, a page, and the day it is as of."""

    sort = serializers.ChoiceField(choices=REPORT_SORTS, required=False)
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE, required=False, default=1)
    page_size = serializers.IntegerField(min_value=1, max_value=500, required=False, default=50)
    as_of = AsOfField(
        required=False,
        help_text="Count the report as of this day (YYYY-MM-DD, any day up to today; a later "
        "one is refused with a 400): only the claims published, evidence observed and "
        "verdicts decided by then.",
    )

    def validate_as_of(self, value):
        try:
            return reports.check_as_of(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict["as_of"]) from None


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
    settled_before_publication = serializers.IntegerField(
        help_text="The same as already_public (kept for earlier readers)."
    )
    expired = serializers.IntegerField(
        help_text="Claims still pending after their check-by date; not in ``pending``."
    )
    already_public = serializers.IntegerField(
        help_text="Claims published after the evidence that settled them: in ``claims``, "
        "in no outcome and not in the rate."
    )
    independent_origins_median = serializers.FloatField(
        allow_null=True,
        help_text="Median independent origins of the claims that count and have any.",
    )
    as_of = serializers.DateField(allow_null=True, help_text="The day the figures are as of.")


class ReportPageSerializer(serializers.Serializer):
    by = serializers.CharField()
    sort = serializers.CharField()
    as_of = serializers.DateField(help_text="The day the report is as of (today for now).")
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    pages = serializers.IntegerField()
    results = ReportRowSerializer(many=True)
