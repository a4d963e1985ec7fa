"""Settings, read from the environment only.

Embedded default: an SQLite file under SELARAS_DATA_DIR (default ./var). Production: set DATABASE_URL,
SELARAS_SECRET_KEY, SELARAS_ALLOWED_HOSTS and SELARAS_HTTPS=1, then `selaras check --deploy` passes.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from selaras.jobs.queues import QUEUES as TASK_QUEUES


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    return [item.strip() for item in value.split(",") if item.strip()] if value else default


PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("SELARAS_DATA_DIR", str(Path.cwd() / "var"))).resolve()
FILES_DIR = DATA_DIR / "files"  # uploads, outside any web root; served only through checked views

DEBUG = env_bool("SELARAS_DEBUG", False)
HTTPS = env_bool("SELARAS_HTTPS", False)

# Development falls back to a fixed key so the two README commands need no setup; production refuses to start
# without a real one from the environment.
SECRET_KEY = env_str("SELARAS_SECRET_KEY")
if not SECRET_KEY:
    if HTTPS:
        raise ImproperlyConfigured("SELARAS_SECRET_KEY must be set when SELARAS_HTTPS=1")
    SECRET_KEY = "django-insecure-selaras-local-only-never-use-in-production"  # noqa: S105 -- local default

ALLOWED_HOSTS = env_list("SELARAS_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("SELARAS_CSRF_TRUSTED_ORIGINS", [])

# Which province this installation serves by default (region loading, the dashboard for superusers).
DEFAULT_PROVINCE = env_str("SELARAS_PROVINCE", "64")

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    # Before django_tasks_db: its `db_worker` command is selaras.jobs' (which sweeps dead jobs first).
    "selaras.jobs",
    "django_tasks",
    "django_tasks_db",
    "selaras.web",
    "selaras.accounts",
    "selaras.regions",
    "selaras.audit",
    "selaras.planning",
    "selaras.connectivity",
    "selaras.agreements",
    "selaras.sync",
    "selaras.rollout",
    "selaras.meetings",
    "selaras.uploads",
    "selaras.guide",
    "selaras.ops",
    "selaras.public",
    "selaras.opendata",
]

MIDDLEWARE = [
    "selaras.ops.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "selaras.web.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "selaras.web.middleware.SignInRequiredMiddleware",
    "selaras.web.middleware.SessionRefreshMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "selaras.urls"
WSGI_APPLICATION = "selaras.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "selaras.web.context.selaras",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'selaras.sqlite3'}", conn_max_age=60
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL and immediate transactions let the web process and the task worker share the file without
    # "database is locked" errors.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# Past one machine: heavy reads (exports, maps, analysis reads; selaras.ops.replica) from a read replica.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.config(env="DATABASE_REPLICA_URL", conn_max_age=60)
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["selaras.ops.replica.ReplicaRouter"]
# Behind PgBouncer in transaction pooling mode: server-side cursors and long-lived connections don't survive.
if env_str("SELARAS_PGBOUNCER"):
    for _alias in DATABASES.values():
        _alias["DISABLE_SERVER_SIDE_CURSORS"] = True
        _alias["CONN_MAX_AGE"] = 0

# The cache (parts of pages by write stamp, public pages, request limits: selaras.web.caching). SELARAS_CACHE_URL:
# `file:///var/lib/selaras/cache` (a folder the web workers share; what `selaras serve` uses unless told
# otherwise), `db://selaras_cache` (a table in the database, created by `selaras serve`; for several machines),
# `locmem://` (per process: development and tests, the default here).
CACHE_URL = env_str("SELARAS_CACHE_URL", "locmem://")
CACHE_TABLE = "selaras_cache"


def _cache_from_url(url: str) -> dict[str, Any]:
    scheme, _, rest = url.partition("://")
    if scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if scheme == "db":
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest or CACHE_TABLE,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "selaras"}
    raise ImproperlyConfigured(f"SELARAS_CACHE_URL: unknown cache {url!r} (file://, db:// or locmem://)")


CACHES = {"default": _cache_from_url(CACHE_URL)}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "accounts:login"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
# BSSN regulation 4/2021 asks government web applications for passwords of at least 12 characters.
PASSWORD_MIN_LENGTH = 12
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": PASSWORD_MIN_LENGTH},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "selaras.accounts.passwords.NotTheDemoPassword"},
    {"NAME": "selaras.accounts.passwords.NoRepetitionOrSequence"},
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Three counts within the cool-off time (selaras.accounts.throttle): a username from one address (locked after
# 5 failures), one address whatever the username (20: one machine trying many accounts; colleagues behind one
# office NAT share it, hence the higher limit), one username from any address (10: many machines, one account).
AXES_HANDLER = "selaras.accounts.throttle.ThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_FAILURE_LIMIT = env_int("SELARAS_LOGIN_FAILURE_LIMIT", 5)
SELARAS_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("SELARAS_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
SELARAS_LOGIN_USERNAME_FAILURE_LIMIT = env_int("SELARAS_LOGIN_USERNAME_FAILURE_LIMIT", 10)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("SELARAS_LOGIN_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "selaras.accounts.views.locked_out"
AXES_IPWARE_PROXY_COUNT = env_int("SELARAS_PROXY_COUNT", 0)
# django-ipware is not installed, so axes would only ever see the proxy's address: the client's address comes from
# one function that reads X-Forwarded-For behind the proxy (also the public pages' limit per address).
BEHIND_PROXY = env_bool("SELARAS_BEHIND_PROXY", False)
PROXY_COUNT = env_int("SELARAS_PROXY_COUNT", 1 if BEHIND_PROXY else 0)
AXES_CLIENT_IP_CALLABLE = "selaras.web.client.client_address"
AXES_ENABLED = env_bool("SELARAS_LOGIN_THROTTLE", True)

SESSION_COOKIE_AGE = env_int("SELARAS_SESSION_MINUTES", 30) * 60
# Idle timeout: a signed-in request extends the session, written at most once a minute (web.middleware.SessionRefresh)
# rather than on every request.
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # monitoring may ask the server directly, behind the TLS proxy
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("SELARAS_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Every asset ships with the package, so the policy allows this origin only. A basemap URL (a later setting)
# is added to img-src when configured.
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

LANGUAGE_CODE = "id"
LANGUAGES = [("id", "Bahasa Indonesia"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "selaras_language"
TIME_ZONE = env_str("SELARAS_TIME_ZONE", "Asia/Makassar")  # WITA, East Kalimantan's time zone
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns at every start when it is missing
# Straight from the package, unless `selaras serve` has just collected them (with compressed copies) into STATIC_ROOT.
WHITENOISE_USE_FINDERS = not env_bool("SELARAS_STATIC_COLLECTED", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": FILES_DIR}},
    # `selaras serve` collects static files into STATIC_ROOT with compressed copies whitenoise serves.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Largest upload accepted anywhere (imports, signed documents); imports check their own, smaller limits too.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_UPLOAD_BYTES = env_int("SELARAS_MAX_UPLOAD_MB", 20) * 1024 * 1024
# Uploads kept between preview and commit (selaras.uploads) expire after this many hours.
UPLOAD_PREVIEW_HOURS = env_int("SELARAS_UPLOAD_PREVIEW_HOURS", 24)
# An import of more rows than this commits as a background job.
IMPORT_INLINE_MAX_ROWS = env_int("SELARAS_IMPORT_INLINE_MAX_ROWS", 2_000)
# Rows with content per sheet of any imported table; more is refused naming the first row past it.
IMPORT_MAX_ROWS = env_int("SELARAS_IMPORT_MAX_ROWS", 100_000)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call answers 401 with a WWW-Authenticate header.
        "selaras.accounts.tokens.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["selaras.accounts.api_permissions.SignedIn"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "selaras.web.api_params.Pagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "selaras.web.api_errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Selaras API",
    "DESCRIPTION": "Regions, accounts and (as they land) plans, synchronization, agreements, connectivity "
    "and rollout. Every endpoint applies the same region scope as the web pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["selaras.accounts.api_permissions.SignedIn"],
}

TASKS = {
    "default": {
        "BACKEND": env_str("SELARAS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": list(TASK_QUEUES),
    }
}

# Background jobs that recover (selaras.jobs; docs/deploy.md "Background jobs"): a running job's worker renews its
# lease every JOBS_HEARTBEAT_SECONDS; the sweep (scheduler, worker start) stops a job whose lease is older than
# JOBS_LEASE_SECONDS and enqueues it again up to JOBS_AUTO_RETRIES times when its work is all or nothing.
JOBS_HEARTBEAT_SECONDS = env_int("SELARAS_JOBS_HEARTBEAT_SECONDS", 10)
JOBS_LEASE_SECONDS = env_int("SELARAS_JOBS_LEASE_SECONDS", 120)
JOBS_AUTO_RETRIES = env_int("SELARAS_JOBS_AUTO_RETRIES", 1)

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True  # the audit trail is read-only, also in the admin

EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if env_str("SELARAS_SMTP_HOST")
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_HOST = env_str("SELARAS_SMTP_HOST")
EMAIL_PORT = env_int("SELARAS_SMTP_PORT", 587)
EMAIL_HOST_USER = env_str("SELARAS_SMTP_USER")
EMAIL_HOST_PASSWORD = env_str("SELARAS_SMTP_PASSWORD")
EMAIL_USE_TLS = env_bool("SELARAS_SMTP_TLS", True)
DEFAULT_FROM_EMAIL = env_str("SELARAS_FROM_EMAIL", "selaras@localhost")

# Logs go to standard error (journald under systemd, the container log under compose), each line with the id of
# the request it belongs to; JSON lines with SELARAS_LOG_JSON=1. `selaras serve` logs every request
# (SELARAS_ACCESS_LOG=1); the development server logs its own.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "selaras.ops.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "selaras.ops.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if env_bool("SELARAS_LOG_JSON", False) else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env_str("SELARAS_LOG_LEVEL", "WARNING")},
    "loggers": {
        "selaras.request": {"level": "INFO" if env_bool("SELARAS_ACCESS_LOG", False) else "WARNING"},
        "selaras.scheduler": {"level": "INFO"},
    },
}

# Demo accounts (published password) and sample data: `selaras start` creates them unless SELARAS_DEMO=0;
# never with SELARAS_HTTPS=1, and never by `selaras serve`.
DEMO = env_bool("SELARAS_DEMO", True) and not HTTPS
# Scheduled work and /healthz (selaras.ops).
BACKUP_DIR = Path(env_str("SELARAS_BACKUP_DIR", str(DATA_DIR / "backups"))).resolve()
# Screenshots of the user guide, written by tests/browser/test_user_guide.py (not committed). Beside the checkout,
# not in DATA_DIR: the browser tests run their server on a temporary DATA_DIR.
GUIDE_SCREENSHOTS_DIR = Path(
    env_str("SELARAS_GUIDE_SCREENSHOTS_DIR", str(Path.cwd() / "var" / "guide-screenshots"))
).resolve()
# The nightly backup is encrypted with the passphrase on this file's first line when set (docs/deploy.md).
BACKUP_PASSPHRASE_FILE = env_str("SELARAS_BACKUP_PASSPHRASE_FILE")
TASK_RESULT_DAYS = env_int("SELARAS_TASK_RESULT_DAYS", 14)
HEALTH_WORKER_MAX_MINUTES = env_int("SELARAS_HEALTH_WORKER_MAX_MINUTES", 10)
HEALTH_SCHEDULER_MAX_MINUTES = env_int("SELARAS_HEALTH_SCHEDULER_MAX_MINUTES", 5)
HEALTH_BACKUP_MAX_HOURS = env_int("SELARAS_HEALTH_BACKUP_MAX_HOURS", 26)

# The public pages (selaras.public): requests per minute from one address (0: no limit), and how long browsers
# and shared caches may keep a page before asking again.
PUBLIC_RATE_LIMIT = env_int("SELARAS_PUBLIC_RATE_LIMIT", 120)
PUBLIC_MAX_AGE_SECONDS = env_int("SELARAS_PUBLIC_MAX_AGE", 60)

ADMIN_PATH = env_str("SELARAS_ADMIN_PATH", "admin")
CSRF_FAILURE_VIEW = "selaras.web.views.csrf_failure"
