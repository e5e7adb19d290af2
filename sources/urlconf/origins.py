"""URLs for independent origins: rulings on the claim page, and source networks."""

from django.urls import path

from sources.views import networks, origins

urlpatterns = [
    path(
        "claims/<int:pk>/links/<int:link_pk>/relay/",
        origins.claim_relay_confirm,
        name="claim_relay_confirm",
    ),
    path("claims/<int:pk>/copies/<int:flag_pk>/", origins.claim_copy_rule, name="claim_copy_rule"),
    path("networks/", networks.network_list, name="network_list"),
    path("networks/<int:pk>/", networks.network_detail, name="network_detail"),
    path("networks/<int:pk>/delete/", networks.network_delete, name="network_delete"),
]
