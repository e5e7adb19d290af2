"""ClaimReview (schema.org) for a claim whose outcome is settled, with its OpenAPI schema."""

from __future__ import annotations

import copy

from drf_spectacular.extensions import OpenApiSerializerExtension
from rest_framework import serializers

from sources.claimreview import claim_review

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
