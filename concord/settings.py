"""Concord settings: every value comes from the environment, with defaults that run on one machine."""

import os
import secrets
from pathlib import Path

import dj_database_url


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CONCORD_VAR_DIR", BASE_DIR / "var"))

# Off unless asked for: a deployment that forgets a variable gets production behaviour.
# `make run` and `make test` turn it on for development.
DEBUG = env_bool("DEBUG", False)


def local_secret_key() -> str:
    """A random key kept in var/ for a one-machine install; real deployments set SECRET_KEY."""
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    try:  # exclusive create: when two processes start at once, one key wins and both read it
        with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as key_file:
            key_file.write(secrets.token_urlsafe(50))
    except FileExistsError:
        pass
    return path.read_text().strip()


SECRET_KEY = os.environ.get("SECRET_KEY") or local_secret_key()

ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # serves the Swagger UI assets from the wheel, so the API docs work offline
    # Single sign-on and second factors (see orgs/identity.py): allauth's login stages, its
    # OpenID Connect and SAML clients and its MFA; allauth's own signup and email pages are not mounted.
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.socialaccount.providers.saml",
    "allauth.mfa",
    "allauth.usersessions",
    "concord.core",
    "concord.orgs",
    "concord.alliances",
    "concord.portal",
    "concord.governance",
    "concord.expectations",
    "concord.deals",
    "concord.health",
    "concord.documents",
    "concord.risks",
    "concord.goals",
    "concord.ip",
    "concord.winddown",
    "concord.homework",
    "concord.research",
]

# The demo story and its commands (seed_demo, print_demo_logins, the local identity provider) sit
# on top of every capability. A production deployment has no use for fictional organisations and
# a published password, so the app is installed only where asked for: with DEBUG (`make run`,
# the test suite) unless CONCORD_DEMO says otherwise, and never in production unless it says so.
CONCORD_DEMO = env_bool("CONCORD_DEMO", DEBUG)
if CONCORD_DEMO:
    INSTALLED_APPS.append("concord.demo")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "concord.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "concord.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "concord.core.middleware.OrganisationTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "concord.orgs.middleware.SecondFactorRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

if DEBUG:
    # In development concord/wsgi.py serves static files from the apps (as runserver does);
    # WhiteNoise serves the collected ones in production.
    MIDDLEWARE.remove("whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "concord.urls"
WSGI_APPLICATION = "concord.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "concord" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "concord.core.context_processors.concord",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'concord.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "orgs.User"
# MemberBackend reads the membership and organisation with the person; Django's own stays listed
# so sessions signed in through it before keep working until they end.
AUTHENTICATION_BACKENDS = [
    "concord.orgs.backends.MemberBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Uploaded files (submission attachments, the document room) go through Django's storage API: the
# local disk under MEDIA_ROOT by default, or the backend CONCORD_FILE_STORAGE names, such as
# django-storages' "storages.backends.s3.S3Storage" for an S3-compatible store, with its options
# from the CONCORD_S3_* variables (install django-storages[s3] beside Concord to use it).
FILE_STORAGE = os.environ.get("CONCORD_FILE_STORAGE", "django.core.files.storage.FileSystemStorage")
_S3_OPTIONS = {
    option: os.environ[variable]
    for option, variable in {
        "bucket_name": "CONCORD_S3_BUCKET",
        "endpoint_url": "CONCORD_S3_ENDPOINT_URL",
        "region_name": "CONCORD_S3_REGION",
        "access_key": "CONCORD_S3_ACCESS_KEY",
        "secret_key": "CONCORD_S3_SECRET_KEY",
    }.items()
    if os.environ.get(variable)
}
STORAGES = {
    "default": {"BACKEND": FILE_STORAGE, **({"OPTIONS": _S3_OPTIONS} if _S3_OPTIONS else {})},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CONCORD_DOCUMENT_MAX_BYTES = int(os.environ.get("CONCORD_DOCUMENT_MAX_BYTES", 25 * 1024 * 1024))
MEDIA_URL = "/media/"  # never served directly: attachments go through a scoped view
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 60 * 1024 * 1024  # five 10 MB PDFs and the form around them

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "concord" / "static"]

# In development mail goes to the inbox page (/mail/), not the console; production sets SMTP.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "concord.core.mailbox.InboxBackend"
    if DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
CONCORD_MAIL_DIR = Path(os.environ.get("CONCORD_MAIL_DIR", VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that accepts a connection and never answers must not hold a worker for ever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
# The outbox's retry timetable counts in minutes of this many seconds; only `make drill`, which
# lives a day's mail outage in two minutes, changes it.
CONCORD_EMAIL_MINUTE_SECONDS = float(os.environ.get("CONCORD_EMAIL_MINUTE_SECONDS", "60"))
# Messages are not kept or sent at all (the demo's years of fictional history set this).
CONCORD_EMAIL_OFF = env_bool("CONCORD_EMAIL_OFF", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Concord <concord@localhost>")

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Browsers keep to HTTPS for a year once they have seen Concord over it (production only: a
# development server on plain HTTP must stay reachable).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)

# Signing in (allauth): by email, no signup of its own (organisations sign up through orgs, and
# people join by invitation or through their organisation's identity provider), no email
# confirmation step (an invitation or the provider has proved the address already).
ACCOUNT_ADAPTER = "concord.orgs.identity.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "concord.orgs.identity.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_LOGOUT_REDIRECT_URL = LOGOUT_REDIRECT_URL
# Concord counts failed sign-ins itself, in the database, so that every process sees them.
ACCOUNT_RATE_LIMITS = False
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_OPENID_CONNECT_URL_PREFIX = "oidc"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_TOTP_ISSUER = "Concord"
# WebAuthn needs the browser's origin to be HTTPS, except on localhost in development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# Sessions are recorded when someone signs in (orgs/extensions.py), not on every request: a
# write per page view would cost every page a query.
USERSESSIONS_TRACK_ACTIVITY = False
# Failed sign-ins allowed in CONCORD_SIGNIN_WINDOW_MINUTES before more are refused: per account
# (someone guessing one person's password) and per network address (someone trying many).
CONCORD_SIGNIN_WINDOW_MINUTES = int(os.environ.get("CONCORD_SIGNIN_WINDOW_MINUTES", "15"))
CONCORD_SIGNIN_ACCOUNT_LIMIT = int(os.environ.get("CONCORD_SIGNIN_ACCOUNT_LIMIT", "5"))
CONCORD_SIGNIN_ADDRESS_LIMIT = int(os.environ.get("CONCORD_SIGNIN_ADDRESS_LIMIT", "20"))
# How long a new API token lives unless its owner chooses otherwise.
CONCORD_API_TOKEN_DAYS = int(os.environ.get("CONCORD_API_TOKEN_DAYS", "90"))

# A tenant table read without visible_to()/unscoped() raises instead of leaking (see core.tenancy).
CONCORD_STRICT_TENANCY = env_bool("CONCORD_STRICT_TENANCY", DEBUG)
# The header a reverse proxy puts the visitor's address in (e.g. X-Real-IP); empty: none.
CONCORD_CLIENT_IP_HEADER = os.environ.get("CONCORD_CLIENT_IP_HEADER", "")
# Where the audit chain's head is written once a day, signed with SECRET_KEY, so a table rebuilt
# from scratch is detected; keep it (or the log line) somewhere the database's admins cannot edit.
CONCORD_AUDIT_ANCHOR_FILE = os.environ.get(
    "CONCORD_AUDIT_ANCHOR_FILE", str(VAR_DIR / "audit-anchors.log")
)
# A task still running this long after a worker claimed it is taken to be abandoned and requeued.
CONCORD_TASK_LEASE_SECONDS = int(os.environ.get("CONCORD_TASK_LEASE_SECONDS", "600"))
# How long an emailed invitation link stays valid.
CONCORD_INVITATION_DAYS = int(os.environ.get("CONCORD_INVITATION_DAYS", "14"))
# Federated studies run on the in-process simulation (the default, and in tests); on a real
# Flower SuperLink and one SuperNode per party started for each run on this machine
# ("deployment", the demo's); or on the standing coordinator beside Concord that the parties' own
# nodes join from their networks ("coordinator", production: fl/standing.py). On one machine each
# party's node keeps its data in its own directory under CONCORD_RESEARCH_NODES_DIR, which
# Concord never reads.
CONCORD_RESEARCH_ENGINE = os.environ.get("CONCORD_RESEARCH_ENGINE", "simulation")
CONCORD_RESEARCH_NODES_DIR = Path(
    os.environ.get("CONCORD_RESEARCH_NODES_DIR", VAR_DIR / "research" / "nodes")
)
# Where partners' nodes connect (out) to, shown in each study's "Run your node" command, and the
# CA certificate file they verify it with (offered for download when set; the operator's own).
CONCORD_RESEARCH_COORDINATOR = os.environ.get("CONCORD_RESEARCH_COORDINATOR", "127.0.0.1:19100")
CONCORD_RESEARCH_COORDINATOR_CA = os.environ.get("CONCORD_RESEARCH_COORDINATOR_CA", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # LOG_CONSOLE_LEVEL quiets a process's console without hiding its errors (the worker's
    # "task started/finished" lines under `make run`); LOG_LEVEL sets what is logged at all.
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": os.environ.get("LOG_CONSOLE_LEVEL", "NOTSET"),
        },
        "server": {"class": "logging.StreamHandler", "formatter": "server"},
    },
    "formatters": {
        "server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},  # a line per step of every PDF at INFO
        # Django's own console handler would print every "Not Found" a second time.
        "django": {
            "handlers": ["console"],
            "level": os.environ.get("LOG_LEVEL", "INFO"),
            "propagate": False,
        },
        # runserver's request lines, with their time, as Django formats them by default.
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
    },
}
