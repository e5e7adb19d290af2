"""Settings for the test suite: the real settings, with test-only secrets.

The database still comes from ``DATABASE_URL``, so the same suite runs on
PostgreSQL and on SQLite.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "off")
os.environ.setdefault("LEDGER_DEVDATA", "1")
# Jobs run at the end of the request that starts them; tests/jobs start real workers.
os.environ.setdefault("LEDGER_JOBS", "inline")
os.environ.setdefault(
    "SOURCE_IDENTITY_KEYS",
    # Two throwaway keys: the first encrypts, the second only decrypts.
    "dGVzdC1rZXktb25lLXRlc3Qta2V5LW9uZS10ZXN0LTE=,dGVzdC1rZXktdHdvLXRlc3Qta2V5LXR3by10ZXN0LTI=",
)

from newsroom.settings import *  # noqa: F403

# Fast hashing keeps the suite quick; production keeps Argon2 first.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
# The suite runs on one database: tests/deploy/test_replica.py adds the standby itself.
DATABASES.pop("replica", None)  # noqa: F405
