"""URLs for background jobs, mounted at /jobs/."""

from django.urls import path

from sources.views import jobs

urlpatterns = [
    path("", jobs.job_list, name="job_list"),
    path("<int:pk>/", jobs.job_detail, name="job_detail"),
    path("<int:pk>/status/", jobs.job_status, name="job_status"),
    path("<int:pk>/download/", jobs.job_download, name="job_download"),
    path("<int:pk>/retry/", jobs.job_retry, name="job_retry"),
]
