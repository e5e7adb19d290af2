"""URLs for the public, identity-free track record, mounted at /public/."""

from django.urls import path

from sources.views import public

urlpatterns = [
    path("", public.index, name="public_index"),
    path("regions/<slug:slug>/", public.region, name="public_region"),
    path("descriptors/<path:descriptor>/", public.descriptor, name="public_descriptor"),
]
