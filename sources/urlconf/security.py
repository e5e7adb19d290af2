"""URLs for the security area: identities, burning and the access log."""

from django.urls import path

from sources.views import security

urlpatterns = [
    path("sources/<int:pk>/identity/", security.identity_detail, name="identity_detail"),
    path("sources/<int:pk>/identity/reveal/", security.identity_reveal, name="identity_reveal"),
    path("sources/<int:pk>/identity/edit/", security.identity_edit, name="identity_edit"),
    path("sources/<int:pk>/burn/", security.source_burn, name="source_burn"),
    path("access-log/", security.access_log, name="access_log"),
]
