"""URLs for the reports area, mounted at /reports/."""

from django.urls import path

from sources.views import reports

urlpatterns = [
    path("", reports.index, name="reports_index"),
    path("calibration/", reports.calibration, name="calibration"),
    path("override/", reports.letter_override, name="letter_override"),
    path("sources/<int:pk>/", reports.source_card, name="source_card"),
    path("<str:by>/", reports.report, name="report"),
    path("<str:by>/group/", reports.group_card, name="report_group"),
    path("<str:by>/as-of-job/", reports.report_as_of_job, name="report_as_of_job"),
    path("<str:by>/download.<str:fmt>", reports.report_download, name="report_download"),
]
