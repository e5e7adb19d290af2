"""Sources and articles, as the viewer may see them."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sources import permissions
from sources.api.serializers.common import StaffNamesMixin
from sources.models import (
    Article,
    Source,
    SourceRollup,
)


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
            "pooled_rate",
            "pooled_low",
            "pooled_high",
            "pooled_toward",
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
    network = serializers.SlugRelatedField(
        slug_field="name",
        read_only=True,
        allow_null=True,
        required=False,
        help_text="The network it shares an upstream with. Absent for reporters.",
    )

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
            "network",
            "record",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        # The row came from ``sources_for``, so only the role matters here.
        if not permissions.can_see_handler(viewer=getattr(request, "user", None)):
            data.pop("handler", None)
        if not permissions.can_see_networks(viewer=getattr(request, "user", None)):
            data.pop("network", None)
        return data


class ArticleSerializer(StaffNamesMixin, serializers.ModelSerializer):
    staff_name_fields = ("reporter", "byline")
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
