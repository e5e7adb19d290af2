"""The REST API's URLs, mounted at /api/ in the "api" namespace."""

from django.urls import include, path
from rest_framework.routers import DefaultRouter

from sources.api import origins, views
from sources.api.schema import ApiAutoSchema

app_name = "api"

router = DefaultRouter()
router.include_format_suffixes = False
router.register("sources", views.SourceViewSet, basename="source")
router.register("articles", views.ArticleViewSet, basename="article")
router.register("claims", views.ClaimViewSet, basename="claim")
router.register("attributions", views.AttributionViewSet, basename="attribution")
router.register("evidence", views.EvidenceViewSet, basename="evidence")
router.register("links", views.EvidenceLinkViewSet, basename="link")
router.register("verdicts", views.VerdictViewSet, basename="verdict")
router.register("letters", views.LetterOverrideViewSet, basename="letter")
router.register("forecasts", views.ForecastViewSet, basename="forecast")
router.register("claimreview", views.ClaimReviewViewSet, basename="claimreview")
router.register("copy-flags", origins.CopyFlagViewSet, basename="copyflag")

urlpatterns = [
    path("token/", views.TokenView.as_view(schema=ApiAutoSchema()), name="token"),
    path("reports/<str:by>/", views.ReportView.as_view(), name="report"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(), name="docs"),
    path(
        "links/<int:pk>/confirm-relay/",
        origins.RelayConfirmViewSet.as_view({"post": "create"}),
        name="link-confirm-relay",
    ),
    path("", include(router.urls)),
]
