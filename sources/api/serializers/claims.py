"""Claims with their attributions and quantities; filing one through the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import selectors
from sources.api.serializers.common import (
    CheckedSlugRelatedField,
    ScopedPrimaryKeyRelatedField,
    StaffNamesMixin,
    visible_source,
)
from sources.domain.text import CLAIM_TEXT_MAX
from sources.models import (
    OUTCOME_CHOICES,
    Article,
    Attribution,
    Claim,
    Quantity,
    Region,
    Source,
    Topic,
)
from sources.validators import multi_line, single_line


class AttributionSerializer(serializers.ModelSerializer):
    """A source a claim rests on: always the descriptor; the source only if the viewer knows it."""

    source = serializers.SerializerMethodField()
    source_codename = serializers.SerializerMethodField()

    class Meta:
        model = Attribution
        fields = ["id", "claim", "source", "source_codename", "descriptor"]
        read_only_fields = fields

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_source(self, obj) -> int | None:
        return obj.source_id if visible_source(obj) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_source_codename(self, obj) -> str | None:
        return obj.source.codename if visible_source(obj) else None


class QuantitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Quantity
        fields = ["value", "unit", "label"]


class ClaimSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("filed_by", "assessed_by")
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    topics = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    filed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    assessed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    attributions = AttributionSerializer(many=True, read_only=True)
    quantities = QuantitySerializer(many=True, read_only=True)
    verdict = serializers.ChoiceField(
        choices=OUTCOME_CHOICES,
        allow_blank=True,
        read_only=True,
        help_text="The editor's outcome; empty until one is decided.",
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "article",
            "text",
            "event_start",
            "event_end",
            "region",
            "topics",
            "credibility",
            "assessed_by",
            "filed_by",
            "external_id",
            "created_at",
            "attributions",
            "quantities",
            "derived_outcome",
            "verdict",
            "outcome",
            "corroborating_links",
            "contradicting_links",
            "dependent_links",
            "first_corroborated_on",
            "days_to_corroboration",
            "independent_origins",
            "not_established",
            "likely_copies",
            "version",
        ]
        read_only_fields = fields


class AttributionInputSerializer(serializers.Serializer):
    source = ScopedPrimaryKeyRelatedField(
        selector=selectors.sources_for, queryset=Source.objects.all()
    )
    descriptor = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        validators=[single_line],
        help_text="As published; empty uses the source's default descriptor.",
    )


class QuantityInputSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    unit = serializers.CharField(max_length=50, validators=[single_line])
    label = serializers.CharField(
        max_length=100, required=False, allow_blank=True, default="", validators=[single_line]
    )


class ClaimFileSerializer(serializers.Serializer):
    """What a reporter sends to file a claim; ``sources.services.claim_file`` does the rest."""

    article = ScopedPrimaryKeyRelatedField(
        selector=selectors.articles_for, queryset=Article.objects.all()
    )
    text = serializers.CharField(max_length=CLAIM_TEXT_MAX, validators=[multi_line])
    attributions = AttributionInputSerializer(many=True, allow_empty=False)
    region = CheckedSlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), required=False, allow_null=True
    )
    topics = CheckedSlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    credibility = serializers.IntegerField(min_value=1, max_value=6, default=6)
    event_start = serializers.DateField(required=False, allow_null=True)
    event_end = serializers.DateField(required=False, allow_null=True)
    quantities = QuantityInputSerializer(many=True, required=False)
    external_id = serializers.CharField(
        max_length=100, required=False, allow_null=True, validators=[single_line]
    )
