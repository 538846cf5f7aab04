"""Ostrom's one settings module, configured by environment variables.

Defaults are safe for production (DEBUG off). `make run` and the test suite set DEBUG themselves.
"""

from pathlib import Path

import environ
import jinja2

from ostrom.core.languages import content_languages, offered_languages

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="" if not DEBUG else "insecure-development-key-only")
if not SECRET_KEY:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for local development).")
# The host names the site answers to. Until a deployment names them, only this machine's own names: Ostrom run
# in production mode to try it answers on http://127.0.0.1:8000/ at once (a request for any other name is
# refused with 400), and a public site must set ALLOWED_HOSTS to be reached at all.
HOSTS_ARE_NAMED = "ALLOWED_HOSTS" in env.ENVIRON
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Where the site is served, such as "https://ostrom.example.org": the start of links in emails sent by
# commands run outside a request (return reminders from cron). Pages use the request's own address.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "auditlog",
    "axes",
    "ninja",
    # Two-step verification for staff sign-in: authenticator apps (TOTP) and one-time backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ostrom.core",
    "ostrom.accounts",
    "ostrom.places",
    "ostrom.network",
    "ostrom.grants",
    "ostrom.conversations",
    "ostrom.panels",
    "ostrom.events",
    "ostrom.surveys",
    "ostrom.insight",
    "ostrom.impact",
    "ostrom.money",
    "ostrom.assets",
    "ostrom.referrals",
    "ostrom.translations",
    "ostrom.decisions",
    "ostrom.overview",
    "ostrom.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header (CONTENT_SECURITY_POLICY below) on every response.
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The page's language: the language cookie (set by the switcher, /language/), else Accept-Language,
    # else English. After sessions, before CommonMiddleware, as Django asks.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff sign-in (ostrom/accounts/middleware.py): request.user.is_verified() once a code was
    # entered; staff sessions end after STAFF_IDLE_MINUTES idle; no page but setting up and entering a
    # code until two-step verification is done.
    "django_otp.middleware.OTPMiddleware",
    "ostrom.accounts.middleware.StaffIdleSessionMiddleware",
    "ostrom.accounts.middleware.TwoFactorMiddleware",
    # A signed-in person's chosen language, on a browser that has no language cookie yet.
    "ostrom.accounts.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Turns a rate limit (django-ratelimit) into a plain "too many attempts" page with status 429.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "ostrom.urls"
WSGI_APPLICATION = "ostrom.wsgi.application"

TEMPLATES = [
    {
        # Our pages: Jinja2 with the NHS.UK frontend macros (nhsuk-frontend-jinja).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "ostrom.core.jinja_env.environment",
            "undefined": jinja2.ChainableUndefined,
            "autoescape": True,
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.messages.context_processors.messages",
                "ostrom.accounts.context_processors.navigation",
                "ostrom.demo.context_processors.demo",
            ],
        },
    },
    {
        # The Django admin and e-mail bodies keep Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A web process and a task worker share the file: wait for locks instead of failing at once,
    # and take the write lock at the start of a transaction so two writers never deadlock.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Keep each process's database connection open for this many seconds instead of opening one per request. With
# sync gunicorn workers a process uses one connection at a time, so this does what a pool would. A kept connection
# is checked before a request reuses it: after a database restart the next request connects again instead of
# failing. PostgreSQL starts a server process for every connection, which cost more than a whole signed-in
# request in the load benchmark, so it keeps them for 60 s by default; SQLite opens a file (cheap), and a
# connection opened per request always reads the file a restore put in place. "Scaling out" in the README
# counts the connections.
DATABASES["default"]["CONN_MAX_AGE"] = env.int(
    "DATABASE_CONN_MAX_AGE",
    default=60 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 0,
)
# A kept connection is checked before each request, so a database that went away and came back is
# reconnected to without restarting anything (while it is away, pages answer 503: core.views).
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("TEST", {})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a sign-in while that email address is locked out from that address.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
LOGIN_URL = "accounts:login"
# A form whose CSRF token is missing or stale gets a plain page saying what to do.
CSRF_FAILURE_VIEW = "ostrom.core.views.csrf_failure"
LOGIN_REDIRECT_URL = "accounts:my-account"
LOGOUT_REDIRECT_URL = "core:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

TASKS = {
    "default": {
        "BACKEND": env.str("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}
# Faults (issue 19): a task worker touches the progress of the task it runs this often; running work that
# nobody has touched for TASK_STOPPED_AFTER_SECONDS is shown and recorded as stopped (core/background.py).
TASK_HEARTBEAT_SECONDS = env.float("TASK_HEARTBEAT_SECONDS", default=15)
TASK_STOPPED_AFTER_SECONDS = env.float("TASK_STOPPED_AFTER_SECONDS", default=120)

# Django's shared cache: a table in the database by default (`manage.py createcachetable`), or memcached or
# Redis (django-environ's cache URLs). Rate limits are not counted in it (they have their own table, counted
# exactly: ostrom/core/ratelimits.py), nor are sign-in lockouts (django-axes' tables).
CACHES = {"default": env.cache("CACHE_URL", default="dbcache://ostrom_cache")}
# django-ratelimit's middleware shows this page for its `Ratelimited` exception.
RATELIMIT_VIEW = "ostrom.core.views.too_many_requests"
# Behind a proxy, set RATELIMIT_IP_META_KEY to the header it sets (for example HTTP_X_FORWARDED_FOR).
# Never a header the client can set itself (X-Forwarded-For can be forged): use one your proxy overwrites,
# such as X-Real-IP (HTTP_X_REAL_IP). Sign-in lockouts read the same address.
CLIENT_ADDRESS_META_KEY = env.str("RATELIMIT_IP_META_KEY", default="REMOTE_ADDR")
AXES_CLIENT_IP_CALLABLE = "ostrom.core.ratelimits.client_address"
# Public writes, per address (IPv6 by /64), as "attempts/period": s, m, h or d, optionally multiplied
# ("10/5m"). Generous enough for a community hall on one wifi network.
# The keys are the groups used with ostrom.core.ratelimits.
RATE_LIMITS = {
    "sign-up": env.str("RATE_LIMIT_SIGN_UP", default="30/h"),
    "sign-in": env.str("RATE_LIMIT_SIGN_IN", default="60/h"),
    "password-reset": env.str("RATE_LIMIT_PASSWORD_RESET", default="10/h"),
    "confirm-email": env.str("RATE_LIMIT_CONFIRM_EMAIL", default="10/h"),
    "register-interest": env.str("RATE_LIMIT_REGISTER_INTEREST", default="60/h"),
    "ballot": env.str("RATE_LIMIT_BALLOT", default="120/h"),
    "new-participant": env.str("RATE_LIMIT_NEW_PARTICIPANT", default="120/h"),
    "opinion-vote": env.str("RATE_LIMIT_OPINION_VOTE", default="2000/h"),
    "statement": env.str("RATE_LIMIT_STATEMENT", default="60/h"),
    "application": env.str("RATE_LIMIT_APPLICATION", default="60/h"),
    "join-collective": env.str("RATE_LIMIT_JOIN_COLLECTIVE", default="20/h"),
    "lottery-check": env.str("RATE_LIMIT_LOTTERY_CHECK", default="10/h"),
    "two-factor": env.str("RATE_LIMIT_TWO_FACTOR", default="30/h"),
}
# Sign-in: after 5 wrong passwords for one email address from one network address, that pair is
# locked out for 15 minutes (django-axes, attempts kept in the database).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Staff sign-in. With STAFF_TWO_FACTOR on, anyone holding a staff role (coordinators, partners, link
# workers, admins) sets up an authenticator app and enters a code after their password at every sign-in;
# anyone else may turn it on for themselves. Staff sessions end after STAFF_IDLE_MINUTES without a request.
STAFF_TWO_FACTOR = env.bool("STAFF_TWO_FACTOR", default=False)
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Ostrom")
# Secrets never appear in the admin (people set up their own app; an admin can only reset it).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "en-gb"
LOCALE_PATHS = [BASE_DIR / "locale"]
# English, and each language in locale/ whose catalogue a person has reviewed (ostrom/core/languages.py).
LANGUAGES = offered_languages(BASE_DIR / "locale")
# Pseudo-locales for development and tests: en-xa (every translated string accented and bracketed) and
# ar-xb (the same, right to left), built by `manage.py pseudo_locales` into PSEUDO_LOCALE_DIR. Never with
# DEBUG off, so never offered in production.
PSEUDO_LOCALES = DEBUG and env.bool("PSEUDO_LOCALES", default=False)
PSEUDO_LOCALE_DIR = BASE_DIR / "build" / "pseudo-locales"
if PSEUDO_LOCALES:
    LANGUAGES = offered_languages(BASE_DIR / "locale", pseudo_locales=True)
    LOCALE_PATHS.append(PSEUDO_LOCALE_DIR)
# What coordinators may translate content into besides the languages above (comma-separated codes): the
# languages the seeds' communities read most easily after English. A person may choose one for reading
# before its page translation is reviewed (pages stay in English; translated content is in their language).
CONTENT_LANGUAGES = content_languages(
    env.list("CONTENT_LANGUAGES", default=["ur", "pa", "bn", "ar", "so", "pl"]), LANGUAGES
)
# The switcher's cookie, sent only over HTTPS in production, and never to scripts.
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules/nhsuk-frontend/dist/nhsuk"),
    # ostrom-nhsuk.css, compiled by `make install` beside the frontend's assets/ (ostrom/core/scss/nhsuk.scss).
    ("nhsuk", BASE_DIR / "build/static/nhsuk"),
    ("htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("leaflet", BASE_DIR / "node_modules/leaflet/dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# An upload over FILE_UPLOAD_MAX_MEMORY_SIZE is written to the temporary folder (TMPDIR) as it arrives; ours
# deletes at once what it wrote if the disk is full, and the page says the file could not be saved.
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "ostrom.core.uploads.TemporaryFileUploadHandler",
]
# Where `manage.py backup` (`make backup`) writes its archives: the database and the uploaded files.
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / "backups")

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Ostrom <no-reply@ostrom.invalid>")
# The SMTP server, for EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)

# Production hardening: on unless DEBUG. `manage.py check --deploy` is clean with these.
# Plain HTTP is sent to HTTPS once the site's hosts are named; on this machine's own names there is no TLS proxy
# in front to be sent to, so the redirect would leave the page unanswered.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG and HOSTS_ARE_NAMED)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# A load balancer's or container's health checks reach the web process directly, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

SERVICE_NAME = "Ostrom"
# Demo mode: the sign-in page lists the demo's logins and /tour/ walks through the demo's story. Never with
# DEBUG off, so never with production settings; and only once `manage.py seed_demo` has loaded the demo
# (ostrom/demo/tour.py checks that, on the pages that show it). DEMO_MODE=false hides it while developing.
DEMO_MODE = DEBUG and env.bool("DEMO_MODE", default=True)
# Who runs this copy of Ostrom and how to reach them, for the About page.
SERVICE_OPERATOR = env.str("SERVICE_OPERATOR", default="")
SERVICE_CONTACT_EMAIL = env.str("SERVICE_CONTACT_EMAIL", default="")
# Counts of people below this are shown as "fewer than 5" in every breakdown.
SUPPRESSION_THRESHOLD = 5
# A set of fewer people than this is not broken down at all (ostrom/core/suppression.py: with the cell-key
# rounding it stops a one-person-at-a-time differencing attack).
BREAKDOWN_MINIMUM_PEOPLE = env.int("BREAKDOWN_MINIMUM_PEOPLE", default=20)
# New votes wait this long before the opinion map is redrawn, so a burst of votes costs one recomputation.
OPINION_MAP_DEBOUNCE_SECONDS = env.int("OPINION_MAP_DEBOUNCE_SECONDS", default=20)
# The change in SWEMWBS metric score that counts as meaningful for one person, in either direction.
# Source: Shah N, Cader M, Andrews W P et al. (2018) "Responsiveness of the Short Warwick Edinburgh
# Mental Well-Being Scale (SWEMWBS): evaluation a clinical sample", Health and Quality of Life Outcomes
# 16:239, doi:10.1186/s12955-018-1060-2: "a change of between 1 and 3 points meets thresholds for
# statistically important change, depending on standard used" (1 SEM = 1.03 points; 2.77 SEM = 2.87
# points). Warwick Medical School's SWEMWBS guidance cites this range; 3 is its upper, stricter end,
# so a change counted as meaningful clears every standard the paper used.
SWEMWBS_MEANINGFUL_CHANGE = env.float("SWEMWBS_MEANINGFUL_CHANGE", default=3.0)
# The community assets map: a tile server for the background map, such as
# "https://tile.openstreetmap.org/{z}/{x}/{y}.png" with its attribution (and its usage policy). Off by
# default, so no page loads anything from another host unless you choose to: without tiles the map
# draws the assets and the places' outlines only. The list and its text alternative never need it.
ASSETS_MAP_TILES_URL = env.str("ASSETS_MAP_TILES_URL", default="")
ASSETS_MAP_TILES_ATTRIBUTION = env.str("ASSETS_MAP_TILES_ATTRIBUTION", default="")
# The publisher's 360Giving prefix for grant and organisation ids. Register your own with 360Giving.
GRANTS_360G_PREFIX = env.str("GRANTS_360G_PREFIX", default="360G-ostrom")

AUDITLOG_INCLUDE_ALL_MODELS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}


# Content-Security-Policy (django-csp): pages run only our own static scripts – no inline <script>, no
# on…= handlers, no javascript: links, no eval (htmx is told not to eval in base.html's htmx-config) –
# so an injected script cannot run even if an escaping mistake let one into a page. Styles come only
# from our stylesheets: no style="…" attribute anywhere. The bars of a chart drawn in a table cell are
# SVG rectangles whose width is an SVG attribute (a length, not a style), rather than allowing
# style-src-attr 'unsafe-inline', which would let injected markup restyle the page (hide a warning,
# overlay a fake sign-in form). tests/core/test_content_security_policy.py scans every template, and
# the browser tests fail any page the browser reports a violation on.
def _tile_source(tiles_url: str) -> list[str]:
    """The scheme and host of a Leaflet tile URL template, with {s} (a subdomain) as a wildcard."""
    from urllib.parse import urlsplit

    if not tiles_url:
        return []
    parts = urlsplit(tiles_url)
    return [f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"]


CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_tile_source(ASSETS_MAP_TILES_URL)],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Retention: how many days each kind of personal data is kept (ostrom/core/retention.py removes it;
# run `manage.py apply_retention` daily). Each is overridable as RETENTION_<KIND>_DAYS, for example
# RETENTION_AUDIT_LOG_DAYS=2555. docs/data-protection.md explains each; a test keeps its table in step.
_RETENTION_DEFAULTS = {
    "expired_sessions": 0,  # after the session expired
    "sign_in_attempts": 30,  # after the attempt
    "rate_limit_entries": 0,  # after the counter expired
    "unconfirmed_accounts": 30,  # after the account was created, if the email address was never confirmed
    "finished_background_work": 90,  # after the work finished or failed
    "stored_uploads": 7,  # after the file was uploaded, if its import never ran
    "referral_identities": 365,  # after the referral was closed
    "participant_browser_keys": 30,  # after the conversation closed
    "survey_respondents": 30,  # after the survey closed
    "audit_log": 6 * 365,  # after the entry was made
}
RETENTION = {
    kind: env.int(f"RETENTION_{kind.upper()}_DAYS", default=days)
    for kind, days in _RETENTION_DEFAULTS.items()
}
