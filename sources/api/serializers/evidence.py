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
from sources.domain.text import EVIDENCE_SUMMARY_MAX, LINK_NOTE_MAX, VERDICT_REASON_MAX
from sources.domain.vocab import Basis, CopyRuling
from sources.models import (
    RELATION_CHOICES,
    Article,
    Claim,
    CopyFlag,
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
            "basis",
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
    basis = serializers.ChoiceField(
        choices=Basis.choices(),
        default=Basis.UNKNOWN,
        help_text="How its originator knew. Relayed evidence that cites no article counts "
        "only once a fact-checker confirms the relay.",
    )


class EvidenceLinkSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("recorded_by", "relay_confirmed_by")
    recorded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    relay_confirmed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    predates_claim = serializers.BooleanField(read_only=True)

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
            "independence",
            "predates_claim",
            "relay_confirmed_by",
            "relay_confirmed_at",
            "relay_reason",
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


class RelayConfirmSerializer(serializers.Serializer):
    """A fact-checker's confirmation that a relay's upstream is independent of the claim."""

    reason = serializers.CharField(max_length=VERDICT_REASON_MAX, validators=[multi_line])


class CopyFlagSerializer(StaffNamesMixin, serializers.ModelSerializer):
    """A likely copy the text check found, and the ruling on it once there is one."""

    staff_name_fields = ("ruled_by",)
    ruled_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    claim = serializers.IntegerField(
        source="link.claim_id",
        read_only=True,
        allow_null=True,
        help_text="The claim of the flagged link; null when an article is flagged.",
    )

    class Meta:
        model = CopyFlag
        fields = [
            "id",
            "link",
            "claim",
            "article",
            "copy_of",
            "score",
            "ruling",
            "reason",
            "ruled_by",
            "ruled_at",
            "flagged_at",
        ]
        read_only_fields = fields


class CopyRuleSerializer(serializers.Serializer):
    """A fact-checker's ruling on a likely copy, with its reason."""

    ruling = serializers.ChoiceField(choices=CopyRuling.choices())
    reason = serializers.CharField(max_length=VERDICT_REASON_MAX, validators=[multi_line])
