"""The Celery application: background jobs taken from Redis by ``celery -A newsroom worker``.

Its settings are the Django settings starting ``CELERY_`` (newsroom/settings.py);
tasks are found in each installed app's ``tasks`` module. Without ``REDIS_URL``
nothing is sent here: jobs run in the web process (sources/jobs/runner.py).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

app = Celery("newsroom")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
