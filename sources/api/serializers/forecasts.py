"""Editors' forecasts: read by every newsroom role, recorded by editors, never changed."""

from __future__ import annotations

from rest_framework import serializers

from sources import selectors
from sources.api.serializers.common import ScopedPrimaryKeyRelatedField, StaffNamesMixin
from sources.models import Claim, Forecast


class ForecastSerializer(StaffNamesMixin, serializers.ModelSerializer):
    """A forecast as recorded; the author reads "newsroom staff" to fact-checkers."""

    staff_name_fields = ("author",)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Forecast
        fields = ["id", "claim", "author", "percent", "made_at"]
        read_only_fields = fields


class ForecastRecordSerializer(serializers.Serializer):
    """An editor's forecast for an open claim: the caller is its author, now is its time."""

    claim = ScopedPrimaryKeyRelatedField(
        selector=selectors.claims_for, queryset=Claim.objects.all()
    )
    percent = serializers.IntegerField(
        min_value=0, max_value=100, help_text="The probability, 0–100%, that it will be confirmed."
    )
