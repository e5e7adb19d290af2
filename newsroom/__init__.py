"""The Source Ledger project: settings, URLs and the Celery application."""

# Load the Celery app with Django, so tasks bind to it (the Celery + Django convention).
from newsroom.celery import app as celery_app

__all__ = ["celery_app"]
