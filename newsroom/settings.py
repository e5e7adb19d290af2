"""Settings for Source Ledger, read from the environment.

Development defaults are safe: with nothing set, debug is off, the database is
a SQLite file beside this project, and the server refuses to start without a
secret key. ``make demo`` turns debug on explicitly.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import env_bool, env_float, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set, and with DJANGO_DEBUG off (the default) the server "
            "needs one. Set it to a long random string, for example\n"
            "  export DJANGO_SECRET_KEY=\"$(python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(50))')\"\n"
            "or, on your own machine only, turn debug on with DJANGO_DEBUG=1 (as `make demo` does)."
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS",
    default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "rules",
    # htmx for live search (the pickers); its script is served from our static files.
    "django_htmx",
    "sources",
]
# Development data (the demo and the generator) is never installed in production.
DEVDATA = env_bool("LEDGER_DEVDATA", default=DEBUG)
if DEVDATA:
    INSTALLED_APPS.append("devdata")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A lost database answers 503 with a plain page, never a traceback (newsroom/unavailable.py).
    "newsroom.unavailable.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Report reads go to the replica, except just after the reader wrote (newsroom/routers.py).
    "newsroom.routers.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "sources.middleware.ContentSecurityPolicyMiddleware",
    "sources.middleware.PrivateNoStoreMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "newsroom" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sources.context_processors.ledger",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"
ASGI_APPLICATION = "newsroom.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0),
        # A kept connection that the server dropped (a restart) is replaced, not reused.
        conn_health_checks=True,
    )
}
# A streaming standby for report reads; see newsroom/routers.py and docs/deploy.md.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL", default="")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=env_int("DJANGO_CONN_MAX_AGE", default=0),
        conn_health_checks=True,
    )
DATABASE_ROUTERS = ["newsroom.routers.ReplicaRouter"]
REPLICA = {
    "ENABLED": bool(DATABASE_REPLICA_URL),
    # Report pages read from the replica; other pages and every write use the primary.
    "PATHS": env_list("LEDGER_REPLICA_PATHS", default=["/reports/", "/public/", "/api/reports/"]),
    # Past this replay lag the replica is skipped until it catches up.
    "MAX_LAG_SECONDS": env_float("LEDGER_REPLICA_MAX_LAG_SECONDS", default=2.0),
    # How often each process asks the replica its lag.
    "LAG_CHECK_SECONDS": env_float("LEDGER_REPLICA_LAG_CHECK_SECONDS", default=1.0),
    # After a write, the writer reads from the primary for this long (read-your-writes).
    "PRIMARY_AFTER_WRITE_SECONDS": env_float("LEDGER_PRIMARY_AFTER_WRITE_SECONDS", default=5.0),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite serialises writers; wait for the lock instead of failing at once.
    # Write-ahead logging lets pages (and a job's progress) be read while a long
    # import writes: without it, a transaction that outgrows SQLite's page cache
    # locks every reader out until it commits.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, init_command="PRAGMA journal_mode=WAL;"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # has_perm asks the one access policy, sources/permissions.py (django-rules).
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "sources:home"
LOGOUT_REDIRECT_URL = "login"

# django-axes: lock an account and address after repeated failed logins.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env_float("AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", default=DEBUG)
WHITENOISE_AUTOREFRESH = DEBUG

# Security headers. HTTPS settings follow debug: off in development, strict in
# production, each overridable from the environment.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data:; style-src 'self'; "
    "script-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A newsroom laptop left open should not stay signed in for weeks.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_HOURS", default=12) * 3600

REST_FRAMEWORK = {
    # Token first, so a caller without valid credentials gets 401 and a
    # WWW-Authenticate header rather than a bare 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Newsroom roles only, the API root too; sources.permissions decides (403 otherwise).
    "DEFAULT_PERMISSION_CLASSES": ["sources.api.permissions.IsNewsroomStaff"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    # Every API view: bodies parsed strictly (depth, size, duplicate keys), service
    # refusals answered 400/409, page numbers checked (sources.api).
    "DEFAULT_PARSER_CLASSES": [
        "sources.api.parsers.StrictJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "EXCEPTION_HANDLER": "sources.api.errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "sources.api.pagination.CheckedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Source Ledger API",
    "DESCRIPTION": "Claims from anonymous sources, the evidence that later "
    "confirmed or contradicted them, and the track records that follow.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Serve Swagger UI and Redoc from our own static files: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: Swagger UI puts them inside each operation's button, and a
    # link inside a button is out of reach of the keyboard and screen readers.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    # Outcome fields share values but not choices; name each set once.
    "ENUM_NAME_OVERRIDES": {
        "OutcomeEnum": "sources.models.OUTCOME_CHOICES",
        "DerivedOutcomeEnum": "sources.models.DERIVED_OUTCOME_CHOICES",
        "RelationEnum": "sources.models.RELATION_CHOICES",
    },
}

# Identity details are encrypted with MultiFernet. The first key encrypts;
# the others only decrypt, so keys can be rotated without downtime.
SOURCE_IDENTITY_KEYS = env_list("SOURCE_IDENTITY_KEYS", default=[])
if not SOURCE_IDENTITY_KEYS and DEBUG:
    # Development only: a fixed key so the demo works out of the box.
    SOURCE_IDENTITY_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1rZXktbm90LXNlY3JldCE="]

# Reliability letters (Admiralty A–E) from the lower bound of the 95% interval
# of the confirmation rate; F when fewer than the minimum claims are resolved.
RELIABILITY = {
    "MIN_RESOLVED": env_int("RELIABILITY_MIN_RESOLVED", default=5),
    "CONFIDENCE": 0.95,
    "THRESHOLDS": {"A": 0.80, "B": 0.60, "C": 0.40, "D": 0.20},
}

# Pooled estimates (docs/reports.md, "Pooled estimates"). LETTER_BASIS chooses
# which lower bound the suggested letter rests on: "pooled" (the pooled
# estimate's credible interval, once priors are fitted) or "wilson" (the raw
# rate's Wilson interval). MIN_RESOLVED applies either way. After changing it,
# run `manage.py fit_reliability`, which rewrites every stored letter.
LETTER_BASIS = env_str("LETTER_BASIS", default="pooled")
if LETTER_BASIS not in {"pooled", "wilson"}:
    raise ImproperlyConfigured("LETTER_BASIS must be pooled or wilson.")
# Off (empty or 0) by default. A number of months: an outcome then counts ½
# after one half-life, ¼ after two, in the pooled estimates and their fits,
# counted from the day the claim settled to the day of the last fit.
RELIABILITY_HALF_LIFE_MONTHS = env_float("RELIABILITY_HALF_LIFE_MONTHS", default=0.0) or None
if RELIABILITY_HALF_LIFE_MONTHS is not None and RELIABILITY_HALF_LIFE_MONTHS < 0:
    raise ImproperlyConfigured("RELIABILITY_HALF_LIFE_MONTHS must be a positive number of months.")

# The public, identity-free track record for readers is off unless enabled.
PUBLIC_TRACK_RECORD = env_bool("PUBLIC_TRACK_RECORD", default=False)

# How many independent supporting origins a claim needs before its support counts
# (docs/domain.md, "Independence and origins"). 1 is the rule the ledger always had.
# After changing it, re-judge every claim: `manage.py verify_rollups --all` lists them.
MIN_INDEPENDENT_ORIGINS = env_int("MIN_INDEPENDENT_ORIGINS", default=1)
if MIN_INDEPENDENT_ORIGINS < 1:
    raise ImproperlyConfigured("MIN_INDEPENDENT_ORIGINS must be at least 1.")

# A claim's check-by date at filing: its publication date plus this many calendar
# months (docs/domain.md, "Claims that count"). Past it and unsettled, it is expired.
CHECK_BY_MONTHS = env_int("CHECK_BY_MONTHS", default=24)
if CHECK_BY_MONTHS < 0:
    raise ImproperlyConfigured("CHECK_BY_MONTHS must not be negative.")

# With REDIS_URL set, every server shares one cache in Redis (Django's own
# backend, wrapped so that Redis being down means "uncached", not an error);
# with nothing set each process keeps its own. Entries never go stale by
# timeout: they are keyed on versions the services bump (sources/cache_versions.py),
# and the timeout below only bounds the memory they hold.
REDIS_URL = env_str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "ledger",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1.0},
        }
    }
else:
    # Room for the rendered fragments beside the suggestions and choice lists.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    }
SUGGESTIONS_CACHE_SECONDS = env_int("SUGGESTIONS_CACHE_SECONDS", default=24 * 3600)
# Rendered page fragments (sources/views/fragments.py). A write makes them stale at
# once through the versions the services bump; this timeout only bounds memory.
# 0 switches the fragment cache off (every page built afresh).
FRAGMENT_CACHE_SECONDS = env_int("FRAGMENT_CACHE_SECONDS", default=3600)

# Background jobs (sources/jobs/). "celery": a Celery worker takes them from
# Redis (the default when REDIS_URL is set); "thread": a thread of the web
# process runs them (the default otherwise, so `make demo` needs nothing);
# "inline": run at the end of the request that started them (tests).
LEDGER_JOBS = env_str("LEDGER_JOBS", default="celery" if REDIS_URL else "thread")
if LEDGER_JOBS not in {"celery", "thread", "inline"}:
    raise ImproperlyConfigured("LEDGER_JOBS must be celery, thread or inline.")
JOBS = {
    # Uploads larger than this are imported by a job; smaller ones in the request.
    "IMPORT_BYTES": env_int("LEDGER_JOB_IMPORT_BYTES", default=1024 * 1024),
    # Newsrooms with more claims than this are exported by a job.
    "EXPORT_CLAIMS": env_int("LEDGER_JOB_EXPORT_CLAIMS", default=5000),
    # A running job whose worker has not been heard from for this long has died.
    "STALE_SECONDS": env_int("LEDGER_JOB_STALE_SECONDS", default=60),
    # Modules that register job kinds (sources.jobs.registry.register).
    "MODULES": env_list(
        "LEDGER_JOB_MODULES",
        default=["sources.jobs.kinds", "sources.jobs.pooling", "sources.jobs.as_of"],
    ),
}
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", default=REDIS_URL)
CELERY_RESULT_EXPIRES = 3600
# A task is acknowledged only once it finished; a worker that dies mid-job
# leaves its message to be delivered again, and the Job row says what happened.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Longer than the longest job, or Redis hands a running job to a second worker.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("LEDGER_JOB_VISIBILITY_SECONDS", default=6 * 3600)
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# ClaimReview JSON-LD names the newsroom as the reviewer and links back to the
# claim page on this site, so both must be known outside a request.
CLAIMREVIEW = {
    "ORGANIZATION": env_str("NEWSROOM_NAME", default="Source Ledger"),
    "SITE_URL": env_str("NEWSROOM_SITE_URL", default="http://127.0.0.1:8000"),
}

# One handler, on the root logger. A 4xx is logged as one line without a
# traceback (newsroom/log_filters.py). Django's own "django" logger gets no
# handler of its own, or with debug on each of its records would print twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_client_errors": {"()": "newsroom.log_filters.OneLineClientErrors"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["one_line_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
    },
}
