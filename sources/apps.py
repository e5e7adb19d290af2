from django.apps import AppConfig


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Source Ledger"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Register the access policy with django-rules, so has_perm asks it.
        from sources import permissions

        permissions.register()
        # Any save or delete of a topic, region, outlet or desk refreshes the cached lists.
        from sources import cache_versions

        cache_versions.connect()
