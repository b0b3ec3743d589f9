"""Settings for Bạc Liêu Market: one module, driven by environment variables.

The defaults give the embedded setup used by `make run`: SQLite, a Celery broker on the filesystem,
e-mail printed to the console, media on disk. DATABASE_URL and REDIS_URL switch to PostgreSQL and
Redis. DJANGO_ENV=production makes SECRET_KEY and ALLOWED_HOSTS mandatory. See README.md.
"""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext_lazy as _

from .config import (
    ConfigError,
    check_url,
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DJANGO_ENV = env_str("DJANGO_ENV", "development").strip().lower()
if DJANGO_ENV not in {"development", "production"}:
    raise ConfigError(f"DJANGO_ENV={DJANGO_ENV!r}; expected 'development' or 'production'")
PRODUCTION = DJANGO_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigError("SECRET_KEY is not set; production refuses to start without one")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ConfigError("ALLOWED_HOSTS is not set; production needs the site's host names")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    "django_filters",
    "allauth",
    "allauth.account",
    "core",
    "members",
    "catalog",
    "ocop",
    "linkage",
    "demo",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "baclieu_market.urls"

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
                "django.template.context_processors.i18n",
                "core.context_processors.operator",
            ],
        },
    },
]

WSGI_APPLICATION = "baclieu_market.wsgi.application"

# --- Database ---------------------------------------------------------------------------------
# Without CONN_MAX_AGE each request opens a PostgreSQL connection (measured ~17x slower).
CONN_MAX_AGE = env_int("CONN_MAX_AGE", 60)
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
DATABASES = {"default": database_from_url(DATABASE_URL, conn_max_age=CONN_MAX_AGE)}
# PostgreSQL: prepare the hot catalogue queries (core.db.postgresql). Off behind PgBouncer < 1.21 in transaction mode.
DB_PREPARED_STATEMENTS = env_bool("DB_PREPARED_STATEMENTS", True)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the web process read while the worker writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20}
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "core.db.postgresql"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "members.User"

# --- Cache and Celery -------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    check_url("REDIS_URL", REDIS_URL, {"redis", "rediss", "unix"})
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "blm")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    # A file cache is shared by every process of the embedded setup (web, worker).
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            # Django's default of 300 entries culls a third at random: too few for cached pages.
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
check_url("CELERY_BROKER_URL", CELERY_BROKER_URL, {"redis", "rediss", "amqp", "pyamqp", "filesystem", "memory"})
CELERY_BROKER_TRANSPORT_OPTIONS: dict = {}
if CELERY_BROKER_URL.startswith("filesystem"):
    _broker_dir = VAR_DIR / "broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),  # kombu's default is ./control, in the checkout
        "store_processed": False,
    }
    (_broker_dir / "control").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "queue").mkdir(parents=True, exist_ok=True)
    (_broker_dir / "processed").mkdir(parents=True, exist_ok=True)
elif CELERY_BROKER_URL.startswith("redis"):
    # A task whose worker died unacknowledged is redelivered after this many seconds.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 300)}
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_BEAT_SCHEDULE: dict = {}

# --- Auth and accounts ------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_RATE_LIMITS = {"login_failed": "5/5m/ip,5/5m/key", "signup": "20/h/ip", "reset_password": "5/h/ip"}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# --- E-mail -----------------------------------------------------------------------------------
EMAIL_URL = env_str("EMAIL_URL", "console://")
_email_scheme = check_url("EMAIL_URL", EMAIL_URL, {"console", "file", "smtp", "smtps", "locmem"})
_email_scheme = EMAIL_URL.split("://", 1)[0]
if _email_scheme == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif _email_scheme == "locmem":
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif _email_scheme == "file":
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = EMAIL_URL.split("://", 1)[1] or str(VAR_DIR / "mail")
else:
    from urllib.parse import unquote, urlsplit

    _parts = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _parts.hostname or "localhost"
    EMAIL_PORT = _parts.port or (465 if _email_scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_parts.username or "")
    EMAIL_HOST_PASSWORD = unquote(_parts.password or "")
    EMAIL_USE_SSL = _email_scheme == "smtps"
    EMAIL_USE_TLS = _email_scheme == "smtp" and EMAIL_PORT == 587
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Sàn TMĐT Bạc Liêu <no-reply@baclieu-market.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalisation ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# The embedded setup serves media itself; production puts a web server or object storage in front.
SERVE_MEDIA = env_bool("SERVE_MEDIA", not PRODUCTION)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves from finders here, but wants the folder
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security ---------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# --- Domain settings (kept configurable: see shared docs/domain.md) ---------------------------
OCOP_VALIDITY_MONTHS = env_int("OCOP_VALIDITY_MONTHS", 36)
# Star bands on the 100-point scorecard: minimum score for each star level.
OCOP_STAR_BANDS = {5: 90, 4: 70, 3: 50}
OPERATOR = {
    "name": "Sở Công Thương tỉnh Cà Mau (khu vực Bạc Liêu cũ)",
    "name_en": "Department of Industry and Trade of Cà Mau province (former Bạc Liêu area)",
    "address": "Số 07 Trần Huỳnh, Phường Bạc Liêu, tỉnh Cà Mau",
    "phone": "0291 3822 000",
    "email": "santmdt@baclieu-market.example",
}
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 300)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
PARTNER_SANDBOX_URL = env_str("PARTNER_SANDBOX_URL", "http://127.0.0.1:8765").rstrip("/")

# --- members ----------------------------------------------------------------------------------
INSTALLED_APPS += ["portal"]
# Uploads: type checked from content (members/uploads.py); limits here.
MEMBERS_DOCUMENT_MAX_BYTES = env_int("MEMBERS_DOCUMENT_MAX_BYTES", 5 * 1024 * 1024)
MEMBERS_DOCUMENTS_PER_APPLICATION = 5
CATALOG_IMAGE_MAX_BYTES = env_int("CATALOG_IMAGE_MAX_BYTES", 8 * 1024 * 1024)
UPLOAD_MAX_IMAGE_PIXELS = env_int("UPLOAD_MAX_IMAGE_PIXELS", 40_000_000)
# An imported file with more rows than this is processed by a Celery task with a progress bar.
CATALOG_IMPORT_SYNC_MAX_ROWS = env_int("CATALOG_IMPORT_SYNC_MAX_ROWS", 200)
CATALOG_IMPORT_MAX_ROWS = env_int("CATALOG_IMPORT_MAX_ROWS", 5000)
CATALOG_IMPORT_MAX_BYTES = env_int("CATALOG_IMPORT_MAX_BYTES", 5 * 1024 * 1024)
# Behind a reverse proxy that sets X-Forwarded-For, record the client's address from it in the audit trail.
AUDIT_TRUST_X_FORWARDED_FOR = env_bool("AUDIT_TRUST_X_FORWARDED_FOR", PRODUCTION)
ACCOUNT_ADAPTER = "members.adapters.AccountAdapter"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Sàn TMĐT Bạc Liêu] "

# --- linkage ----------------------------------------------------------------------------------
# Sync to partner platforms (architecture: converge state). Times in seconds.
LINKAGE_SWEEP_SECONDS = env_int("LINKAGE_SWEEP_SECONDS", 30)
LINKAGE_HEARTBEAT_SECONDS = env_int("LINKAGE_HEARTBEAT_SECONDS", 30)
LINKAGE_LEASE_SECONDS = env_int("LINKAGE_LEASE_SECONDS", 60)
LINKAGE_TASK_BUDGET_SECONDS = env_int("LINKAGE_TASK_BUDGET_SECONDS", 45)
LINKAGE_BACKOFF_BASE = float(env_str("LINKAGE_BACKOFF_BASE", "2"))
LINKAGE_BACKOFF_CAP = float(env_str("LINKAGE_BACKOFF_CAP", "300"))
LINKAGE_CIRCUIT_THRESHOLD = env_int("LINKAGE_CIRCUIT_THRESHOLD", 5)
LINKAGE_SIGNATURE_TOLERANCE = env_int("LINKAGE_SIGNATURE_TOLERANCE", 300)
LINKAGE_ROTATION_GRACE_HOURS = env_int("LINKAGE_ROTATION_GRACE_HOURS", 72)
LINKAGE_PULL_RATE = env_int("LINKAGE_PULL_RATE", 120)  # requests per minute per API key
LINKAGE_PULL_MAX_LIMIT = 500
LINKAGE_DELIVERY_LOG_DAYS = env_int("LINKAGE_DELIVERY_LOG_DAYS", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The sync worker writes while web requests write: a deferred SQLite transaction that reads first
    # fails at once ("database is locked") when it upgrades to a write lock; IMMEDIATE waits its turn.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
if CELERY_BROKER_URL.startswith("filesystem"):
    # Atomic message files for the embedded broker (see linkage/broker.py: the stock one races).
    CELERY_BROKER_TRANSPORT = "linkage.broker:Transport"
CELERY_BEAT_SCHEDULE["linkage-sweep"] = {"task": "linkage.sweep", "schedule": float(LINKAGE_SWEEP_SECONDS)}
CELERY_BEAT_SCHEDULE["linkage-heartbeat"] = {"task": "linkage.heartbeat", "schedule": float(LINKAGE_HEARTBEAT_SECONDS)}

# --- catalog ---
# Public catalogue caching (catalog/caching.py): whole pages for anonymous visitors, and counts, facets
# and product cards per filter state. Every entry is keyed by a listing version that any visible change
# bumps after commit, so nothing stale is served. The switches exist for the benchmark and debugging.
CATALOG_PAGE_CACHE = env_bool("CATALOG_PAGE_CACHE", True)
CATALOG_DATA_CACHE = env_bool("CATALOG_DATA_CACHE", True)
CATALOG_PAGE_CACHE_SECONDS = env_int("CATALOG_PAGE_CACHE_SECONDS", 600)
