"""Settings for the fact-check service, read from the environment.

Every variable is listed with its default in ``.env.example``. The defaults are safe for
development on one machine (SQLite, DEBUG on, a throwaway secret); production sets
``DJANGO_DEBUG=0``, ``DJANGO_SECRET_KEY``, ``DATABASE_URL`` and ``CELERY_BROKER_URL``.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from kombu import Queue as KombuQueue

from claims.extraction.scoring import DEFAULT_BACKEND
from factcheck.env import (
    ConfigError,
    env_bool,
    env_float,
    env_float_list,
    env_int,
    env_list,
    env_rate,
    env_str,
    env_url,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FACTCHECK_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and beat's schedule live here

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off")
    SECRET_KEY = "dev-only-insecure-secret-key-do-not-use-in-production-0123456789"  # noqa: S105
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ConfigError("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",  # login throttling
    "import_export",  # CSV export of claims and fact-checks in the admin (export only)
    "factcheck",  # project-level management commands (ensure_demo_user)
    "claims",
    "reviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A NUL or lone surrogate in the path or query string: 400 before any view queries with it.
    "factcheck.unsafe_text.UnsafeTextMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.htmx: the dashboard answers htmx requests with a fragment instead of a page.
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # A database outage answers 503 with Retry-After, not a 500 page.
    "factcheck.unavailable.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite in the project's var/ folder unless DATABASE_URL points elsewhere (PostgreSQL in
# deployments and tests). conn_health_checks lets a process survive a database restart.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default: web and worker write to one file, so take the write lock at BEGIN
    # and wait for it rather than failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]

# Request size limits: the API refuses larger bodies with 413 before parsing them.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", 3 * 1024 * 1024)
ARTICLE_BODY_MAX_CHARS = env_int("ARTICLE_BODY_MAX_CHARS", 1_000_000, minimum=1)

# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked out for AXES_COOLOFF_MINUTES (HTTP 429). Locking the
# pair, not the user name alone, keeps an attacker from locking a reviewer out everywhere.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend with one permission query per request instead of two.
    "factcheck.auth_backend.RoleModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Admin CSV export (django-import-export; nothing is imported through the admin). A cell that
# starts like a spreadsheet formula (=, +, -, @) is exported as text: article text is untrusted.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True

# Content-Security-Policy on every page: scripts and styles from our own origin only, no
# inline scripts, no framing. The API docs page has its own, looser style policy
# (factcheck/api/docs.py) because Swagger UI's page carries an inline <style>.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# Ingest by URL (claims/fetching.py): limits for fetching a page, and the switch that lets
# tests fetch from 127.0.0.1. Loopback is refused in production whatever the variable says.
FETCH_ALLOW_LOOPBACK = env_bool("FETCH_ALLOW_LOOPBACK", False)
if FETCH_ALLOW_LOOPBACK and not DEBUG:
    raise ConfigError("FETCH_ALLOW_LOOPBACK is for tests only; it cannot be on with DEBUG off")
FETCH_MAX_BYTES = env_int("FETCH_MAX_BYTES", 5 * 1024 * 1024, minimum=1024)
FETCH_TIMEOUT_SECONDS = env_float("FETCH_TIMEOUT_SECONDS", 10.0)
FETCH_TOTAL_TIMEOUT_SECONDS = env_float("FETCH_TOTAL_TIMEOUT_SECONDS", 30.0)
FETCH_MAX_REDIRECTS = env_int("FETCH_MAX_REDIRECTS", 5, minimum=0)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# API rate limits (factcheck/api/throttling.py): per account, per anonymous address, for
# submissions per account, and for wrong tokens per address. 429 with Retry-After past them.
API_THROTTLE_RATES = {
    "user": env_rate("API_THROTTLE_USER", "600/min"),
    "anon": env_rate("API_THROTTLE_ANON", "60/min"),
    "submit": env_rate("API_THROTTLE_SUBMIT", "30/min"),
    "auth_failure": env_rate("API_THROTTLE_AUTH_FAILURES", "20/min"),
    # The public fact-check endpoints, per client address.
    "public": env_rate("PUBLIC_THROTTLE_RATE", "120/min"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "factcheck.api.authentication.ThrottledTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "factcheck.api.throttling.AccountRateThrottle",
        "factcheck.api.throttling.AnonymousRateThrottle",
        "factcheck.api.throttling.WriteScopedRateThrottle",
    ],
    # How many proxies in front of the service append to X-Forwarded-For; the client address
    # the anonymous and wrong-token limits count by is taken from there. 0: the peer address.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0, minimum=0),
    # Signed in and in a role that may do this (reviews/permissions.py): a user in no group
    # is refused everywhere under /api/v1/.
    "DEFAULT_PERMISSION_CLASSES": ["reviews.permissions.RoleRequired"],
    "DEFAULT_PARSER_CLASSES": ["factcheck.api.parsers.DepthLimitedJSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "factcheck.api.pagination.StrictLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "factcheck.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check workflow API",
    "DESCRIPTION": "Submit articles, review the claims extracted from them, publish fact-checks.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI from the sidecar package: the docs page loads nothing from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "FactCheckStatusEnum": ["published", "corrected", "retracted"],
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "WebhookEventEnum": "reviews.models.WebhookEvent",
        "LinkKindEnum": "claims.models.LinkKind",
        "ClaimantKindEnum": "claims.models.ClaimantKind",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "factcheck.api.openapi.add_error_responses",
    ],
}

# Celery. CELERY_TASK_ALWAYS_EAGER runs tasks in the web process: the run command turns it on,
# with a warning, when no Redis answers. Deployments never set it.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Celery's Django fixup closes every database connection before and after each task, unless
# this is set, so each task paid for a new PostgreSQL backend (a fork, and its catalog caches
# read again). Set, the fixup closes them only every this
# many tasks, and factcheck.celery closes them around each task by Django's own rule
# (DATABASE_CONN_MAX_AGE, with the health check that replaces a connection the database
# dropped), as a web request does.
CELERY_DB_REUSE_MAX = 1000
# Fail fast when the broker is down at enqueue time: the article stays pending and the sweep
# below enqueues it again once Redis is back.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600, minimum=60),
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 1,
}
# Celery's own publish retries, bounded the same way: an API request never waits on a dead
# broker for more than a few seconds.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Named queues, so a burst of articles never delays a webhook or lease expiry: a worker takes
# one message from each of its queues in turn, and a deployment can give each queue its own
# workers (docs/scaling.md). A worker started without -Q consumes all of them;
# `celery -A factcheck worker -Q webhooks,housekeeping` only those two.
WORKER_QUEUES = ("extraction", "matching", "fetching", "webhooks", "housekeeping")
CELERY_TASK_QUEUES = [KombuQueue(name) for name in WORKER_QUEUES]
CELERY_TASK_DEFAULT_QUEUE = "housekeeping"  # a task with no route below: the periodic sweeps
CELERY_TASK_ROUTES = {
    "claims.tasks.article_extract_task": {"queue": "extraction"},
    "claims.tasks.article_match_task": {"queue": "matching"},
    "claims.tasks.article_fetch_task": {"queue": "fetching"},
    "reviews.tasks.webhook_deliver_task": {"queue": "webhooks"},
    "reviews.tasks.webhook_deliveries_sweep_task": {"queue": "webhooks"},
    "claims.tasks.article_sweep_stuck": {"queue": "housekeeping"},
    "claims.tasks.claim_priorities_decay_task": {"queue": "housekeeping"},
    "reviews.tasks.claim_leases_expire_task": {"queue": "housekeeping"},
}
CELERY_BEAT_SCHEDULE = {
    "sweep-stuck-extractions": {
        "task": "claims.tasks.article_sweep_stuck",
        "schedule": timedelta(seconds=env_int("EXTRACTION_SWEEP_SECONDS", 60, minimum=5)),
    },
    "decay-claim-priorities": {
        "task": "claims.tasks.claim_priorities_decay_task",
        "schedule": timedelta(seconds=env_int("PRIORITY_DECAY_SECONDS", 900, minimum=60)),
    },
    "send-due-webhooks": {
        "task": "reviews.tasks.webhook_deliveries_sweep_task",
        "schedule": timedelta(seconds=env_int("WEBHOOK_SWEEP_SECONDS", 30, minimum=1)),
    },
    "expire-review-leases": {
        "task": "reviews.tasks.claim_leases_expire_task",
        "schedule": timedelta(seconds=env_int("REVIEW_LEASE_SWEEP_SECONDS", 30, minimum=5)),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")

# The cache holds the API's rate-limit counters. CACHE_URL names it (redis://… or locmem://);
# unset, production shares the broker's Redis and development (make run, tests) keeps them in
# each process's memory, which is exact for one process and lenient for several.
_CACHE_URL = env_str("CACHE_URL", "locmem://" if DEBUG else CELERY_BROKER_URL)
if _CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {
        "default": {
            "BACKEND": "factcheck.redis_cache.ReusedClientRedisCache",  # Django's, less CPU
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": "factcheck",
            # A Redis outage must not hang requests: the throttles let them through instead.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
elif _CACHE_URL == "locmem://":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise ConfigError(f"CACHE_URL={_CACHE_URL!r} is not a redis://, rediss:// or locmem:// URL")

# Extraction.
# cascade, light, compact, neural or rules (claims/extraction/scoring.py); by default the cascade
# on CPUs with AMX, the light model elsewhere.
EXTRACTOR_BACKEND = env_str("EXTRACTOR_BACKEND", DEFAULT_BACKEND)
EXTRACTOR_THRESHOLD = env_float("EXTRACTOR_THRESHOLD", -1.0)  # < 0: the model's own threshold
EXTRACTION_MAX_ATTEMPTS = env_int("EXTRACTION_MAX_ATTEMPTS", 5, minimum=1)
# Claim matching by meaning (docs/matching.md): off, only the lexical keys match.
SEMANTIC_MATCHING = env_bool("SEMANTIC_MATCHING", True)
# Which sentence encoder matches claims: "static" (word-piece vectors summed, 192 dimensions,
# about 0.05 ms a claim) or "minilm" (the fine-tuned transformer, 384 dimensions, about 6 ms a
# claim, dev MAP@5 0.889 against 0.851). Changing it needs `manage.py embed_claims`
# (docs/matching.md).
MATCHER_ENCODER = env_str("MATCHER_ENCODER", "static")
if MATCHER_ENCODER not in ("static", "minilm"):
    raise ConfigError(f"MATCHER_ENCODER={MATCHER_ENCODER!r} is not 'static' or 'minilm'")
# An article pending or running for longer than this is enqueued again by the sweep.
EXTRACTION_STUCK_AFTER = timedelta(seconds=env_int("EXTRACTION_STUCK_SECONDS", 300, minimum=10))

# Reviews: how long a reviewer holds a claim before it returns to its queue.
REVIEW_LEASE_SECONDS = env_int("REVIEW_LEASE_SECONDS", 1800, minimum=1)
# A verdict cannot be submitted until at least one evidence link is attached to its claim.
REVIEW_REQUIRE_EVIDENCE = env_bool("REVIEW_REQUIRE_EVIDENCE", True)

# Publishing (reviews/claimreview.py, the public pages and API, webhooks). The publisher is
# ClaimReview's author; PUBLIC_BASE_URL makes the public pages' absolute URLs (taken from the
# request when empty, which webhooks and feeds built outside a request cannot do).
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", "")
PUBLISHER_NAME = env_str("PUBLISHER_NAME", "Fact-check desk")
PUBLISHER_URL = env_url("PUBLISHER_URL", "")  # empty: PUBLIC_BASE_URL (or the request's site)
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300, minimum=0)
# The server keeps public API answers this long in the cache above, dropping them all at once
# when a public fact-check changes (factcheck/public_cache.py); 0 turns that cache off.
PUBLIC_RESPONSE_CACHE_SECONDS = env_int("PUBLIC_RESPONSE_CACHE_SECONDS", 300, minimum=0)
# Webhooks: seconds to wait before each retry (about a day in all; then the subscription is
# disabled with the reason), and the connect/read timeout of one delivery.
WEBHOOK_RETRY_SCHEDULE = env_float_list(
    "WEBHOOK_RETRY_SCHEDULE", [5, 300, 1800, 7200, 18000, 36000, 36000]
)
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10.0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
