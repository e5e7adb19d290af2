"""Verdicts and recorded letters."""

from __future__ import annotations

from rest_framework import serializers

from sources import selectors
from sources.api.serializers.common import ScopedPrimaryKeyRelatedField, StaffNamesMixin
from sources.domain.text import VERDICT_REASON_MAX
from sources.models import (
    OUTCOME_CHOICES,
    Claim,
    LetterOverride,
    Verdict,
)
from sources.validators import multi_line


class VerdictSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("decided_by",)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Verdict
        fields = ["id", "claim", "outcome", "reason", "decided_by", "decided_at", "original_label"]
        read_only_fields = fields


class VerdictDecideSerializer(serializers.Serializer):
    """An editor's decision; ``expected_version`` is the claim version the editor saw."""

    claim = ScopedPrimaryKeyRelatedField(
        selector=selectors.claims_for, queryset=Claim.objects.all()
    )
    outcome = serializers.ChoiceField(choices=OUTCOME_CHOICES)
    reason = serializers.CharField(max_length=VERDICT_REASON_MAX, validators=[multi_line])
    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="The claim's `version` when you read it; a newer decision answers 409.",
    )


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class LetterOverrideSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("recorded_by",)
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = LetterOverride
        fields = [
            "id",
            "group_kind",
            "group_key",
            "letter",
            "reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = ["id", "recorded_by", "recorded_at"]
        # The services upsert by (group_kind, group_key); do not refuse a second letter.
        validators: list = []
