"""The project's URLs: the newsroom app, its API, accounts and the admin."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("sources.api.urls")),
    path("", include("sources.urls")),
]

handler403 = "sources.views.errors.permission_denied"
handler404 = "sources.views.errors.page_not_found"
handler500 = "sources.views.errors.server_error"
