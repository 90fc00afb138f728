"""Settings for Lord's Press: one module, configured from the environment.

Development works with no configuration at all (DEBUG=1 gives SQLite under var/, console email
and a development secret key). With DEBUG off, every secret and host setting must be given;
a missing or malformed value stops the process with a message naming the variable.
See .env.example for the full list.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from lordspress.core.env import env_bool, env_float, env_int, env_list, env_str
from lordspress.core.http import is_cookie_domain

BASE_DIR = Path(__file__).resolve().parent.parent

# A .env file is a convenience for development; real environment variables win.
# ENV_FILE names another file, or none when empty.
_env_file = os.environ.get("ENV_FILE", str(BASE_DIR / ".env"))
if _env_file:
    load_dotenv(_env_file, override=False)

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str(
    "SECRET_KEY",
    "django-insecure-development-only-never-use-in-production" if DEBUG else None,
    required=not DEBUG,
)

SITE_NAME = "Lord's Press"


def _served_address() -> str | None:
    """Where ``make run HOST=… PORT=…`` (scripts/serve-dev) serves: the development default
    of SITE_URL, so emailed, canonical and feed links lead back to the running server.
    A wildcard bind (0.0.0.0, ::) is reached at 127.0.0.1; None without DEBUG."""
    if not DEBUG:
        return None
    host = env_str("HOST", "127.0.0.1")
    port = env_int("PORT", 8000, minimum=1)
    if port > 65535:
        raise ImproperlyConfigured(f"The environment variable PORT={port} must be at most 65535.")
    if host in {"0.0.0.0", "::", "[::]"}:  # noqa: S104 - naming the wildcard, not binding it
        host = "127.0.0.1"
    elif ":" in host and not host.startswith("["):
        host = f"[{host}]"  # an IPv6 address
    return f"http://{host}:{port}"


# An explicit SITE_URL (environment or .env) always wins; empty means the default.
SITE_URL = env_str("SITE_URL", _served_address(), required=not DEBUG)
SITE_URL = SITE_URL.rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in {"http", "https"} or not _site.hostname or _site.path not in {"", "/"}:
    raise ImproperlyConfigured(
        f"SITE_URL={SITE_URL!r} must be an absolute http(s) address without a path, "
        "such as https://www.lordspress.example"
    )
SITE_ORIGIN = f"{_site.scheme}://{_site.netloc}"
SITE_IS_HTTPS = _site.scheme == "https"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", _site.hostname] if DEBUG else [],
)
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "The environment variable ALLOWED_HOSTS is required when DEBUG is off "
        "(comma-separated host names, such as www.lordspress.example)."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [SITE_ORIGIN])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS entry {_origin!r} must start with https:// or http://"
        )

INSTALLED_APPS = [
    # The project's apps, lowest layer first (docs/architecture.md; held by import-linter).
    "lordspress.core",
    "lordspress.sitesettings",
    "lordspress.outbox",
    "lordspress.weather",
    "lordspress.sponsors",
    "lordspress.pages",
    "authors",
    "articles",
    "newsletter",
    "consent",
    "lordspress.chrome",
    "lordspress.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "ckeditor",
    "ckeditor_uploader",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "axes",
]

MIDDLEWARE = [
    # Outermost: a response to HEAD leaves with GET's headers and no body, whoever serves it.
    "lordspress.core.middleware.HeadResponseMiddleware",
    # Next: an anonymous GET is answered from the page cache, or with a 304, before anything
    # else runs (lordspress/core/page_cache.py); every request gets one read of the cache.
    "lordspress.core.page_cache.PageCacheMiddleware",
    "lordspress.core.cache.SharedCacheGuardMiddleware",
    # Outside everything that may set a cookie: drops non-essential Set-Cookie headers the
    # visitor has not allowed and expires refused cookies on withdrawal (consent/middleware.py).
    "consent.middleware.ConsentMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the request: input Django cannot read reliably gets a 400 here
    # (lordspress/core/middleware.py), so the CSRF check and the error pages never meet it.
    "lordspress.core.middleware.MalformedRequestMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check: a method the view does not answer gets 405, not 403.
    "lordspress.core.middleware.HttpMethodMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The cookie the page's script reads to show a member's masthead (core/signed_in.py).
    "lordspress.core.signed_in.SignedInFlagMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An admin action whose selection names no possible row goes back to its list with a
    # message, not a 500 (lordspress/core/middleware.py).
    "lordspress.core.middleware.AdminSelectionMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Inside CSPMiddleware: adds Google's hosts to the policy when a Google tag is configured.
    "consent.middleware.GoogleTagCSPMiddleware",
    # A 404 at an address a section, page or byline had before its slug changed: a 301 to
    # where it is now (lordspress/core/old_addresses.py). Articles answer theirs in their view.
    "lordspress.core.old_addresses.OldAddressMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lordspress.urls"
WSGI_APPLICATION = "lordspress.wsgi.application"

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
                "lordspress.chrome.context_processors.site",
                "consent.context_processors.consent",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------
_default_sqlite = BASE_DIR / "var" / "db.sqlite3"
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{_default_sqlite}")
try:
    _db = dj_database_url.parse(
        DATABASE_URL,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 600, minimum=0),
        conn_health_checks=True,
    )
except ValueError as exc:  # UnknownSchemeError and malformed URLs
    raise ImproperlyConfigured(f"DATABASE_URL is not a usable database address: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    if Path(_db["NAME"]) == _default_sqlite:
        _default_sqlite.parent.mkdir(exist_ok=True)
    # The web server and the task worker write concurrently: WAL lets readers continue,
    # IMMEDIATE transactions and a busy timeout make writers queue instead of failing.
    _db["CONN_MAX_AGE"] = 0
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] not in {"django.db.backends.postgresql"}:
    raise ImproperlyConfigured("DATABASE_URL must point at SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache --------------------------------------------------------------------------------
# Redis when configured (shared by every process); otherwise a per-process memory cache.
# Three uses (lordspress/core/cache.py, page_cache.py): "default" for rate limits and the
# frame of every page; "pages" for the page cache; and the public version, which every
# process must share (Redis, or without it a small file cache on this host).
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lordspress",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "lordspress-pages",
        },
    }
    VERSION_CACHE_ALIAS = "default"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "lordspress-pages",
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
        "versions": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(BASE_DIR / "var" / "cache" / "versions"),
        },
    }
    VERSION_CACHE_ALIAS = "versions"
PAGE_CACHE_ALIAS = "pages"
# How long the page cache keeps an anonymous page; 0 keeps none. Any change to what pages
# show makes every kept page out of date at once, so this bounds only memory and the
# printed clock. Off by default with DEBUG (templates being edited).
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 0 if DEBUG else 300, minimum=0)

# --- Users --------------------------------------------------------------------------------
AUTH_USER_MODEL = "lordspress.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
AUTHENTICATION_BACKENDS = [
    # Brute-force protection for password sign-in (site and admin), then the usual backend.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
# Failed password sign-ins from one IP address (an IPv6 /64: lordspress.core.http.rate_limit_key),
# whatever the accounts, before that address is locked out too (against password spraying;
# lordspress/core/signin_limits.py). Ghost: 99 an hour.
SIGN_IN_FAILURES_PER_IP = env_int("SIGN_IN_FAILURES_PER_IP", 100, minimum=1)
if SIGN_IN_FAILURES_PER_IP < AXES_FAILURE_LIMIT:
    raise ImproperlyConfigured(
        f"SIGN_IN_FAILURES_PER_IP={SIGN_IN_FAILURES_PER_IP} is below AXES_FAILURE_LIMIT="
        f"{AXES_FAILURE_LIMIT}; the limit per IP address must be at least the one per account."
    )
AXES_HANDLER = "lordspress.core.signin_limits.SignInLimitsHandler"
# The sign-in records' admin is registered by lordspress/core/admin.py (axes' own classes,
# one action mended), so that axes does not register it first.
AXES_ENABLE_ADMIN = False
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# axes counts and stores the rate-limit key (an IPv6 client's /64), as every other limit does.
AXES_CLIENT_IP_CALLABLE = "lordspress.core.http.rate_limit_key"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "lordspress.core.http.login_name"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation -----------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static and media files ---------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns when it is missing
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env_str("MEDIA_URL", "/media/")
if not MEDIA_URL.endswith("/"):
    raise ImproperlyConfigured(f"MEDIA_URL={MEDIA_URL!r} must end with a slash.")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
# Serving uploads from Django is for development and small deployments; a front server or a
# CDN on a cookieless host should serve MEDIA_ROOT in production (see README).
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
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
FILE_UPLOAD_PERMISSIONS = 0o644
# Uploads are images for articles, sponsors and authors.
MAX_IMAGE_UPLOAD_BYTES = 12 * 1024 * 1024
# Width × height. Decoding takes 3–4 bytes a pixel, so 40 megapixels is 120–160 MB per image;
# anything larger is refused from its header before it is decoded (lordspress/core/images.py).
MAX_IMAGE_PIXELS = 40_000_000

# --- Email --------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set at most one of EMAIL_USE_TLS and EMAIL_USE_SSL.")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lord's Press <desk@lordspress.example>")
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- /.well-known/security.txt (RFC 9116) -------------------------------------------------
# Where to report a vulnerability: one or more URIs (mailto:, https: or tel:), comma-separated.
# The default is security@ the domain the site's mail comes from.
_mail_domain = DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "lordspress.example"
SECURITY_CONTACTS = env_list("SECURITY_CONTACT", [f"mailto:security@{_mail_domain}"])
for _contact in SECURITY_CONTACTS:
    if not _contact.startswith(("mailto:", "https://", "tel:")) or any(
        ch.isspace() for ch in _contact
    ):
        raise ImproperlyConfigured(
            f"SECURITY_CONTACT={_contact!r}: each contact must be a mailto:, https:// or tel: "
            "address without spaces (RFC 9116 section 2.5.3)."
        )
# When the file stops being valid: an RFC 3339 date or date and time (2027-06-30 or
# 2027-06-30T00:00:00Z). Empty: 180 days after today, so it is always current.
SECURITY_TXT_EXPIRES = env_str("SECURITY_TXT_EXPIRES", "")
if SECURITY_TXT_EXPIRES:
    from datetime import datetime as _datetime

    try:
        _expires = _datetime.fromisoformat(SECURITY_TXT_EXPIRES)
    except ValueError:
        _expires = None
    if _expires is None or (len(SECURITY_TXT_EXPIRES) > 10 and _expires.tzinfo is None):
        raise ImproperlyConfigured(
            f"SECURITY_TXT_EXPIRES={SECURITY_TXT_EXPIRES!r} must be a date (2027-06-30) or a "
            "date and time with its offset (2027-06-30T00:00:00Z)."
        )
SECURITY_TXT_DEFAULT_DAYS = 180

# --- Background tasks ---------------------------------------------------------------------
# django-tasks with the database backend: `manage.py db_worker` runs them.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# --- Newsletter issues --------------------------------------------------------------------
# Each batch is one short task on one SMTP connection; transactional mail (confirmations,
# sign-in and password links) waits for at most one batch (newsletter/sending.py).
NEWSLETTER_BATCH_SIZE = env_int("NEWSLETTER_BATCH_SIZE", 200, minimum=1)
# How many batches of one issue may be sent at once: one per worker process you run for it
# (each batch is one SMTP connection). With one worker, 1.
NEWSLETTER_PARALLEL_BATCHES = env_int("NEWSLETTER_PARALLEL_BATCHES", 1, minimum=1)
if NEWSLETTER_PARALLEL_BATCHES > 8:
    raise ImproperlyConfigured("NEWSLETTER_PARALLEL_BATCHES must be at most 8.")
# At most this many newsletter messages a second (0: as fast as the mail server takes them).
NEWSLETTER_MESSAGES_PER_SECOND = env_float("NEWSLETTER_MESSAGES_PER_SECOND", 0, minimum=0)
# A batch a worker took and did not finish in this time is taken up again (a worker killed
# mid-send); what it had handed to the mail server is never sent again.
NEWSLETTER_LEASE_SECONDS = env_int("NEWSLETTER_LEASE_SECONDS", 120, minimum=2)
# Soft bounces a provider reports for one address within NEWSLETTER_SOFT_BOUNCE_DAYS before
# it is suppressed like a hard bounce.
NEWSLETTER_SOFT_BOUNCE_LIMIT = env_int("NEWSLETTER_SOFT_BOUNCE_LIMIT", 5, minimum=1)
NEWSLETTER_SOFT_BOUNCE_DAYS = env_int("NEWSLETTER_SOFT_BOUNCE_DAYS", 30, minimum=1)
# The mailto: of List-Unsubscribe (RFC 2369); empty: unsubscribe@ the sender's domain.
NEWSLETTER_UNSUBSCRIBE_MAILTO = env_str("NEWSLETTER_UNSUBSCRIBE_MAILTO", "")
# django-anymail's tracking webhooks (/newsletter/feedback/<provider>/tracking/): the
# shared secret of their basic authentication, and each provider's own signing key.
ANYMAIL = {
    key: value
    for key, value in {
        "WEBHOOK_SECRET": env_str("ANYMAIL_WEBHOOK_SECRET", ""),
        "MAILGUN_WEBHOOK_SIGNING_KEY": env_str("MAILGUN_WEBHOOK_SIGNING_KEY", ""),
        "POSTMARK_WEBHOOK_SECRET": env_str("POSTMARK_WEBHOOK_SECRET", ""),
        "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY": env_str(
            "SENDGRID_TRACKING_WEBHOOK_VERIFICATION_KEY", ""
        ),
        "POSTAL_WEBHOOK_KEY": env_str("POSTAL_WEBHOOK_KEY", ""),
    }.items()
    if value
}

# --- Members ------------------------------------------------------------------------------
# Articles older than this many days are for members, unless marked "always free".
ARCHIVE_FREE_DAYS = env_int("ARCHIVE_FREE_DAYS", 90, minimum=0)
# Behind one proxy that sets X-Forwarded-For, use its last address as the visitor's
# (lordspress.core.http.rate_limit_key reads it; the proxy must overwrite, not append to,
# the header).
TRUST_X_FORWARDED_FOR = env_bool("TRUST_X_FORWARDED_FOR", False)

# --- Weather in the masthead --------------------------------------------------------------
# Readings are fetched by the task worker (or `manage.py refresh_weather` from cron) and stored;
# a reader's page only reads the stored row. See lordspress/weather/ and the README.
OPENWEATHERMAP_API_KEY = env_str("OPENWEATHERMAP_API_KEY", "")
# Open-Meteo's free API is for non-commercial use; its paid API takes a key.
OPEN_METEO_API_KEY = env_str("OPEN_METEO_API_KEY", "")
WEATHER_PROVIDERS = ("openweathermap", "open-meteo", "off")
WEATHER_PROVIDER = env_str(
    "WEATHER_PROVIDER", "openweathermap" if OPENWEATHERMAP_API_KEY else "open-meteo"
).lower()
if WEATHER_PROVIDER not in WEATHER_PROVIDERS:
    raise ImproperlyConfigured(
        f"WEATHER_PROVIDER={WEATHER_PROVIDER!r} must be one of {', '.join(WEATHER_PROVIDERS)}."
    )
if WEATHER_PROVIDER == "openweathermap" and not OPENWEATHERMAP_API_KEY:
    raise ImproperlyConfigured(
        "WEATHER_PROVIDER=openweathermap needs OPENWEATHERMAP_API_KEY "
        "(or choose open-meteo or off)."
    )
WEATHER_LOCATION = env_str("WEATHER_LOCATION", "London, UK")
WEATHER_LATITUDE = env_float("WEATHER_LATITUDE", 51.5085, minimum=-90, maximum=90)
WEATHER_LONGITUDE = env_float("WEATHER_LONGITUDE", -0.1257, minimum=-180, maximum=180)
# A reading older than this gets a refresh queued (at most one per interval).
WEATHER_REFRESH_SECONDS = env_int("WEATHER_REFRESH_SECONDS", 600, minimum=60)
WEATHER_CONNECT_TIMEOUT = env_float("WEATHER_CONNECT_TIMEOUT", 3.05, minimum=0.1, maximum=60)
WEATHER_READ_TIMEOUT = env_float("WEATHER_READ_TIMEOUT", 5.0, minimum=0.1, maximum=60)
# Retries on connection errors, 429 and 5xx, with exponential backoff; Retry-After is honoured
# up to WEATHER_RETRY_AFTER_MAX seconds so a provider cannot park the worker for hours.
WEATHER_RETRIES = 3
WEATHER_RETRY_BACKOFF = 0.5
WEATHER_RETRY_AFTER_MAX = 30
WEATHER_OPENWEATHERMAP_URL = env_str(
    "WEATHER_OPENWEATHERMAP_URL", "https://api.openweathermap.org/data/2.5/weather"
)
WEATHER_OPEN_METEO_URL = env_str(
    "WEATHER_OPEN_METEO_URL",
    "https://customer-api.open-meteo.com/v1/forecast"
    if OPEN_METEO_API_KEY
    else "https://api.open-meteo.com/v1/forecast",
)
for _name in ("WEATHER_OPENWEATHERMAP_URL", "WEATHER_OPEN_METEO_URL"):
    _url = urlsplit(globals()[_name])
    if _url.scheme not in {"http", "https"} or not _url.hostname:
        raise ImproperlyConfigured(
            f"{_name}={globals()[_name]!r} must be an absolute http(s) address."
        )

# --- HTTP caching -------------------------------------------------------------------------
# Anonymous pages are identical for every reader and set no cookie, so a CDN or a caching
# proxy (deploy/nginx.conf) may keep them this long (s-maxage); browsers revalidate them every
# time. Short, so a publish reaches every reader within seconds: asking again costs the site a
# 304 and no rendering.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 10, minimum=0)
# Set on sign-in, deleted on sign-out: the page's script shows a member's masthead from it
# (lordspress/core/signed_in.py; strictly necessary, declared in the cookie registry).
SIGNED_IN_COOKIE_NAME = "lp_signed_in"

# --- Cookie consent (consent/) -----------------------------------------------------------
# The visitor's choice lives in this cookie (strictly necessary; declared in the registry).
CONSENT_COOKIE_NAME = "lp_consent"
# Share the choice with subdomains, e.g. ".lordspress.example"; empty: this host only.
CONSENT_COOKIE_DOMAIN = env_str("CONSENT_COOKIE_DOMAIN") or None
if CONSENT_COOKIE_DOMAIN and not is_cookie_domain(CONSENT_COOKIE_DOMAIN):
    # Written into every consent Set-Cookie as it is.
    raise ImproperlyConfigured(
        f"CONSENT_COOKIE_DOMAIN={CONSENT_COOKIE_DOMAIN!r} is not a domain name; give one such "
        "as .lordspress.example (ASCII letters, digits, hyphens and dots)."
    )
# A choice (acceptance or refusal) is asked again after this many months; at most 13 (CNIL).
CONSENT_LIFETIME_MONTHS = env_int("CONSENT_LIFETIME_MONTHS", 6, minimum=1)
if CONSENT_LIFETIME_MONTHS > 13:
    raise ImproperlyConfigured(
        f"CONSENT_LIFETIME_MONTHS={CONSENT_LIFETIME_MONTHS} is too long; a choice may be kept "
        "for at most 13 months."
    )
# Consent records are deleted this many days after they were written (prune_consent_records).
# They must outlive the choice they prove.
CONSENT_RECORD_RETENTION_DAYS = env_int("CONSENT_RECORD_RETENTION_DAYS", 730, minimum=1)
if CONSENT_RECORD_RETENTION_DAYS < CONSENT_LIFETIME_MONTHS * 31:
    raise ImproperlyConfigured(
        f"CONSENT_RECORD_RETENTION_DAYS={CONSENT_RECORD_RETENTION_DAYS} is shorter than a "
        f"choice lasts (CONSENT_LIFETIME_MONTHS={CONSENT_LIFETIME_MONTHS}); records must "
        f"be kept at least {CONSENT_LIFETIME_MONTHS * 31} days."
    )
# The static page that carries the cookie table (rendered from the published registry).
CONSENT_POLICY_PAGE_SLUG = "cookie-policy"

# --- Security -----------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# CKEditor's upload dialog posts into a same-origin frame.
X_FRAME_OPTIONS = "SAMEORIGIN"
SESSION_COOKIE_SECURE = SITE_IS_HTTPS
CSRF_COOKIE_SECURE = SITE_IS_HTTPS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SITE_IS_HTTPS and not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    # Only behind a proxy that always sets (and strips incoming) X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

_media_origin = urlsplit(MEDIA_URL)
_img_sources = [SELF, "data:"]
if _media_origin.scheme in {"http", "https"}:
    _img_sources.append(f"{_media_origin.scheme}://{_media_origin.netloc}")
CONTENT_SECURITY_POLICY = {
    # The admin and CKEditor rely on inline scripts and styles; the public site does not.
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/ckeditor/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": _img_sources,
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "frame-ancestors": [SELF],
        "object-src": [NONE],
    },
}

# --- Rich text (django-ckeditor) ----------------------------------------------------------
# ckeditor.W001 warns that the bundled CKEditor 4.22.1 is unsupported and has known issues.
# Accepted risk, because the editor never decides what reaches a reader:
#  * every rich-text field is sanitised on the server with nh3 against an allow-list
#    (lordspress/core/sanitize.py), whatever the browser submits;
#  * the editor is only served to signed-in staff in the admin;
#  * uploads need the article permission, must be real raster images (Pillow re-encodes them,
#    stripping metadata) and get random file names; no SVG, HTML or other files;
#  * the public site sends a Content-Security-Policy without inline scripts.
SILENCED_SYSTEM_CHECKS = ["ckeditor.W001"]
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_IMAGE_BACKEND = "lordspress.core.images.CKEditorImageBackend"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_RESTRICT_BY_USER = False  # it would put the writer's login name in public file paths
CKEDITOR_RESTRICT_BY_DATE = True
CKEDITOR_FILENAME_GENERATOR = "lordspress.core.images.random_upload_name"
CKEDITOR_BROWSE_SHOW_DIRS = False
CKEDITOR_CONFIGS = {
    "default": {
        "toolbar": "Newsroom",
        "toolbar_Newsroom": [
            ["Format", "Bold", "Italic", "Strike", "Subscript", "Superscript", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule", "SpecialChar"],
            ["Undo", "Redo"],
            ["Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        "extraPlugins": "image2",
        "removePlugins": "stylesheetparser,image,codesnippetgeshi,flash,iframe,forms,exportpdf",
        "image2_captionedClass": "image",
        "disallowedContent": "*[on*]; *{*}; script; style; iframe",
        "height": 420,
        "width": "100%",
    },
    "page": {
        "toolbar": "Page",
        "toolbar_Page": [
            ["Format", "Bold", "Italic", "RemoveFormat"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["Link", "Unlink"],
            ["Table", "HorizontalRule"],
            ["Undo", "Redo"],
            ["Source", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        "removePlugins": "stylesheetparser,exportpdf",
        "disallowedContent": "*[on*]; *{*}; script; style; iframe",
        "height": 360,
        "width": "100%",
    },
}

# --- django-simple-history ----------------------------------------------------------------
SIMPLE_HISTORY_REVERT_DISABLED = False

# --- Logging ------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} must be one of DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
    },
    "filters": {"redact_tokens": {"()": "lordspress.core.logging.RedactTokensFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["redact_tokens"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # urllib3 logs each retry with the full address, which may carry an API key; the
        # weather service logs one line per failed refresh instead.
        "urllib3": {"level": "ERROR"},
    },
}
