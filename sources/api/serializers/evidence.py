"""Evidence and its links to claims; recording and linking through the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import selectors
from sources.api.serializers.common import (
    ScopedPrimaryKeyRelatedField,
    StaffNamesMixin,
    visible_source,
)
from sources.domain.text import EVIDENCE_SUMMARY_MAX, LINK_NOTE_MAX
from sources.models import (
    RELATION_CHOICES,
    Article,
    Claim,
    Evidence,
    EvidenceLink,
    Source,
)
from sources.validators import multi_line, single_line


class EvidenceSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("recorded_by",)
    source = serializers.SerializerMethodField()
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    cites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.CharField(read_only=True, help_text="Empty when unknown.")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "summary",
            "url",
            "observed_on",
            "source",
            "article",
            "cites",
            "recorded_by",
            "external_id",
            "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_source(self, obj) -> int | None:
        """Return the source id, or null when there is none or the viewer may not know it."""
        return obj.source_id if visible_source(obj) else None


class EvidenceRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    summary = serializers.CharField(max_length=EVIDENCE_SUMMARY_MAX, validators=[multi_line])
    observed_on = serializers.DateField()
    url = serializers.URLField(
        max_length=500, required=False, allow_blank=True, default="", validators=[single_line]
    )
    source = ScopedPrimaryKeyRelatedField(
        selector=selectors.sources_for,
        queryset=Source.objects.all(),
        required=False,
        allow_null=True,
    )
    article = ScopedPrimaryKeyRelatedField(
        selector=selectors.articles_for,
        queryset=Article.objects.all(),
        required=False,
        allow_null=True,
    )
    cites = ScopedPrimaryKeyRelatedField(
        selector=selectors.articles_for, queryset=Article.objects.all(), many=True, required=False
    )
    external_id = serializers.CharField(
        max_length=100, required=False, allow_null=True, validators=[single_line]
    )


class EvidenceLinkSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("recorded_by",)
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = EvidenceLink
        fields = [
            "id",
            "claim",
            "evidence",
            "relation",
            "note",
            "is_independent",
            "dependence_reason",
            "recorded_by",
            "recorded_at",
        ]
        read_only_fields = fields


class EvidenceLinkInputSerializer(serializers.Serializer):
    claim = ScopedPrimaryKeyRelatedField(
        selector=selectors.claims_for, queryset=Claim.objects.all()
    )
    evidence = ScopedPrimaryKeyRelatedField(
        selector=selectors.evidence_for, queryset=Evidence.objects.all()
    )
    relation = serializers.ChoiceField(choices=RELATION_CHOICES)
    note = serializers.CharField(
        max_length=LINK_NOTE_MAX,
        required=False,
        allow_blank=True,
        default="",
        validators=[multi_line],
    )
