"""Settings for Recovery Desk, read from the environment.

With nothing set, the desk runs embedded: SQLite and a Celery transport on the local
filesystem, so one command starts it on a bare machine. Set DATABASE_URL and REDIS_URL to run
on PostgreSQL and Redis; set DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and HTTPS=true in
production (`manage.py check --deploy` is then clean).
"""

import os
from ipaddress import ip_network
from urllib.parse import urlsplit

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from .env import env_bool, env_decimal, env_int, env_list, env_str
from .paths import BASE_DIR, VAR_DIR  # noqa: E402

DEBUG = env_bool("DEBUG", False)
# The fallback key is only fit for a laptop; `check --deploy` flags it (security.W009).
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-recovery-desk-local-only")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# The right-hand side of the Message-IDs we give emails, so each apology has a stable one.
EMAIL_MESSAGE_DOMAIN = urlsplit(SITE_URL).hostname or "localhost"

INSTALLED_APPS = [
    "recovery.admin_site.DeskAdminConfig",  # django.contrib.admin, for superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "csp",
    "axes",
    "django_otp",  # two-factor sign-in (accounts/two_factor.py): TOTP apps and recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "anymail",
    "recovery",
    "accounts",
    "cases",
    "apologies",
    "conversation",
    "webhooks",
    "archive",
    "incidents",
    "insights",
    "privacy",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # the configuration rows a request reads are checked against one version, read once
    "recovery.settled.SettledConfiguration",
    "recovery.limits.BodySizeLimit",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # REQUIRE_2FA_FOR: a person of those roles without two-factor sign-in is sent to set it up
    "accounts.middleware.TwoFactorRequired",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it turns a locked-out sign-in into its page
]

ROOT_URLCONF = "recovery.urls"
WSGI_APPLICATION = "recovery.wsgi.application"

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
                "cases.context_processors.desk",
            ],
        },
    },
    # The per-row loops of the busiest lists (the queue's rows), inside Django templates.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "APP_DIRS": True,  # <app>/jinja2/
        "OPTIONS": {"environment": "cases.jinja.environment"},
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'recovery.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded desk has a web process and a worker writing at once: wait, don't fail.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # case_created_idx's INCLUDE columns (PostgreSQL's index-only scans for Insights) are
    # left out on SQLite, which says so on every command: the index itself is made.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Axes first: it refuses a locked-out sign-in before any password is checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "accounts.backends.EmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Attachments and kept raw emails: never served as static files, only through views that
# check who may see the case. FILE_STORAGE=storages.backends.s3.S3Storage (pip install
# django-storages[s3], with its AWS_* settings) keeps them in S3-compatible storage.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(VAR_DIR / "media"))
# django-storages reads its S3 options as settings: take them from AWS_* variables.
globals().update({name: value for name, value in os.environ.items()
                  if name.startswith("AWS_S3_") or name in ("AWS_STORAGE_BUCKET_NAME",
                                                            "AWS_DEFAULT_ACL",
                                                            "AWS_QUERYSTRING_AUTH")})
STORAGES = {
    "default": {"BACKEND": env_str("FILE_STORAGE",
                                   "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "recovery.storage.StaticStorage"},
}
# django-storages' S3 settings, taken from the environment when set (it reads Django
# settings, not the environment). Files are streamed through the desk's views, never linked.
for _name in ("AWS_STORAGE_BUCKET_NAME", "AWS_S3_REGION_NAME", "AWS_S3_ENDPOINT_URL",
              "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LOCATION"):
    if os.environ.get(_name):
        globals()[_name] = os.environ[_name]
# Serve from the app folders too, so a checkout works before `collectstatic` has run.
WHITENOISE_USE_FINDERS = True

# --- Email; security (HTTPS, cookies, CSP, sign-in) ----------------------------------
from .settings_mail import *  # noqa: E402,F403  (email out and in, the conversation)
from .settings_mail import INBOUND_POLL_SECONDS  # noqa: E402  (beat's schedule, below)
from .settings_security import *  # noqa: E402,F403  (HTTPS, cookies, CSP, sign-in)

# --- Celery ---------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    # Embedded: kombu's filesystem transport needs no server; the web process and the
    # worker exchange messages through files under var/celery.
    _queue_dir = VAR_DIR / "celery" / "queue"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
    for _folder in (_queue_dir, VAR_DIR / "celery" / "processed", VAR_DIR / "celery" / "control"):
        _folder.mkdir(parents=True, exist_ok=True)  # kombu does not create them
# Deployments (or test runs) sharing one Redis keep apart by naming their own queue.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")
# Webhook deliveries have a queue (and workers) of their own: a slow receiver then keeps only
# webhook workers busy, never the ones sending customers' emails (README: production).
CELERY_WEBHOOK_QUEUE = env_str("CELERY_WEBHOOK_QUEUE", "webhooks")
CELERY_TASK_ROUTES = {"webhooks.tasks.*": {"queue": CELERY_WEBHOOK_QUEUE}}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULER = "recovery.beat:Scheduler"  # makes the schedule file's folder
CELERY_TIMEZONE = TIME_ZONE

# --- API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # First, so an anonymous call gets 401 with `WWW-Authenticate: Api-Key`.
        "accounts.api_auth.ApiKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["accounts.permissions.IsDeskUser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["recovery.parsers.StorableJSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "recovery.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_THROTTLE_CLASSES": ["accounts.throttling.PerKeyThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api": env_str("API_THROTTLE_RATE", "1200/min")},
}
# Bodies over this are 413 on the API (and 400 anywhere through Django's own limit).
API_MAX_BODY_BYTES = env_int("API_MAX_BODY_BYTES", 256 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = max(API_MAX_BODY_BYTES, 2_621_440)

# The throttle's counts (and any other cache) shared by all web processes when Redis is
# there; per process otherwise (the embedded default has one process).
CACHES = {"default": (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
     "KEY_PREFIX": "recovery-desk"}
    if REDIS_URL else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
)}
API_KEY_CUSTOM_HEADER = "HTTP_AUTHORIZATION"
SPECTACULAR_SETTINGS = {
    "TITLE": "Recovery Desk API",
    "DESCRIPTION": (
        "Post and follow service-recovery cases. Authenticate with "
        "`Authorization: Api-Key <key>` (create one with `manage.py create_api_key`)."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["accounts.permissions.IsDeskUser"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's toggle button (nested-interactive: a screen
    # reader cannot reach it); without them the docs pass axe (tests/browser/test_accessibility.py).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "recovery.schema.add_common_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "cases.choices.Status",
        "DeliveryStatusEnum": "webhooks.models.DeliveryStatus",
        "IncidentStatusEnum": "incidents.models.IncidentStatus",
        "BulkSendStatusEnum": "incidents.models.BulkSendStatus",
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Domain ---------------------------------------------------------------------------
CASE_REFERENCE_PREFIX = env_str("CASE_REFERENCE_PREFIX", "SR")
QUEUE_PAGE_SIZE = 25
# The queue counts its cases up to this many, then says "more than" (cases/paging.py).
QUEUE_COUNT_LIMIT = env_int("QUEUE_COUNT_LIMIT", 1000)
# Remedies costing more than this (in DESK_CURRENCY) wait for a manager; per-user override
# in the admin (User.approval_limit).
APPROVAL_LIMIT = env_decimal("APPROVAL_LIMIT", "50.00")
DESK_CURRENCY = env_str("DESK_CURRENCY", "EUR")
# The organisation's usual satisfaction score (1–5), against which the insights page sets
# the scores of recovered customers (the recovery paradox: are they happier than average?).
INSIGHTS_BASELINE_CSAT = env_decimal("INSIGHTS_BASELINE_CSAT", "4.0")
# The dashboard's figures are counted at most this often per range and viewer (0: every view).
INSIGHTS_COUNT_SECONDS = env_int("INSIGHTS_COUNT_SECONDS", 60)
if not 1 <= INSIGHTS_BASELINE_CSAT <= 5:
    raise ImproperlyConfigured("INSIGHTS_BASELINE_CSAT must be a score from 1 to 5")

# Webhooks: the networks a subscription may reach besides public addresses (CIDRs, e.g. an
# on-premises receiver's 10.1.2.0/24; tests allow 127.0.0.0/8), and how many subscriptions
# one API key (or person) may have.
WEBHOOK_ALLOWED_NETWORKS = env_list("WEBHOOK_ALLOWED_NETWORKS", [])
for _cidr in WEBHOOK_ALLOWED_NETWORKS:
    try:
        ip_network(_cidr, strict=False)
    except ValueError as _exc:
        raise ImproperlyConfigured(
            f"WEBHOOK_ALLOWED_NETWORKS: {_cidr!r} is not a network such as 10.1.2.0/24"
        ) from _exc
WEBHOOK_MAX_SUBSCRIPTIONS = env_int("WEBHOOK_MAX_SUBSCRIPTIONS", 10)

# Reminders (cases.reminders): how often beat dispatches, how many rows a cycle claims, when
# a claim that was never sent is claimed again, and when a failing reminder is given up.
REMINDER_DISPATCH_SECONDS = env_int("REMINDER_DISPATCH_SECONDS", 60)
REMINDER_BATCH_SIZE = env_int("REMINDER_BATCH_SIZE", 1000)
REMINDER_CLAIM_TIMEOUT = env_int("REMINDER_CLAIM_TIMEOUT", 300)
REMINDER_MAX_ATTEMPTS = env_int("REMINDER_MAX_ATTEMPTS", 8)
SURVEY_LINK_DAYS = env_int("SURVEY_LINK_DAYS", 30)
STATUS_LINK_DAYS = env_int("STATUS_LINK_DAYS", 180)
# Customers' links signed before random links (cases.links) work this long after they were
# sent, within their own expiry; 0 refuses them all.
LEGACY_LINK_DAYS = env_int("LEGACY_LINK_DAYS", 30)
DIGEST_HOUR = env_int("DIGEST_HOUR", 7)
# Notifications about one case to one person within this many seconds go out as one email
# (cases.notify); each person's daily digest is sent in the hour they chose (default
# DIGEST_HOUR, in the desk's time zone), beat looking every NOTIFICATION_DIGEST_SECONDS.
NOTIFICATION_GROUP_SECONDS = env_int("NOTIFICATION_GROUP_SECONDS", 120)
NOTIFICATION_DIGEST_SECONDS = env_int("NOTIFICATION_DIGEST_SECONDS", 300)
IDEMPOTENCY_TTL_HOURS = env_int("IDEMPOTENCY_TTL_HOURS", 24)
# Longer than any request may run (gunicorn kills a worker after 30 s): a key still in
# flight after this belongs to a dead worker, and a retry takes it over.
IDEMPOTENCY_IN_FLIGHT_SECONDS = env_int("IDEMPOTENCY_IN_FLIGHT_SECONDS", 120)

# Storage limitation (privacy.retention): cases closed more than RETENTION_DAYS ago have their
# customer's personal data erased by beat, RETENTION_BATCH_SIZE cases per run; 0 (the
# default) keeps everything until a manager erases it.
RETENTION_DAYS = env_int("RETENTION_DAYS", 0)
if RETENTION_DAYS < 0:
    raise ImproperlyConfigured("RETENTION_DAYS must be a number of days, or 0 for never")
RETENTION_BATCH_SIZE = env_int("RETENTION_BATCH_SIZE", 200)

CELERY_BEAT_SCHEDULE = {
    "dispatch-reminders": {
        "task": "cases.tasks.dispatch_reminders",
        "schedule": REMINDER_DISPATCH_SECONDS,
        "options": {"expires": REMINDER_DISPATCH_SECONDS},  # a late cycle is skipped
    },
    "redeliver-messages": {
        "task": "conversation.tasks.redeliver_messages",
        "schedule": REMINDER_DISPATCH_SECONDS,
        "options": {"expires": REMINDER_DISPATCH_SECONDS},
    },
    "resume-stalled-incident-sends": {
        "task": "incidents.tasks.resume_stalled_sends",
        "schedule": REMINDER_DISPATCH_SECONDS,
        "options": {"expires": REMINDER_DISPATCH_SECONDS},
    },
    "dispatch-webhook-deliveries": {
        "task": "webhooks.tasks.dispatch_deliveries",
        "schedule": REMINDER_DISPATCH_SECONDS,
        "options": {"expires": REMINDER_DISPATCH_SECONDS},
    },
    "poll-mailbox": {  # a no-op without INBOUND_IMAP_URL
        "task": "conversation.tasks.poll_mailbox",
        "schedule": INBOUND_POLL_SECONDS,
        "options": {"expires": INBOUND_POLL_SECONDS},
    },
    "forget-idempotency-keys": {
        "task": "accounts.tasks.forget_idempotency_keys",
        "schedule": crontab(minute=17),
    },
    "apply-retention": {  # a no-op without RETENTION_DAYS
        "task": "privacy.tasks.apply_retention",
        "schedule": crontab(minute="*/10"),
        "options": {"expires": 600},
    },
    "plan-daily-digests": {
        "task": "cases.tasks.plan_digests",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0),
    },
    "send-notification-digests": {  # each person's, in the hour they chose
        "task": "cases.tasks.send_digests",
        "schedule": NOTIFICATION_DIGEST_SECONDS,
        "options": {"expires": NOTIFICATION_DIGEST_SECONDS},
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # failures and lockouts; not every good sign-in
    },
}
