"""Settings of the portal: one module, every deployment-specific value read from the environment."""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_meta_header, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTAL_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# A policy queryset read without visible_to(user) raises when strict (tests, DEBUG); in production it
# answers as if there were no records at all.
ACCESS_STRICT = env_bool("ACCESS_STRICT", DEBUG)
SECRET_KEY = env_secret("SECRET_KEY", debug=DEBUG, dev_default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "django_countries",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "portal.access",
    "portal.orgs",
    "portal.audit",
    "portal.accounts",
    "portal.bulletins",
    "portal.library",
    "portal.assistance",
    "portal.dashboard",
    "portal.search",
    "portal.notifications",
    "lexicon",
    "cases",
    "referrals",
    "reports",
    "interchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.audit.context.RequestContextMiddleware",
    "portal.middleware.PrivateCacheMiddleware",
    "portal.orgs.middleware.VettedMembershipMiddleware",
    "portal.audit.middleware.AuditRefusalsMiddleware",
    # Inside the audit middleware, so that its 400s to signed-in users are logged.
    "portal.middleware.RefuseNulMiddleware",
    # Inside the audit middleware too: a service's NotFound is a logged 404.
    "portal.errors.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "portal.accounts.middleware.SessionLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.orgs.context_processors.membership",
            ],
        },
    },
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Lockouts, throttle counts and used two-factor codes live in the cache: with several processes (or servers)
# they must share one, so production sets REDIS_URL; without it each process keeps its own in memory.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "orgs.User"
AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses a locked-out account and address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "portal.orgs.backends.VettedEmailBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "portal.accounts.validators.BreachedLookingPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:home"
LOGOUT_REDIRECT_URL = "login"

# Accounts (portal.accounts): the project's own log-in view; django-allauth only for TOTP and recovery codes.
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Wildlife Cybercrime Portal")
# Sectors whose members must use two-factor; demo accounts skip it only while DEBUG is on.
PORTAL_MFA_REQUIRED_SECTORS = ["enforcement", "cites_authority", "igo"]
# Sessions: idle timeout and absolute lifetime, in seconds.
PORTAL_SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_TIMEOUT", 30 * 60)
PORTAL_SESSION_MAX_AGE = env_int("SESSION_MAX_AGE", 12 * 3600)
# How recently the password must have been entered before changing e-mail, password, two-factor or tokens.
PORTAL_REAUTH_SECONDS = env_int("REAUTH_SECONDS", 5 * 60)
PORTAL_INVITATION_DAYS = env_int("INVITATION_DAYS", 7)
PORTAL_API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
# django-axes: 5 failures for one account from one address lock that pair for 5 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 5))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_USERNAME_CALLABLE = "portal.accounts.services.axes_username"
# Behind a reverse proxy every request comes from the proxy's address: the client's is read from the header
# the proxy sets (e.g. X-Forwarded-For), TRUSTED_PROXY_COUNT proxies deep. Unset: REMOTE_ADDR.
PORTAL_TRUSTED_PROXY_HEADER = env_meta_header("TRUSTED_PROXY_HEADER")
PORTAL_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1)
if PORTAL_TRUSTED_PROXY_COUNT < 1:
    raise ImproperlyConfigured("TRUSTED_PROXY_COUNT must be 1 or more")
AXES_CLIENT_IP_CALLABLE = "portal.audit.net.client_ip"
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False

# django-guardian: no anonymous user row; anonymous visitors see public records through the policy.
ANONYMOUS_USER_NAME = None
GUARDIAN_USER_OBJ_PERMS_MODEL = "guardian.UserObjectPermission"
GUARDIAN_GROUP_OBJ_PERMS_MODEL = "guardian.GroupObjectPermission"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploaded files are never served by URL: downloads go through views that ask the access policy.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": MEDIA_ROOT}},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "portal@localhost")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["portal.access.api.PolicyPermission"],
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": [
        "portal.access.api.VisibleToFilterBackend",
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "EXCEPTION_HANDLER": "portal.errors.api_exception_handler",
    "DEFAULT_PAGINATION_CLASS": "portal.access.api.CappedPageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Views opt in with throttle_scope; the counts live in the default cache (CACHES).
    "DEFAULT_THROTTLE_RATES": {"scan": env_str("SCAN_RATE", "60/min")},
}
# One scan request (POST /api/v1/lexicon/scan/): at most this many texts and characters in all.
PORTAL_SCAN_MAX_TEXTS = env_int("SCAN_MAX_TEXTS", 1000)
PORTAL_SCAN_MAX_CHARS = env_int("SCAN_MAX_CHARS", 200_000)
SPECTACULAR_SETTINGS = {
    "TITLE": "Wildlife Cybercrime Intelligence Portal API",
    "DESCRIPTION": "Every list and detail answers only what the caller may see; hidden records answer 404.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # One name per choice set shared by several fields (otherwise the schema names them after the first field).
    "ENUM_NAME_OVERRIDES": {
        "CountryEnum": "django_countries.countries",
        "ReferralStateEnum": "referrals.models.ReferralState",
        "MatrixAnswerEnum": "portal.library.models.Answer",
    },
}

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")}}

# Application limits and names; tests override them with pytest-django's settings fixture.
# The largest screenshot a volunteer report may carry (referrals).
REFERRALS_MAX_SCREENSHOT_BYTES = env_int("REFERRALS_MAX_SCREENSHOT_BYTES", 5 * 1024 * 1024)
# Deconfliction queries (and contact requests) a user may make per hour (cases).
CASES_DECONFLICT_PER_HOUR = env_int("CASES_DECONFLICT_PER_HOUR", 30)
# The name of the space that receives submitted Party reports (reports).
REPORTS_SECRETARIAT_SPACE = env_str("REPORTS_SECRETARIAT_SPACE", "CITES Secretariat: Party submissions")
# The largest document attachment (library), and the size up to which a download is sent in one response.
LIBRARY_MAX_UPLOAD_BYTES = env_int("LIBRARY_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
LIBRARY_INLINE_DOWNLOAD_BYTES = env_int("LIBRARY_INLINE_DOWNLOAD_BYTES", 256 * 1024)

# A list page shows an exact total up to this many rows, then "10,000+": an unbounded COUNT grows with the table.
PORTAL_COUNT_CAP = env_int("PORTAL_COUNT_CAP", 10_000)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
