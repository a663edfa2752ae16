"""Dure settings: every deployment-specific value comes from the environment.

See README.md ("Running in production") for the variables that must be set.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(os.environ.get("DURE_BASE_DIR", Path(__file__).resolve().parents[2]))
VAR_DIR = Path(os.environ.get("DURE_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("DURE_REQUIRE_SECRET_KEY") == "1":
        raise RuntimeError("SECRET_KEY must be set in production")
    # A development key: README says to set SECRET_KEY in production; check --deploy flags it.
    SECRET_KEY = "dure-development-only-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

DURE_REGION_PREFIX = os.environ.get("DURE_REGION_PREFIX", "29")
DURE_REGION_NAME = os.environ.get("DURE_REGION_NAME", "광주광역시")
DURE_CENTER_NAME = os.environ.get("DURE_CENTER_NAME", "광주사회적경제지원센터")
# What English pages show (the Korean name when empty), and the center's address for the footer.
DURE_REGION_NAME_EN = os.environ.get("DURE_REGION_NAME_EN", "Gwangju")
# Another region's districts (CSV: code,name,name_en,latitude,longitude); empty: Gwangju's five.
DURE_DISTRICTS_FILE = os.environ.get("DURE_DISTRICTS_FILE", "")
DURE_CENTER_NAME_EN = os.environ.get("DURE_CENTER_NAME_EN", "Gwangju Social Economy Support Center")
DURE_CENTER_ADDRESS = os.environ.get(
    "DURE_CENTER_ADDRESS", "광주광역시 광산구 하남산단8번로 광주경제고용진흥원 2층"
)
DURE_CENTER_ADDRESS_EN = os.environ.get(
    "DURE_CENTER_ADDRESS_EN",
    "Gwangju Economy and Employment Promotion Agency 2F, 8 Hanamsandan 8beon-ro, Gwangsan-gu, Gwangju",
)
# Map tiles: a tile URL template. Empty means the map draws district outlines only, with no
# tile server, so that no page loads anything from another host unless the operator chooses to.
DURE_MAP_TILE_URL = os.environ.get("DURE_MAP_TILE_URL", "")
DURE_MAP_TILE_ATTRIBUTION = os.environ.get("DURE_MAP_TILE_ATTRIBUTION", "")

# The public address of the site, for links in emails (QR check-in, registrations, orders).
DURE_SITE_URL = os.environ.get("DURE_SITE_URL", "http://127.0.0.1:8000")
# Enterprise self-service: when true, every profile change waits for staff approval.
DURE_PORTAL_REQUIRE_APPROVAL = env_bool("DURE_PORTAL_REQUIRE_APPROVAL", False)
# Seconds a server process keeps a search page (ranked primary keys and count) for a normalised
# query; the index's version token invalidates it on every change (portal/search/cache.py). 0: off.
DURE_SEARCH_CACHE_SECONDS = int(os.environ.get("DURE_SEARCH_CACHE_SECONDS", "60"))
# On PostgreSQL a search page's count runs on a second connection while the request ranks
# (dure/core/beside.py); "0" keeps every read on the request's own connection.
DURE_DB_BESIDE = os.environ.get("DURE_DB_BESIDE", "1") != "0"
# Collaboration support rule: at least this many enterprises, of which this many local.
DURE_COLLAB_MIN_MEMBERS = int(os.environ.get("DURE_COLLAB_MIN_MEMBERS", "3"))
DURE_COLLAB_MIN_LOCAL = int(os.environ.get("DURE_COLLAB_MIN_LOCAL", "2"))
# LM3: the local share of spending assumed for a payee with no records and no declared share.
DURE_CIRCULATION_DEFAULT_LOCAL_SHARE = os.environ.get("DURE_CIRCULATION_DEFAULT_LOCAL_SHARE", "0")
# Market: the payment provider class, and the account shown for bank transfers.
DURE_PAYMENT_PROVIDER = os.environ.get("DURE_PAYMENT_PROVIDER", "dure.market.payments.TestProvider")
DURE_MARKET_BANK_ACCOUNT = os.environ.get("DURE_MARKET_BANK_ACCOUNT", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "dure.core",
    "dure.accounts",
    "dure.registry",
    "dure.portal",
    "dure.market",
    "dure.collab",
    "dure.circulation",
    "dure.spaces",
    "dure.programs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dure.core.middleware.KoreanFirstLocaleMiddleware",
    "dure.core.middleware.RefuseNulMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "dure.accounts.middleware.ApiTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "dure.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "dure.config.urls"
WSGI_APPLICATION = "dure.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "dure" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dure.core.context_processors.dure",
            ],
        },
    }
]

MESSAGE_STORAGE = "dure.core.messages.ParticleFallbackStorage"

DATABASE_URL = os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'dure.sqlite3'}")
# Persistent connections suit gunicorn's few long-lived workers; runserver starts a thread per
# request, each of which would keep its own connection, so set 0 there.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=int(os.environ.get("DURE_DB_CONN_MAX_AGE", "60")), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN: SQLite's stand-in for row locks.
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # The flow ledger's covering index (INCLUDE columns) is for PostgreSQL; SQLite keeps the key
    # part and drops the rest, which is what we want there. Said once here, not on every command.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No parallel workers: Dure's queries are many and small, and a worker costs milliseconds to
    # start. The search's bucket-by-bucket UNION ALL (portal/search/query.py) also relies on
    # being read in order: a Parallel Append would read every bucket at once instead of stopping
    # at the first that fills the page. DATABASE_PARALLEL_WORKERS gives them back if wanted.
    #
    # Generic plans for prepared statements: only the search's hot path prepares statements
    # (`dure.core.db.fetch_prepared`; Django's own queries are bound on the client), and only
    # shapes whose plan does not depend on the values. PostgreSQL's own choice kept re-planning
    # them, which cost more than running them. A `plan_cache_mode` given in DATABASE_URL wins.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        part
        for part in (
            "-c plan_cache_mode=force_generic_plan",
            _options.get("options", ""),
            f"-c max_parallel_workers_per_gather={int(os.environ.get('DATABASE_PARALLEL_WORKERS', '0'))}",
        )
        if part
    )
    # Django's own queries are bound on the client and never prepared; this only lets the
    # search prepare its few statement shapes explicitly (`dure.core.db.fetch_prepared`):
    # psycopg ignores `prepare=True` when the threshold is None, Django's default. A threshold
    # this high never prepares anything by itself.
    _options.setdefault("prepare_threshold", 1_000_000)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["dure.accounts.backends.EmailLockoutBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
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
DURE_LOGIN_MAX_FAILURES = int(os.environ.get("DURE_LOGIN_MAX_FAILURES", "5"))
DURE_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("DURE_LOGIN_LOCKOUT_MINUTES", "15"))

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "dure" / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "dure" / "static", ("vendor", VAR_DIR / "vendor")]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DURE_MEDIA_ROOT", VAR_DIR / "media"))
# The TrueType fonts PDF documents embed (scripts/vendor.py writes them).
DURE_PDF_FONT_DIR = Path(os.environ.get("DURE_PDF_FONT_DIR", VAR_DIR / "fonts"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Not the manifest storage: KRDS's CSS references images under paths it does not ship,
    # which the manifest post-processor refuses. Files are compressed and served by whitenoise.
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

TASKS = {
    "default": {
        "BACKEND": os.environ.get("DURE_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@dure.local")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
