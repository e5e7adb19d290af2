"""URLs for the security area."""

urlpatterns: list = []
