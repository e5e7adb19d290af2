"""The newsroom app's URLs, one module per area so each stays small."""

from django.urls import include, path

app_name = "sources"

urlpatterns = [
    path("", include("sources.urlconf.pages")),
    path("", include("sources.urlconf.origins")),
    path("", include("sources.urlconf.track_records")),
    path("", include("sources.urlconf.editing")),
    path("reports/", include("sources.urlconf.reports")),
    path("public/", include("sources.urlconf.public")),
    path("security/", include("sources.urlconf.security")),
    path("exchange/", include("sources.urlconf.exchange")),
    path("jobs/", include("sources.urlconf.jobs")),
]
