"""URLs for the reports area."""

urlpatterns: list = []
