"""URLs for the newsroom's everyday pages."""

from django.urls import path

from sources.views import pages

urlpatterns = [
    path("", pages.home, name="home"),
]
