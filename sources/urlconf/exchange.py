"""URLs for the exchange area."""

urlpatterns: list = []
