"""Background jobs: long work run away from the web request, with a page to follow it.

``registry`` names the kinds of job and who may run them, ``kinds`` holds the
built-in ones (imports, exports, verification, recounts, attribution
extraction), and ``runner`` runs an attempt: on a Celery worker when
``LEDGER_JOBS`` is "celery", in a thread of the web process when "thread",
at the end of the request when "inline". The row each job writes is
``sources.models.Job``; its writes are in ``sources.services.jobs``.
"""
