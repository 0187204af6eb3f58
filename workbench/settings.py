"""One settings module, driven by the environment (see README.md and docs/deploy.md).

Development needs nothing set: SQLite under var/, debug on through `make run`.
Production sets DJANGO_DEBUG=0, DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""
import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


# How a setting says yes or no, from the environment or DATABASE_URL's query.
_TRUE_WORDS, _FALSE_WORDS = frozenset({"1", "true", "yes", "on"}), frozenset({"0", "false", "no", "off"})


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in _TRUE_WORDS


def database_from_url(url):
    """Turn DATABASE_URL into a DATABASES entry: sqlite:///relative/or//absolute/path, or
    postgres://user:password@host:port/name?option=value."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": path if Path(path).is_absolute() else BASE_DIR / path,
            # IMMEDIATE transactions take the write lock at BEGIN, so two requests changing the same
            # claim queue up instead of one failing with "database is locked" half-way through.
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20, "init_command": "PRAGMA journal_mode=WAL;"},
        }
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/")) or "postgres"
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": _postgres_options(parse_qsl(parts.query)),
            # Parallel checkouts of the project (and CI) can share one server: the test database is
            # named after the configured one.
            "TEST": {"NAME": f"test_{name}"},
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported (use sqlite or postgres).")


def _postgres_options(pairs):
    """The URL's query as the backend's OPTIONS, with the statements PostgreSQL prepares once per
    connection by default.

    Django's psycopg 3 backend binds parameters on the client and turns psycopg's prepared statements
    off (prepare_threshold None) unless told otherwise. Here parameters are bound by the server
    (server_side_binding) and a statement a connection has sent prepare_threshold times is prepared
    there: every request sends the same few statements (the session, the user, the list's rows) with
    new values, and PostgreSQL then parses them once per connection instead of every time. Measured
    in-process: PostgreSQL's CPU per claims-list request 4.8 -> 3.6 ms (docs/performance.md,
    issue #17). `?server_side_binding=false&prepare_threshold=none` restores Django's defaults, for a
    pooler that cannot keep prepared statements (PgBouncer in transaction mode before 1.21, or without
    max_prepared_statements; docs/deploy.md).

    Every value arrives as text, and these two need their own type: Django reads server_side_binding
    with `is True` ("true" would be silently ignored), and prepare_threshold is a count (or "none")."""
    options = {"server_side_binding": "true", "prepare_threshold": "5", **dict(pairs)}
    value = options["server_side_binding"].strip().lower()
    if value not in _TRUE_WORDS | _FALSE_WORDS:
        raise ImproperlyConfigured(f"DATABASE_URL: server_side_binding must be true or false (got {value!r}).")
    options["server_side_binding"] = value in _TRUE_WORDS
    value = options["prepare_threshold"].strip().lower()
    if value == "none":
        options["prepare_threshold"] = None
    elif value.isascii() and value.isdigit():
        options["prepare_threshold"] = int(value)
    else:
        raise ImproperlyConfigured(f"DATABASE_URL: prepare_threshold must be a whole number or none (got {value!r}).")
    return options


DEBUG = env_bool("DJANGO_DEBUG", default=False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # Tests and management commands run with debug off; they get a key that is obviously not
        # for production. A real deployment must set DJANGO_SECRET_KEY (check --deploy says so).
        SECRET_KEY = "django-insecure-development-key-set-DJANGO_SECRET_KEY-in-production"
    else:
        SECRET_KEY = "django-insecure-development-key"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_htmx",
    # django-ninja's templates and static files: its docs page is then served from the package
    # (without "ninja" here, it would load Swagger UI from a CDN).
    "ninja",
    # The database task queue's table, its admin page and the `db_worker` command (docs/deploy.md).
    "django_tasks_db",
    "claims",
    "api",
]
# Development tools (devtools/: bench, bench_http, bench_capture, loadtest): installed only when asked
# for (DJANGO_DEVTOOLS=1, as `make bench` does) or in debug, and only when the package is in the
# checkout. A production server never loads them; the product never imports them.
if env_bool("DJANGO_DEVTOOLS", default=DEBUG) and (BASE_DIR / "devtools" / "__init__.py").exists():
    INSTALLED_APPS.append("devtools")

MIDDLEWARE = [
    # First: whether the request came over https decides SecurityMiddleware's redirect.
    "claims.middleware.TrustedProxySchemeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The request's origin, for absolute links built while serving it (claims/site.py).
    "claims.site.RequestOriginMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "claims.sessions.RenewingSessionMiddleware",
    # The language: Django's choice (session, cookie, Accept-Language) after the session is read and
    # before CommonMiddleware, as Django's docs place it ...
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    # ... then, once the user is known, a signed-in person's own choice overrides it (claims/locale.py).
    "claims.locale.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "claims.middleware.RefuseInvalidInput",
]

ROOT_URLCONF = "workbench.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                # LANGUAGES as settings name them, each in its own language (the switcher); the
                # {% get_available_languages %} tag would translate "English" into the page's language.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.notifications",
            ],
        },
    },
]

# Django's form renderer, with the plainest widgets written in Python (claims/form_renderer.py).
FORM_RENDERER = "claims.form_renderer.WorkbenchFormRenderer"

WSGI_APPLICATION = "workbench.wsgi.application"

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///var/workbench.sqlite3"))}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's ModelBackend, reading a user's own and group permissions in one query (claims/backends.py).
AUTHENTICATION_BACKENDS = ["claims.backends.OneQueryModelBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
# The languages the workbench is translated into (docs/i18n.md), each named in its own language.
# Arabic (right to left) is complete but was translated by an AI assistant, not yet checked by a native
# speaker (docs/i18n.md).
LANGUAGES = [
    ("en-gb", "English"),
    ("es", "Español"),
    ("fr", "Français"),
    ("pt-br", "Português do Brasil"),
    ("de", "Deutsch"),
    ("uk", "Українська"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers follow Django's formats for the active language; workbench/formats/ overrides the
# few a newsroom writes differently (docs/i18n.md).
FORMAT_MODULE_PATH = ["workbench.formats"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
if DEBUG:
    STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Mail goes to the console unless a real backend is configured (DJANGO_EMAIL_BACKEND, with its
# OPTIONS in the same entry when deploying).
MAILERS = {"default": {"BACKEND": os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}
# Where the workbench itself is served (https://workbench.example.org), for the links in notification
# emails. Empty: the address each request came to (claims/site.py), so development needs nothing set.
WORKBENCH_URL = os.environ.get("WORKBENCH_URL", "")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "workbench@localhost")

# --- Background work (issue #12; docs/deploy.md "Workers") ------------------------------------------

def env_int(name, default, *, minimum=0):
    """A whole number from the environment: ASCII digits only, so " 1e3", "٣" or "-5" are refused at
    start-up with the variable's name rather than misread."""
    value = os.environ.get(name, "")
    if value == "":
        return default
    if not (value.isascii() and value.isdigit()) or int(value) < minimum:
        raise ImproperlyConfigured(f"{name} must be a whole number of at least {minimum} (got {value!r}).")
    return int(value)


# Django's Tasks framework on the database backend of django-tasks-db: the queue is a table in the
# same database, so every app server enqueues into it and any number of `manage.py db_worker`
# processes take tasks from it (row locks with SKIP LOCKED on PostgreSQL). No broker to run.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Notification e-mails (claims/mail.py): a failed send is tried again after 30 s, 1, 2, 4, 8 minutes
# (doubling); after the last attempt it is marked failed and listed for editors on the notifications
# page. A pending mail whose task was lost (its worker killed, the queue unreachable when it was
# enqueued) is enqueued again by `enqueue_scheduled` once it is `stale_seconds` late.
NOTIFICATION_MAIL = {
    "attempts": env_int("WORKBENCH_MAIL_ATTEMPTS", 6, minimum=1),
    "retry_base_seconds": env_int("WORKBENCH_MAIL_RETRY_SECONDS", 30, minimum=1),
    "stale_seconds": env_int("WORKBENCH_MAIL_STALE_SECONDS", 10 * 60, minimum=1),
}

# Scheduled work (claims/schedule.py), enqueued by `manage.py enqueue_scheduled` from cron or a
# systemd timer every few minutes. A claim is due at the end of its due date (local time).
SCHEDULE = {
    # Remind the assignee this many hours before a claim is due.
    "reminder_lead_hours": env_int("WORKBENCH_REMINDER_LEAD_HOURS", 24),
    # Tell the editors once a claim is overdue by more than this many hours.
    "escalate_after_hours": env_int("WORKBENCH_ESCALATE_AFTER_HOURS", 24),
    # The daily digest to each fact-checker goes out from this local hour (0-23) ...
    "digest_hour": env_int("WORKBENCH_DIGEST_HOUR", 8),
    # ... and lists their overdue claims and those due within this many days.
    "digest_due_soon_days": env_int("WORKBENCH_DIGEST_DUE_SOON_DAYS", 2),
    # A task still "running" this long after it started had its worker killed: marked failed.
    "lost_task_seconds": env_int("WORKBENCH_LOST_TASK_SECONDS", 60 * 60, minimum=1),
}
if SCHEDULE["digest_hour"] > 23:
    raise ImproperlyConfigured("WORKBENCH_DIGEST_HOUR must be an hour from 0 to 23.")

# Content-Security-Policy (Django's built-in middleware). Scripts only from this site, each inline
# script tag carrying the per-request nonce; htmx is configured (templates/base.html) to need neither
# eval nor inline styles.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# Sessions end after two idle hours and when the browser closes. They live in the database
# (claims/sessions.py adds the renewal): a request renews the idle clock when it was last renewed
# more than SESSION_RENEWAL_SECONDS ago, instead of writing the session on every request.
SESSION_ENGINE = "claims.sessions"
SESSION_COOKIE_AGE = int(os.environ.get("DJANGO_SESSION_IDLE_SECONDS", str(2 * 60 * 60)))
SESSION_RENEWAL_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 3 * 1024 * 1024

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=True)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", default=False)

# Every record is printed once, by the root logger's handler. Django's default configuration gives the
# "django" logger a console handler of its own (in debug) that also propagates to the root: the
# development server printed each warning twice. Here "django" has no handler of its own and propagates.
# Configuring "django" resets its children, so "django.server" (runserver's request lines) is declared
# again as Django declares it: its own format, not propagated.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}",
                                     "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"level": "INFO", "class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
        # What the background tasks did and why they did nothing (a claim that moved on, a mail already
        # sent) is worth a line in the worker's log.
        **{name: {"level": os.environ.get("WORKBENCH_TASK_LOG_LEVEL", "INFO")} for name in ("claims.mail", "claims.schedule")},
    },
}

# --- Reliability and security (issue #6; docs/deploy.md, docs/security.md) -------------------------

# Load balancers probe /healthz over plain HTTP on the private network: answer it without the
# redirect to https (claims/views/health.py).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# The addresses (or CIDR ranges) of the reverse proxies whose X-Forwarded-Proto is believed
# (claims.middleware.TrustedProxySchemeMiddleware; not Django's SECURE_PROXY_SSL_HEADER, which
# believes it from anyone). The same variable sets gunicorn's forwarded_allow_ips
# (workbench/gunicorn.conf.py): one list for both.
TRUSTED_PROXIES = [a.strip() for a in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1").split(",") if a.strip()]

# Behind a reverse proxy every request comes from the proxy's address; name the header in which the
# proxy passes the client's (e.g. HTTP_X_FORWARDED_FOR) so the throttles count per client.
# Leave it empty when clients connect directly: a client could forge the header.
CLIENT_IP_HEADER = os.environ.get("DJANGO_CLIENT_IP_HEADER", "")

# Log-in throttling (claims/throttling.py): failed attempts counted over a sliding window.
LOGIN_THROTTLE = {
    "window": int(os.environ.get("DJANGO_LOGIN_THROTTLE_SECONDS", str(15 * 60))),
    "per_account_and_address": 5,
    "per_address": 30,
    "per_account": 20,
    "known_address_days": 30,
}

# Password-reset throttling (claims/throttling.py): reset-form requests counted over a sliding window,
# so nobody can make the workbench mail someone over and over.
PASSWORD_RESET_THROTTLE = {
    "window": 60 * 60,
    "per_address": 5,
    "per_email": 3,
}

# HSTS preload (DJANGO_HSTS_PRELOAD=1) puts the whole domain, subdomains included, on the browsers'
# built-in HTTPS-only list, which is slow to undo: the domain owner's decision, not a default. Its
# deploy-check warning is therefore silenced; every other deploy check must pass (tests/test_deploy_settings.py).
SILENCED_SYSTEM_CHECKS = [
    "security.W021",
    # The claims table's covering indexes (INCLUDE columns, migrations 0006 and 0008) serve
    # PostgreSQL; SQLite builds them without the extra columns, which is harmless.
    "models.W040",
]

# The JSON API (api/, docs/api.md): requests a minute per token, or per user on a session.
API_THROTTLE_RATE = os.environ.get("DJANGO_API_THROTTLE_RATE", "600/min")
# Caches. `default` stays Django's per-process local memory: nothing in the product relies on it being
# shared. The API throttle counts in a cache every gunicorn worker and app server sees, a table in
# the database (no new service); api/migrations/0002 creates it, so `migrate` is the only step.
API_THROTTLE_CACHE = "api_throttle"
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    # Django's {% cache %} tag: the claims list's filter panel and bulk form as HTML, per process,
    # under keys that carry everything they depend on (claims/views/claims.py _filters_cache_key).
    # Its own bounded store, so fragments never push out another cache's entries.
    "template_fragments": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "template-fragments",
        "OPTIONS": {"MAX_ENTRIES": 256},
    },
    API_THROTTLE_CACHE: {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "api_throttle_cache",
        # One entry per caller who called in the last minute. Django culls a third of the entries
        # (by key, not by age) once there are more than MAX_ENTRIES, which would forget live callers'
        # counts: set far above the number of tokens and users a newsroom has.
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    },
}
# Webhooks are never delivered to private, loopback, link-local or reserved addresses (SSRF), except
# to networks listed here, comma-separated CIDRs such as "10.0.5.0/24" for an in-house CMS.
WEBHOOK_ALLOWED_NETWORKS = [n.strip() for n in os.environ.get("DJANGO_WEBHOOK_ALLOWED_NETWORKS", "").split(",") if n.strip()]
