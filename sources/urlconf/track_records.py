"""URLs for track records that cannot leak the answer: suggested networks (vetting is in pages)."""

from django.urls import path

from sources.views import network_suggestions

urlpatterns = [
    path(
        "networks/suggested/",
        network_suggestions.suggested_networks,
        name="network_suggestions",
    ),
]
