"""The REST API's views: parse the request, call a selector or a service, answer.

Every read starts from a ``sources.selectors`` queryset for ``request.user``,
so the API shows exactly what the pages show. Every write goes through
``sources.services``. The ``select_related``/``prefetch_related`` calls keep
each list at a fixed number of queries whatever its length.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.decorators import method_decorator
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import mixins, status, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from sources import permissions as access
from sources import reports, selectors, services
from sources.api import filters, permissions
from sources.api import serializers as api
from sources.api.errors import HardenedAPIMixin
from sources.api.schema import ApiAutoSchema
from sources.claimreview import claim_review_queryset
from sources.domain.vocab import Outcome
from sources.models import LetterOverride
from sources.views.common import newsroom_required


def _service(function, **kwargs):
    """Call a service, turning its Django validation errors into HTTP 400 answers."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        if hasattr(error, "error_dict"):
            raise ValidationError(error.message_dict) from None
        raise ValidationError({"non_field_errors": error.messages}) from None


def _attributions(viewer):
    return Prefetch(
        "attributions",
        queryset=selectors.attributions_for(viewer=viewer).select_related("source").order_by("id"),
    )


def _claims(viewer):
    """Return the viewer's claims with everything ``ClaimSerializer`` reads."""
    return (
        selectors.claims_for(viewer=viewer)
        .select_related("region", "filed_by", "assessed_by")
        .prefetch_related("topics", "quantities", _attributions(viewer))
    )


class _StaffViewSet(HardenedAPIMixin, viewsets.GenericViewSet):
    permission_classes = [permissions.IsNewsroomStaff]
    schema = ApiAutoSchema()
    # Ids are 64-bit: a longer number cannot name a row, so it is a plain 404.
    lookup_value_regex = "[0-9]{1,18}"


@extend_schema(tags=["sources"])
class SourceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _StaffViewSet):
    """Sources the viewer may know exist, by codename, with their track records.

    Identity details are never part of this resource. The handler is left out
    for fact-checkers.
    """

    serializer_class = api.SourceSerializer
    filterset_class = filters.SourceFilter

    def get_queryset(self):
        return selectors.sources_for(viewer=self.request.user).select_related(
            "region", "desk", "handler", "rollup", "network"
        )


@extend_schema(tags=["articles"])
class ArticleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _StaffViewSet):
    serializer_class = api.ArticleSerializer
    filterset_class = filters.ArticleFilter

    def get_queryset(self):
        return (
            selectors.articles_for(viewer=self.request.user)
            .select_related("outlet", "reporter")
            .prefetch_related("cites")
        )


@extend_schema(tags=["claims"])
class ClaimViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _StaffViewSet
):
    """Claims with their attributions, figures and outcome; reporters and editors file new ones."""

    permission_classes = [permissions.ClaimFilersWrite]
    filterset_class = filters.ClaimFilter

    def get_queryset(self):
        return _claims(self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return api.ClaimFileSerializer
        if self.action == "claimreview":
            return api.ClaimReviewSerializer
        return api.ClaimSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site_url": _site_url(self.request)}

    @extend_schema(request=api.ClaimFileSerializer, responses={201: api.ClaimSerializer})
    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = dict(given.validated_data)
        attributions = [
            services.AttributionSpec(source=a["source"], descriptor=a["descriptor"])
            for a in data.pop("attributions")
        ]
        quantities = [services.QuantitySpec(**q) for q in data.pop("quantities", [])]
        claim = _service(
            services.claim_file,
            attributions=attributions,
            quantities=quantities,
            filed_by=request.user,
            **data,
        )
        claim = self.get_queryset().get(pk=claim.pk)
        body = api.ClaimSerializer(claim, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            200: api.ClaimReviewSerializer,
            404: OpenApiResponse(description="No such claim, or its outcome is still pending."),
        }
    )
    @action(detail=True, methods=["get"])
    def claimreview(self, request, pk=None):
        """Return the claim's ClaimReview JSON-LD; 404 while its outcome is pending."""
        claim = self.get_object()
        if claim.outcome == Outcome.PENDING:
            raise NotFound("This claim's outcome is still pending, so it has no ClaimReview.")
        claim = claim_review_queryset(selectors.claims_for(viewer=request.user)).get(pk=claim.pk)
        return Response(
            api.ClaimReviewSerializer(claim, context=self.get_serializer_context()).data
        )


@extend_schema(tags=["claims"])
class ClaimReviewViewSet(mixins.ListModelMixin, _StaffViewSet):
    """Export ClaimReview JSON-LD for every claim with a final outcome the viewer may see."""

    serializer_class = api.ClaimReviewSerializer
    filterset_class = filters.ClaimFilter

    def get_queryset(self):
        return claim_review_queryset(selectors.claims_for(viewer=self.request.user))

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "site_url": _site_url(self.request)}


@extend_schema(tags=["claims"])
class AttributionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, _StaffViewSet):
    """The sources claims rest on, as published; the source itself only when the viewer knows it."""

    serializer_class = api.AttributionSerializer
    filterset_class = filters.AttributionFilter

    def get_queryset(self):
        viewer = self.request.user
        return selectors.attributions_for(viewer=viewer).select_related("source").order_by("id")


@extend_schema(tags=["evidence"])
class EvidenceViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _StaffViewSet
):
    """Evidence learned after publication; fact-checkers and editors record it."""

    permission_classes = [permissions.EvidenceKeepersWrite]
    filterset_class = filters.EvidenceFilter

    def get_queryset(self):
        viewer = self.request.user
        return (
            selectors.evidence_for(viewer=viewer)
            .select_related("recorded_by")
            .prefetch_related("cites")
            .annotate(source_visible=selectors.source_visible(viewer=viewer))
        )

    def get_serializer_class(self):
        return api.EvidenceRecordSerializer if self.action == "create" else api.EvidenceSerializer

    @extend_schema(request=api.EvidenceRecordSerializer, responses={201: api.EvidenceSerializer})
    def create(self, request, *args, **kwargs):
        given = api.EvidenceRecordSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        evidence = _service(
            services.evidence_record, recorded_by=request.user, **given.validated_data
        )
        evidence = self.get_queryset().get(pk=evidence.pk)
        body = api.EvidenceSerializer(evidence, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["evidence"])
class EvidenceLinkViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    _StaffViewSet,
):
    """How evidence bears on claims. Linking and unlinking re-judge the claim's outcome."""

    permission_classes = [permissions.EvidenceKeepersWrite]
    filterset_class = filters.EvidenceLinkFilter

    def get_queryset(self):
        return selectors.links_for(viewer=self.request.user).select_related(
            "recorded_by", "relay_confirmed_by"
        )

    def get_serializer_class(self):
        if self.action == "create":
            return api.EvidenceLinkInputSerializer
        return api.EvidenceLinkSerializer

    @extend_schema(
        request=api.EvidenceLinkInputSerializer, responses={201: api.EvidenceLinkSerializer}
    )
    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        link = _service(services.evidence_link, recorded_by=request.user, **given.validated_data)
        link = self.get_queryset().get(pk=link.pk)
        body = api.EvidenceLinkSerializer(link, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        _service(services.evidence_unlink, link=instance, actor=self.request.user)


@extend_schema(tags=["verdicts"])
class VerdictViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _StaffViewSet
):
    """Editors' decisions, newest first. Deciding needs the claim version the editor saw."""

    permission_classes = [permissions.DecidersWrite]
    filterset_class = filters.VerdictFilter

    def get_queryset(self):
        return selectors.verdicts_for(viewer=self.request.user).select_related("decided_by")

    def get_serializer_class(self):
        return api.VerdictDecideSerializer if self.action == "create" else api.VerdictSerializer

    @extend_schema(
        request=api.VerdictDecideSerializer,
        responses={
            201: api.VerdictSerializer,
            409: OpenApiResponse(
                response=api.VerdictConflictSerializer,
                description="Another editor decided since `expected_version`; reload the claim.",
            ),
        },
    )
    def create(self, request, *args, **kwargs):
        given = api.VerdictDecideSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        data = given.validated_data
        try:
            verdict = _service(
                services.verdict_decide,
                claim=data["claim"],
                outcome=data["outcome"],
                reason=data["reason"],
                expected_version=data["expected_version"],
                decided_by=request.user,
            )
        except services.VerdictConflict as conflict:
            current = selectors.claims_for(viewer=request.user).get(pk=data["claim"].pk)
            return Response(
                {"detail": str(conflict), "current_version": current.version},
                status=status.HTTP_409_CONFLICT,
            )
        verdict = self.get_queryset().get(pk=verdict.pk)
        body = api.VerdictSerializer(verdict, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["reports"])
class LetterOverrideViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, _StaffViewSet):
    """Letters editors recorded beside the suggested ones; recording one replaces the last."""

    permission_classes = [permissions.LetterRecordersWrite]
    serializer_class = api.LetterOverrideSerializer
    filterset_class = filters.LetterOverrideFilter

    def get_queryset(self):
        return (
            selectors.letter_overrides_for(viewer=self.request.user)
            .select_related("recorded_by")
            .order_by("group_kind", "group_key")
        )

    def create(self, request, *args, **kwargs):
        given = self.get_serializer(data=request.data)
        given.is_valid(raise_exception=True)
        target = LetterOverride(
            group_kind=given.validated_data["group_kind"],
            group_key=given.validated_data["group_key"],
        )
        if not access.can_record_letter(viewer=request.user, obj=target):
            # A group the caller may not see reads exactly like one that does not exist.
            raise ValidationError(
                {"group_key": [f"There is no {target.group_kind} {target.group_key.strip()!r}."]}
            )
        override = _service(
            services.letter_override_record, recorded_by=request.user, **given.validated_data
        )
        body = self.get_serializer(override).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["claims"])
class ForecastViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, _StaffViewSet
):
    """Editors' forecasts that claims will be confirmed, newest first. Append-only.

    Editors record one for an open claim; nobody changes or deletes one (there
    is no PUT, PATCH or DELETE). A settled claim's forecasts are scored on the
    calibration page.
    """

    permission_classes = [permissions.ForecastersWrite]
    filterset_class = filters.ForecastFilter

    def get_queryset(self):
        return selectors.forecasts_for(viewer=self.request.user).select_related("author")

    def get_serializer_class(self):
        return api.ForecastRecordSerializer if self.action == "create" else api.ForecastSerializer

    @extend_schema(request=api.ForecastRecordSerializer, responses={201: api.ForecastSerializer})
    def create(self, request, *args, **kwargs):
        given = api.ForecastRecordSerializer(
            data=request.data, context=self.get_serializer_context()
        )
        given.is_valid(raise_exception=True)
        forecast = _service(
            services.forecast_record,
            claim=given.validated_data["claim"],
            percent=given.validated_data["percent"],
            author=request.user,
        )
        forecast = self.get_queryset().get(pk=forecast.pk)
        body = api.ForecastSerializer(forecast, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


@extend_schema(tags=["reports"])
class ReportView(HardenedAPIMixin, APIView):
    """Per-group reliability figures: counts, rate, interval, letters, median days.

    The figures come from ``sources.reports``, the same code the report pages
    and the ``reliability_report`` command use.
    """

    permission_classes = [permissions.IsNewsroomStaff]
    schema = ApiAutoSchema()

    @extend_schema(
        parameters=[
            OpenApiParameter("by", OpenApiTypes.STR, OpenApiParameter.PATH, enum=reports.GROUPINGS),
            api.ReportQuerySerializer,
        ],
        responses={200: api.ReportPageSerializer},
    )
    def get(self, request, by: str):
        if by not in reports.GROUPINGS:
            raise NotFound(
                f"Unknown grouping {by!r}; choose one of {', '.join(reports.GROUPINGS)}."
            )
        if not access.can_view_report(viewer=request.user, obj=by):
            raise PermissionDenied("Your role does not see staff names, so not this grouping.")
        query = api.ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        page = reports.report_page(
            viewer=request.user,
            by=by,
            sort=query.validated_data.get("sort"),
            page=query.validated_data["page"],
            per_page=query.validated_data["page_size"],
            as_of=query.validated_data.get("as_of"),
        )
        return Response(
            {
                "by": page.by,
                "sort": page.sort,
                "as_of": (query.validated_data.get("as_of") or reports.report_today()).isoformat(),
                "count": page.page.paginator.count,
                "page": page.page.number,
                "pages": page.page.paginator.num_pages,
                "results": [row.as_dict() for row in page.rows],
            }
        )


class TokenView(HardenedAPIMixin, ObtainAuthToken):
    """Exchange a username and password for the caller's API token."""


def _site_url(request) -> str:
    return request.build_absolute_uri("/")


# Schema and browsable docs -------------------------------------------------------------


class SchemaView(HardenedAPIMixin, SpectacularAPIView):
    """The OpenAPI 3 schema; like every page, it needs a newsroom role."""

    permission_classes = [permissions.IsNewsroomStaff]


# Swagger UI's page carries one inline <style> block, which the site's
# ``style-src 'self'`` blocks. Scripts stay 'self' only (the split view serves
# its start-up script from our own URL); styles are relaxed on this page alone.
DOCS_STYLE_RELAXATION = ("style-src 'self'", "style-src 'self' 'unsafe-inline'")


def docs_content_security_policy() -> str:
    """Return the site's policy with inline styles allowed, for the docs page only."""
    return settings.CONTENT_SECURITY_POLICY.replace(*DOCS_STYLE_RELAXATION, 1)


@method_decorator(newsroom_required, name="dispatch")
class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI, served from our own static files (drf-spectacular-sidecar)."""

    url_name = "api:schema"

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.GET.get("script") is None:
            response["Content-Security-Policy"] = docs_content_security_policy()
        return response
