"""The REST API's URLs."""

app_name = "api"

urlpatterns: list = []
