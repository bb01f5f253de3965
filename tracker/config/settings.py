"""Signpost settings: one module, every value read from the environment (see the settings table in docs/operations.md).

Development defaults are safe and local (SQLite and a server-less Celery broker under ./var/). Production
(`DJANGO_ENV=production`) refuses to start without a secret key and allowed hosts, and turns on the HTTPS and
cookie protections that `manage.py check --deploy` asks for.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

import csp.constants
import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()
# A developer may keep local overrides in .env; real environment variables always win.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured(f"DJANGO_ENV must be 'development' or 'production'; got {DJANGO_ENV!r}.")
IS_PRODUCTION = DJANGO_ENV == "production"

VAR_DIR = Path(env.str("SIGNPOST_VAR_DIR", default=str(BASE_DIR / "var")))

# --- Core -----------------------------------------------------------------------------------------------------
DEBUG = env.bool("DJANGO_DEBUG", default=not IS_PRODUCTION)

if IS_PRODUCTION:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
    if not SECRET_KEY:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_ENV=production.")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_ENV=production.")
else:
    # Only ever used on a developer's machine; production refuses to start without its own key.
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="development-only-secret-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# The address people reach the app at: every link in an email (invitations, reminders, digests, unsubscribe) starts
# with it. `make run PORT=…` sets it to the port it serves; production refuses to start without it.
SITE_URL = env.str("SIGNPOST_SITE_URL", default="" if IS_PRODUCTION else "http://127.0.0.1:8000").rstrip("/")
if IS_PRODUCTION and not SITE_URL:
    raise ImproperlyConfigured(
        "SIGNPOST_SITE_URL must be set when DJANGO_ENV=production (emailed links start with it)."
    )

INSTALLED_APPS = [
    "tracker.config.admin_app.SignpostAdminConfig",  # the admin, open to team curators (scoped to their teams)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "django_htmx",
    "django_filters",
    "axes",
    "tracker",
    "forecasts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "tracker.lib.middleware.InputGuard",
    # ETag on every GET (a hash of the body) and 304 for a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Times shown in the reader's time zone (saved, else the browser's); storage stays UTC.
    "tracker.web.timezones.ReaderTimeZone",
    # Records who made each change in the audit history.
    "simple_history.middleware.HistoryRequestMiddleware",
    # request.htmx: pages answer an HTMX request with the fragment that changed.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A Content-Security-Policy on every response (see CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: locks out a username and address after repeated wrong passwords.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.config.urls"

# --- REST API ---------------------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "tracker.api.conventions.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["tracker.api.conventions.authentication.ReadOrSignedInWrite"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.conventions.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_THROTTLE_CLASSES": [
        "tracker.api.conventions.throttling.AnonThrottle",
        "tracker.api.conventions.throttling.UserThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("SIGNPOST_API_ANON_RATE", default="120/minute"),
        "user": env.str("SIGNPOST_API_USER_RATE", default="1200/minute"),
    },
    "EXCEPTION_HANDLER": "tracker.api.conventions.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.SignpostAutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["tracker.api.conventions.parsing.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ?format= is the export endpoint's own parameter (json or csv), not DRF's renderer switch.
    "URL_FORMAT_OVERRIDE": None,
    # OPTIONS describing forms is a browsable-API feature; the OpenAPI schema documents the API instead.
    "DEFAULT_METADATA_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Signpost API",
    "DESCRIPTION": (
        "Scenarios, forecast questions, evidence, forecasts, community forecasts, scores and webhooks. "
        "Authenticate with `Authorization: Bearer <token>` (create tokens at /api/v1/tokens/) or a browser session. "
        'Errors always have the shape {"errors": [{"field": ..., "message": ...}]}.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "QuestionStatusEnum": "tracker.models.Question.Status",
        "ScenarioStatusEnum": "tracker.models.Scenario.Status",
        "ForecastKindEnum": "forecasts.models.Forecast.Kind",
        "NotificationKindEnum": "tracker.models.Notification.Kind",
        "NewsSourceKindEnum": "tracker.models.NewsSource.Kind",
    },
}
WSGI_APPLICATION = "tracker.config.wsgi.application"
AUTH_USER_MODEL = "tracker.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tracker.web.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------------
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'signpost.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the Celery worker and beat share one SQLite file in development: wait for locks instead of
    # failing, take the write lock at the start of a transaction, and let readers run beside the writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL;",
    }
    # A file, not memory, so that a real Celery worker started by the integration tests sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-signpost.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -----------------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Failures from one address across usernames (password spraying), then django-axes: both refuse first.
    "tracker.accounts.backends.AddressFailureLimit",
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "tracker.accounts.sso.SignpostOIDCBackend",  # single sign-on: answers only the identity provider's callback
]

# After this many wrong passwords for one username from one address, logins from there are refused (429) for
# SIGNPOST_LOGIN_LOCKOUT_MINUTES; a right password resets the count.
AXES_FAILURE_LIMIT = env.int("SIGNPOST_LOGIN_FAILURE_LIMIT", default=5)
# ... and after this many wrong passwords from one address, whatever the usernames, for the same time.
SIGNPOST_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("SIGNPOST_LOGIN_ADDRESS_FAILURE_LIMIT", default=30)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("SIGNPOST_LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# Password-reset emails a client may ask for per hour: per address and per email address.
SIGNPOST_PASSWORD_RESETS_PER_HOUR = env.int("SIGNPOST_PASSWORD_RESETS_PER_HOUR", default=5)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: UTC everywhere ---------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if IS_PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Email ----------------------------------------------------------------------------------------------------
EMAIL_URL = env.str("EMAIL_URL", default="consolemail://")
vars().update(env.email_url_config(EMAIL_URL))
if EMAIL_URL.startswith("filemail://"):
    # django-environ drops the leading slash of an absolute path (filemail:///srv/mail → srv/mail); keep it.
    EMAIL_FILE_PATH = urlparse(EMAIL_URL).path or str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Signpost <signpost@localhost>")
# Every SMTP operation waits at most this long (a stalled mail server fails one email, not the queue).
EMAIL_TIMEOUT = env.int("SIGNPOST_EMAIL_TIMEOUT", default=10)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery ---------------------------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Every Redis operation of the broker and the result store gives up after this many seconds. Those are the workers',
# beat's and /health/'s: a request queues work through the outbox (tracker.ops.outbox) and reads the cache with its
# own, shorter timeout (SIGNPOST_CACHE_TIMEOUT below).
REDIS_TIMEOUT = env.float("SIGNPOST_REDIS_TIMEOUT", default=1.0)
# Throttling counts requests in the cache: Redis when there is one (shared by every web process), else memory. It
# sits on the request's path, so each operation waits at most SIGNPOST_CACHE_TIMEOUT, and after a failure the cache
# is not asked for SIGNPOST_CACHE_BREAKER_SECONDS (tracker.lib.cache): the throttles then let requests through.
SIGNPOST_CACHE_TIMEOUT = env.float("SIGNPOST_CACHE_TIMEOUT", default=0.05)
SIGNPOST_CACHE_BREAKER_SECONDS = env.float("SIGNPOST_CACHE_BREAKER_SECONDS", default=5.0)
CACHES = {
    "default": (
        {
            "BACKEND": "tracker.lib.cache.FailFastRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_timeout": SIGNPOST_CACHE_TIMEOUT, "socket_connect_timeout": SIGNPOST_CACHE_TIMEOUT},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
CELERY_DATA_DIR = VAR_DIR / "celery"
# Without Redis, kombu's filesystem transport passes messages through files under ./var/celery: no server needed.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = (
    {
        "data_folder_in": str(CELERY_DATA_DIR / "broker"),
        "data_folder_out": str(CELERY_DATA_DIR / "broker"),
        "control_folder": str(CELERY_DATA_DIR / "control"),
        "store_processed": False,
    }
    if CELERY_BROKER_URL.startswith("filesystem://")
    else {"visibility_timeout": 3600, "socket_timeout": REDIS_TIMEOUT, "socket_connect_timeout": REDIS_TIMEOUT}
)
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND", default=REDIS_URL or f"file://{(CELERY_DATA_DIR / 'results').as_posix()}"
)
CELERY_RESULT_EXPIRES = 24 * 3600
# The Redis result store retries a lost connection 20 times by default (about 20 s): far too long for a request.
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_TIMEOUT
# The embedded defaults keep their files under ./var; create the folders so a fresh clone just works.
for local_folder in (
    [VAR_DIR, STATIC_ROOT]
    + (
        [CELERY_DATA_DIR / "broker", CELERY_DATA_DIR / "control"]
        if CELERY_BROKER_URL.startswith("filesystem://")
        else []
    )
    + ([CELERY_DATA_DIR / "results"] if CELERY_RESULT_BACKEND.startswith("file://") else [])
):
    local_folder.mkdir(parents=True, exist_ok=True)
# Requests queue work through an outbox table; a relay thread in every worker publishes it to the broker: at once
# while there is work, this often when idle, and this long after the broker refused a message.
SIGNPOST_OUTBOX_POLL_SECONDS = env.float("SIGNPOST_OUTBOX_POLL_SECONDS", default=0.1)
SIGNPOST_OUTBOX_RETRY_SECONDS = env.float("SIGNPOST_OUTBOX_RETRY_SECONDS", default=2.0)
SIGNPOST_OUTBOX_RELAY_IN_WORKER = env.bool("SIGNPOST_OUTBOX_RELAY_IN_WORKER", default=True)
# /health/ turns unhealthy when a queued task has waited this long to reach the broker.
SIGNPOST_OUTBOX_MAX_AGE = env.int("SIGNPOST_OUTBOX_MAX_AGE", default=120)
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
# Heavy work (scoring, community-forecast updates) has a queue of its own, so a large rescoring never delays
# reminders; production runs separate workers per queue (see docs/operations.md).
CELERY_HEAVY_QUEUE = env.str("CELERY_HEAVY_QUEUE", default="heavy")
# Calls to the outside world (webhook receivers, the mail server) have a queue of their own too, so a slow receiver
# can hold only outbound workers: reminders, lifecycle and scoring go on.
CELERY_OUTBOUND_QUEUE = env.str("CELERY_OUTBOUND_QUEUE", default="outbound")
# Emails have a queue of their own beside it: a slow webhook receiver never delays a person's email.
CELERY_EMAIL_QUEUE = env.str("CELERY_EMAIL_QUEUE", default="email")
# News sources are fetched on their own queue: a slow news site never delays an email, a webhook or a score.
CELERY_MONITOR_QUEUE = env.str("CELERY_MONITOR_QUEUE", default="monitor")
# Calls to the language-model drafter take seconds to minutes each: a queue of their own keeps them from every
# other kind of work.
CELERY_CURATION_QUEUE = env.str("CELERY_CURATION_QUEUE", default="curation")
CELERY_TASK_ROUTES = {
    "forecasts.update_community_forecast": {"queue": CELERY_HEAVY_QUEUE},
    "forecasts.rebuild_community_forecast": {"queue": CELERY_HEAVY_QUEUE},
    "forecasts.score_question": {"queue": CELERY_HEAVY_QUEUE},
    "tracker.deliver_webhook": {"queue": CELERY_OUTBOUND_QUEUE},
    "tracker.slack_send_message": {"queue": CELERY_OUTBOUND_QUEUE},
    "tracker.deliver_notification_emails": {"queue": CELERY_EMAIL_QUEUE},
    "tracker.send_invitation_emails": {"queue": CELERY_EMAIL_QUEUE},
    "tracker.poll_source": {"queue": CELERY_MONITOR_QUEUE},
    "tracker.draft_claim_with_model": {"queue": CELERY_CURATION_QUEUE},
}
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TASK_ACKS_LATE = True
# A request that queues work after commit must not hang when the broker is down: try briefly, then give up (the
# periodic sweeps enqueue whatever was missed).
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUT
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic schedules live here, in code; django-celery-beat's database scheduler upserts them by name.
CELERY_BEAT_SCHEDULE = {
    "tracker.sweep_question_lifecycle": {
        "task": "tracker.sweep_question_lifecycle",
        "schedule": crontab(minute="*"),
    },
    "forecasts.sweep_engine": {
        "task": "forecasts.sweep_engine",
        "schedule": crontab(minute="*/10"),
    },
    "tracker.deliver_notification_emails": {
        "task": "tracker.deliver_notification_emails",
        "schedule": crontab(minute="*"),
    },
    "tracker.send_invitation_emails": {
        "task": "tracker.send_invitation_emails",
        "schedule": crontab(minute="*"),
    },
    "forecasts.sweep_reminders": {
        "task": "forecasts.sweep_reminders",
        "schedule": crontab(minute="*"),
    },
    "tracker.record_heartbeat": {
        "task": "tracker.record_heartbeat",
        "schedule": crontab(minute="*"),
    },
    "tracker.sweep_webhook_deliveries": {
        "task": "tracker.sweep_webhook_deliveries",
        "schedule": crontab(minute="*"),
    },
    "tracker.poll_due_sources": {
        "task": "tracker.poll_due_sources",
        "schedule": crontab(minute="*"),
    },
    "tracker.slack_sweep": {"task": "tracker.slack_sweep", "schedule": crontab(minute="*")},
}
# /health/ turns unhealthy when the last heartbeat (beat → broker → worker → database) is older than this.
SIGNPOST_HEARTBEAT_MAX_AGE = env.int("SIGNPOST_HEARTBEAT_MAX_AGE", default=300)
# ... and when a reminder has been due for longer than this without being processed.
SIGNPOST_UNDELIVERED_MAX_AGE = env.int("SIGNPOST_UNDELIVERED_MAX_AGE", default=900)
# "Closing soon" reminders go out this many hours before a question closes.
SIGNPOST_CLOSING_SOON_HOURS = env.int("SIGNPOST_CLOSING_SOON_HOURS", default=48)
# A standing forecast older than this, with evidence added since, earns a "stale forecast" reminder.
SIGNPOST_STALE_FORECAST_DAYS = env.int("SIGNPOST_STALE_FORECAST_DAYS", default=30)
# A team invitation's link works once, for this many days.
SIGNPOST_INVITATION_DAYS = env.int("SIGNPOST_INVITATION_DAYS", default=7)
# Invitations one team admin may send an hour, and one team a day; days before a declined join request may be
# filed again.
SIGNPOST_INVITATIONS_PER_ADMIN_HOUR = env.int("SIGNPOST_INVITATIONS_PER_ADMIN_HOUR", default=20)
SIGNPOST_INVITATIONS_PER_TEAM_DAY = env.int("SIGNPOST_INVITATIONS_PER_TEAM_DAY", default=100)
SIGNPOST_JOIN_REQUEST_COOL_DOWN_DAYS = env.int("SIGNPOST_JOIN_REQUEST_COOL_DOWN_DAYS", default=7)
# Comments: the longest body accepted (characters), how long its author may edit one (minutes), and how many a
# person may post in a window (a flood is refused with a clear message).
SIGNPOST_COMMENT_MAX_CHARACTERS = env.int("SIGNPOST_COMMENT_MAX_CHARACTERS", default=10_000)
SIGNPOST_COMMENT_EDIT_MINUTES = env.int("SIGNPOST_COMMENT_EDIT_MINUTES", default=30)
SIGNPOST_COMMENT_RATE_COUNT = env.int("SIGNPOST_COMMENT_RATE_COUNT", default=10)
SIGNPOST_COMMENT_RATE_SECONDS = env.int("SIGNPOST_COMMENT_RATE_SECONDS", default=300)
# Webhooks: seconds a request may take, hours a delivery is retried, when a failing webhook is turned off
# (that many consecutive failed attempts, failing for at least that many hours), and whether loopback and private
# addresses on any port are allowed: off by default; a developer turns it on for a local receiver; never in
# production (against SSRF).
SIGNPOST_WEBHOOK_TIMEOUT = env.int("SIGNPOST_WEBHOOK_TIMEOUT", default=10)
SIGNPOST_WEBHOOK_RETRY_HOURS = env.int("SIGNPOST_WEBHOOK_RETRY_HOURS", default=24)
SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES = env.int("SIGNPOST_WEBHOOK_DISABLE_AFTER_FAILURES", default=15)
SIGNPOST_WEBHOOK_DISABLE_AFTER_HOURS = env.int("SIGNPOST_WEBHOOK_DISABLE_AFTER_HOURS", default=6)
# A receiver that fails this many attempts in a row, or answers slower than this many seconds, is parked (nothing is
# sent to it for 1, 2, 4 … 60 minutes) so that it holds up no other team's deliveries.
SIGNPOST_WEBHOOK_PARK_AFTER_FAILURES = env.int("SIGNPOST_WEBHOOK_PARK_AFTER_FAILURES", default=3)
SIGNPOST_WEBHOOK_SLOW_SECONDS = env.float("SIGNPOST_WEBHOOK_SLOW_SECONDS", default=5.0)
SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env.bool("SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=False)
if IS_PRODUCTION and SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
    raise ImproperlyConfigured("SIGNPOST_WEBHOOK_ALLOW_PRIVATE_ADDRESSES cannot be on when DJANGO_ENV=production.")

# The story monitor (tracker/monitor): how long one fetch may take in all (redirects included), the most it reads
# of a response, minutes between polls of a new source, failures in a row before a source is parked, and whether
# sources on this machine (loopback) may be fetched: tests and local demos only, never in production; a private
# network address stays refused even then.
SIGNPOST_FETCH_TIMEOUT = env.float("SIGNPOST_FETCH_TIMEOUT", default=20.0)
SIGNPOST_FETCH_MAX_BYTES = env.int("SIGNPOST_FETCH_MAX_BYTES", default=5 * 1024 * 1024)
SIGNPOST_SOURCE_POLL_MINUTES = env.int("SIGNPOST_SOURCE_POLL_MINUTES", default=30)
SIGNPOST_SOURCE_PARK_AFTER_FAILURES = env.int("SIGNPOST_SOURCE_PARK_AFTER_FAILURES", default=6)
SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES = env.bool("SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES", default=False)
if IS_PRODUCTION and SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES:
    raise ImproperlyConfigured("SIGNPOST_FETCH_ALLOW_PRIVATE_ADDRESSES cannot be on when DJANGO_ENV=production.")

# --- Content Security Policy ----------------------------------------------------------------------------------
# Our pages load scripts and styles from our own static files only: no inline script, no inline style, nothing from
# another origin. (The API's Swagger UI and ReDoc pages, which need inline code, get a policy of their own.)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.constants.SELF],
        "script-src": [csp.constants.SELF],
        "style-src": [csp.constants.SELF],
        "img-src": [csp.constants.SELF, "data:"],
        "connect-src": [csp.constants.SELF],
        "object-src": [csp.constants.NONE],
        "base-uri": [csp.constants.SELF],
        "form-action": [csp.constants.SELF],
        "frame-ancestors": [csp.constants.NONE],
    }
}

# --- Production hardening -------------------------------------------------------------------------------------
if IS_PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True

# Outside services Signpost talks to (single sign-on, Slack, the drafter) are configured in their own module.
from tracker.config.integrations import *  # noqa: E402,F403

# --- Logging --------------------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
