"""Shapes of the API's requests and responses. No business logic lives here.

Read serializers turn rows the selectors returned into JSON. Input
serializers only check types and look references up among the rows the viewer
may see; the views hand the cleaned values to ``sources.services``.

Identity details (``SourceIdentity``) have no serializer at all, so no
endpoint can leak them by accident. A source a viewer may not know exists
appears only as its published descriptor, never as an id or codename.
"""

from __future__ import annotations

import copy

from django.contrib.auth import get_user_model
from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import permissions, reports, selectors
from sources.claimreview import claim_review
from sources.models import (
    OUTCOME_CHOICES,
    RELATION_CHOICES,
    Article,
    Attribution,
    Claim,
    Evidence,
    EvidenceLink,
    LetterOverride,
    Quantity,
    Region,
    Source,
    SourceRollup,
    Topic,
    Verdict,
)

# Viewer-scoped references -------------------------------------------------------------


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must name a row the requesting viewer may see.

    ``selector`` is one of ``sources.selectors``'s ``*_for`` functions; an id
    outside the viewer's scope is refused exactly like an id that does not
    exist, so the refusal leaks nothing.
    """

    def __init__(self, *, selector, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        viewer = getattr(request, "user", None)
        return self.selector(viewer=viewer)


def _visible_source(obj) -> bool:
    """Return whether the viewer may know the row's source (annotated by the view)."""
    return bool(getattr(obj, "source_visible", False))


class StaffNamesMixin:
    """Blank the ``staff_name_fields`` for viewers who may not see staff names (fact-checkers).

    Whoever filed a claim or wrote an article usually handles its source, and
    fact-checkers never learn a handler's name (docs/security.md).
    """

    staff_name_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not permissions.can_see_staff_names(viewer=request.user):
            for name in self.staff_name_fields:
                if name in data:
                    data[name] = None
        return data


# Reference data ---------------------------------------------------------------------


class SourceRecordSerializer(serializers.ModelSerializer):
    """A source's track record, as the services keep it current."""

    class Meta:
        model = SourceRollup
        fields = [
            "claims",
            "pending",
            "corroborated",
            "partly_corroborated",
            "contradicted",
            "disputed",
            "unverifiable",
            "retracted",
            "resolved",
            "confirmation_rate",
            "interval_low",
            "interval_high",
            "letter",
        ]
        read_only_fields = fields


@extend_schema_field(
    {
        "type": "string",
        "nullable": True,
        "description": "Username of the handling reporter. Absent for fact-checkers.",
    }
)
class HandlerField(serializers.SlugRelatedField):
    """The handler's username; optional in the schema because some viewers never get it."""


class SourceSerializer(serializers.ModelSerializer):
    """A source by codename with its record; the handler only for those who may know it."""

    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    desk = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    # Declared writable (never written: this serializer only reads) so the
    # schema can mark it optional, as it is absent for fact-checkers.
    handler = HandlerField(
        slug_field="username", queryset=get_user_model().objects.none(), required=False
    )
    record = SourceRecordSerializer(source="rollup", read_only=True)

    class Meta:
        model = Source
        fields = [
            "id",
            "codename",
            "is_confidential",
            "descriptor",
            "region",
            "affiliation",
            "status",
            "desk",
            "handler",
            "first_contact_on",
            "burned_at",
            "created_at",
            "record",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not permissions.can_see_handler(viewer=request.user):
            data.pop("handler", None)
        return data


class ArticleSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("reporter",)
    outlet = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    reporter = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    cites = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    url = serializers.CharField(read_only=True, help_text="Empty when unknown.")

    class Meta:
        model = Article
        fields = [
            "id",
            "outlet",
            "headline",
            "byline",
            "reporter",
            "published_on",
            "url",
            "language",
            "body",
            "cites",
            "external_id",
            "created_at",
        ]
        read_only_fields = fields


# Claims -----------------------------------------------------------------------------


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
        return obj.source_id if _visible_source(obj) else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_source_codename(self, obj) -> str | None:
        return obj.source.codename if _visible_source(obj) else None


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
        help_text="As published; empty uses the source's default descriptor.",
    )


class QuantityInputSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    unit = serializers.CharField(max_length=50)
    label = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class ClaimFileSerializer(serializers.Serializer):
    """What a reporter sends to file a claim; ``sources.services.claim_file`` does the rest."""

    article = ScopedPrimaryKeyRelatedField(
        selector=selectors.articles_for, queryset=Article.objects.all()
    )
    text = serializers.CharField()
    attributions = AttributionInputSerializer(many=True, allow_empty=False)
    region = serializers.SlugRelatedField(
        slug_field="slug", queryset=Region.objects.all(), required=False, allow_null=True
    )
    topics = serializers.SlugRelatedField(
        slug_field="slug", queryset=Topic.objects.all(), many=True, required=False
    )
    credibility = serializers.IntegerField(min_value=1, max_value=6, default=6)
    event_start = serializers.DateField(required=False, allow_null=True)
    event_end = serializers.DateField(required=False, allow_null=True)
    quantities = QuantityInputSerializer(many=True, required=False)
    external_id = serializers.CharField(max_length=100, required=False, allow_null=True)


# Evidence and links -------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
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
        return obj.source_id if _visible_source(obj) else None


class EvidenceRecordSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Evidence.Kind.choices)
    summary = serializers.CharField()
    observed_on = serializers.DateField()
    url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
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
    external_id = serializers.CharField(max_length=100, required=False, allow_null=True)


class EvidenceLinkSerializer(serializers.ModelSerializer):
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
    note = serializers.CharField(required=False, allow_blank=True, default="")


# Verdicts and letters ---------------------------------------------------------------


class VerdictSerializer(serializers.ModelSerializer):
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
    reason = serializers.CharField()
    expected_version = serializers.IntegerField(
        min_value=0,
        help_text="The claim's `version` when you read it; a newer decision answers 409.",
    )


class VerdictConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField()


class LetterOverrideSerializer(serializers.ModelSerializer):
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


# Reports ----------------------------------------------------------------------------


REPORT_SORTS = [*reports.SORT_KEYS, *(f"-{key}" for key in reports.SORT_KEYS)]


class ReportQuerySerializer(serializers.Serializer):
    """The query string of a report: a column to sort on and a page."""

    sort = serializers.ChoiceField(choices=REPORT_SORTS, required=False)
    page = serializers.IntegerField(min_value=1, required=False, default=1)
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


# ClaimReview ------------------------------------------------------------------------

_CREATIVE_WORK_SCHEMA = {
    "type": "object",
    "properties": {
        "@type": {"type": "string"},
        "headline": {"type": "string"},
        "url": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "publisher": {"type": "object"},
    },
    "required": ["@type", "headline", "datePublished", "publisher"],
}
_THING_SCHEMA = {
    "type": "object",
    "properties": {"@type": {"type": "string"}, "name": {"type": "string"}},
    "required": ["@type", "name"],
}
CLAIM_REVIEW_SCHEMA = {
    "type": "object",
    "description": "schema.org ClaimReview JSON-LD for a claim with a final outcome.",
    "properties": {
        "@context": {"type": "string"},
        "@type": {"type": "string", "description": "Always ClaimReview."},
        "url": {"type": "string"},
        "claimReviewed": {"type": "string"},
        "datePublished": {"type": "string", "format": "date"},
        "author": _THING_SCHEMA,
        "reviewRating": {
            "type": "object",
            "properties": {
                "@type": {"type": "string"},
                "ratingValue": {"type": "integer"},
                "bestRating": {"type": "integer"},
                "worstRating": {"type": "integer"},
                "alternateName": {"type": "string"},
            },
            "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
        },
        "itemReviewed": {
            "type": "object",
            "properties": {
                "@type": {"type": "string", "description": "Always Claim."},
                "datePublished": {"type": "string", "format": "date"},
                "author": {
                    "description": "The published descriptor(s) of the claim's sources.",
                    "oneOf": [_THING_SCHEMA, {"type": "array", "items": _THING_SCHEMA}],
                },
                "appearance": {"type": "array", "items": _CREATIVE_WORK_SCHEMA},
                "firstAppearance": _CREATIVE_WORK_SCHEMA,
            },
            "required": ["@type", "appearance", "firstAppearance"],
        },
    },
    "required": [
        "@context",
        "@type",
        "url",
        "claimReviewed",
        "datePublished",
        "author",
        "reviewRating",
        "itemReviewed",
    ],
}


class ClaimReviewSerializer(serializers.BaseSerializer):
    """Render a claim as ClaimReview; ``sources.claimreview`` builds the document.

    ``site_url`` in the context makes its links absolute for the caller's host.
    """

    def to_representation(self, instance):
        return claim_review(instance, site_url=self.context.get("site_url"))


class ClaimReviewSerializerExtension(OpenApiSerializerExtension):
    """Describe the JSON-LD document in the OpenAPI schema."""

    target_class = ClaimReviewSerializer

    def map_serializer(self, auto_schema, direction):
        # A copy: the generator rewrites schemas in place while post-processing.
        return copy.deepcopy(CLAIM_REVIEW_SCHEMA)

    def get_name(self, auto_schema, direction):
        return "ClaimReview"
