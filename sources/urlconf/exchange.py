"""URLs for the exchange area: importing and exporting the newsroom."""

from django.urls import path

from sources.views import exchange

urlpatterns = [
    path("", exchange.exchange, name="exchange"),
    path("export/", exchange.export, name="exchange_export"),
]
