"""Settings shared by every environment. Values come from environment variables."""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_ckeditor_5",
    "simple_history",
    "csp",
    "axes",
    "newsroom",
    "articles",
    "comments",
]

MIDDLEWARE = [
    # Outermost: a HEAD answer carries no body, whatever answered it (gunicorn sends it all).
    "newsroom.middleware.HeadWithoutBodyMiddleware",
    # First: a database outage anywhere below answers a fast 503 page.
    "newsroom.middleware.DatabaseUnavailableMiddleware",
    # A NUL character in the query string would reach PostgreSQL through the admin's filters.
    "newsroom.middleware.StripNulMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "newsroom.security.NewsroomCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Read-after-write with replicas: pins a writer's next requests to the primary.
    "newsroom.db_router.PinPrimaryMiddleware",
    # Whole anonymous pages from the cache. Above sessions, locale, CSRF and auth so a hit
    # skips them; below CSP so cached pages get a fresh nonce. It answers 304s for its
    # hits itself, with an ETag computed once per cached page.
    "newsroom.cache.PageCacheMiddleware",
    # ETag and 304 answers for every other GET, computed on the final page.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.newsroom",
            ],
        },
    },
    # Plain text (email subjects and bodies): rendered with ``using="text"``, never
    # HTML-escaped, so "O'Brien" stays "O'Brien" and not "O&#x27;Brien".
    {
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {"autoescape": False},
    },
]

# An SQLite file by default, so a first run needs no database server.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The listing indexes carry extra columns for PostgreSQL's index-only scans; SQLite
    # builds the same indexes without them, which is all a first run needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Fail fast while the database is down instead of hanging a worker.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env_int(
        "DATABASE_CONNECT_TIMEOUT", 3
    )

# Read replicas (comma-separated URLs): reads go there, writes and a writer's next
# requests go to the primary (newsroom/db_router.py). Migrations run on the primary only.
DATABASE_REPLICAS = []
for _n, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica_{_n}"] = dj_database_url.parse(
        _url, conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASE_REPLICAS.append(f"replica_{_n}")
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.db_router.PrimaryReplicaRouter"]
# Seconds a writer's reads stay on the primary after a POST (replication lag cover).
NEWSROOM_REPLICA_PIN_SECONDS = env_int("NEWSROOM_REPLICA_PIN_SECONDS", 10)

# The page cache (newsroom/cache/): how long a cached anonymous page may live. This
# bounds how late a scheduled story appears on cached pages.
NEWSROOM_PAGE_CACHE_SECONDS = env_int("NEWSROOM_PAGE_CACHE_SECONDS", 60)
# How often an open live story's page asks for new updates (articles/live.py).
NEWSROOM_LIVE_POLL_SECONDS = env_int("NEWSROOM_LIVE_POLL_SECONDS", 25)
# The response header carrying a page's dependency keys: "xkey" for Varnish's vmod xkey
# ("Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare).
NEWSROOM_CACHE_KEYS_HEADER = os.environ.get("NEWSROOM_CACHE_KEYS_HEADER", "xkey")
# Set by the HTTP cache in front on requests it may share (deploy/varnish/newsroom.vcl):
# the page then comes with empty form tokens, which the comment form fetches.
NEWSROOM_SHARED_CACHE_HEADER = "X-Shared-Cache"
# Where purges by key go after each change (empty: no HTTP cache in front), and how.
NEWSROOM_PURGE_URL = os.environ.get("NEWSROOM_PURGE_URL", "")
NEWSROOM_PURGER = os.environ.get("NEWSROOM_PURGER", "newsroom.cache.purge.VarnishPurger")

REDIS_URL = os.environ.get("REDIS_URL", "")
#: Where most-read counters live (articles/mostread.py); empty: nothing counted, list hidden.
NEWSROOM_MOST_READ_REDIS_URL = os.environ.get("NEWSROOM_MOST_READ_REDIS_URL", REDIS_URL)
if REDIS_URL:
    CACHES = {
        "default": {
            # Falls back to a per-process cache while Redis is down (never a 500).
            "BACKEND": "newsroom.resilient_cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Login throttling (django-axes): the throttling backend must come first.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a (user name, address) pair after N failures, and an address after N failures on
# any accounts; the lock lifts by itself after the cool-off. An account is never locked
# for everyone: a script failing from elsewhere must not keep the desk out during
# breaking news, and an editor on another address with the right password gets in.
# Guessing one account from many addresses is left to the staff password rules.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
# Behind a proxy, COMMENTS_IP_HEADER names its client-address header (last hop).
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
AXES_VERBOSE = False

# Content Security Policy (django-csp 4). Reader pages: nothing inline, scripts and
# styles from our own origin only (a nonce for an unavoidable inline script).
# The admin adds 'unsafe-inline' styles for CKEditor 5 (newsroom/security.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'", "https:"],
        "frame-src": [
            "https://www.youtube.com",
            "https://www.youtube-nocookie.com",
            "https://player.vimeo.com",
        ],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: Arabic first. Every public URL carries its prefix (/ar/, /en/).
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The newsroom's own time zone: times are stored in UTC and shown in this zone.
TIME_ZONE = os.environ.get("NEWSROOM_TIME_ZONE", "Asia/Beirut")

# The site's address (scheme and host, no path): every absolute URL the site writes
# (feeds, sitemaps, robots.txt, canonical links, emails) uses it instead of the request's
# Host. Required in production; empty in development and tests (the request's host).
NEWSROOM_SITE_URL = os.environ.get("NEWSROOM_SITE_URL", "").rstrip("/")

NEWSROOM_NAME = {
    "ar": os.environ.get("NEWSROOM_NAME_AR", "غرفة الأخبار"),
    "en": os.environ.get("NEWSROOM_NAME_EN", "Newsroom"),
}
# The city named beside "last updated" times.
NEWSROOM_CITY = {
    "ar": os.environ.get("NEWSROOM_CITY_AR", "بيروت"),
    "en": os.environ.get("NEWSROOM_CITY_EN", "Beirut"),
}
# Long dates: "levantine" prints كانون الأول/ديسمبر, "international" only ديسمبر.
NEWSROOM_MONTH_NAMES = os.environ.get("NEWSROOM_MONTH_NAMES", "levantine")
# Digits in Arabic dates: "western" (2023/03/14) or "eastern" (٢٠٢٣/٠٣/١٤).
NEWSROOM_DIGITS = os.environ.get("NEWSROOM_DIGITS", "western")

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Media on S3-compatible storage (pip install '.[s3]') when a bucket is configured.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Uploads: refuse oversized request bodies before they reach a view.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
NEWSROOM_MAX_IMAGE_BYTES = env_int("NEWSROOM_MAX_IMAGE_BYTES", 10 * 1024 * 1024)
NEWSROOM_MAX_IMAGE_PIXELS = env_int("NEWSROOM_MAX_IMAGE_PIXELS", 40_000_000)

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 5
# The file backend (EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend) writes here.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")

TAGGIT_CASE_INSENSITIVE = True
# The Arabic comma separates tags; spaces never do (articles/tagparse.py).
TAGGIT_TAGS_FROM_STRING = "articles.tagparse.parse_tags"
TAGGIT_STRING_FROM_TAGS = "articles.tagparse.edit_string_for_tags"

# Reader comments: the moderation policy (see comments/moderation.py and the README).
COMMENTS_MAX_LENGTH = env_int("COMMENTS_MAX_LENGTH", 2000)  # characters in a comment
COMMENTS_CLOSE_AFTER_DAYS = env_int("COMMENTS_CLOSE_AFTER_DAYS", 30)  # 0: never close
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 2)  # more links: held as likely spam
COMMENTS_REPORT_THRESHOLD = env_int("COMMENTS_REPORT_THRESHOLD", 3)  # reports: back to queue
COMMENTS_REPORTS_PER_ADDRESS = env_int("COMMENTS_REPORTS_PER_ADDRESS", 5)  # reports an hour
COMMENTS_TRUSTED_AFTER = env_int("COMMENTS_TRUSTED_AFTER", 0)  # approved to skip queue; 0: off
COMMENTS_MIN_SECONDS = env_int("COMMENTS_MIN_SECONDS", 3)  # faster than this: a bot
COMMENTS_TOKEN_MAX_AGE = env_int("COMMENTS_TOKEN_MAX_AGE", 2 * 24 * 3600)  # form token lifetime
COMMENTS_RATE_WINDOW = env_int("COMMENTS_RATE_WINDOW", 600)  # seconds
COMMENTS_RATE_PER_IP = env_int("COMMENTS_RATE_PER_IP", 10)  # posts per window and address
COMMENTS_RATE_PER_EMAIL = env_int("COMMENTS_RATE_PER_EMAIL", 5)  # posts per window and email
COMMENTS_DUPLICATE_WINDOW = env_int("COMMENTS_DUPLICATE_WINDOW", 600)  # same text: stored once
COMMENTS_IP_RETENTION_DAYS = env_int("COMMENTS_IP_RETENTION_DAYS", 30)
COMMENTS_IP_HEADER = os.environ.get("COMMENTS_IP_HEADER", "REMOTE_ADDR")
COMMENTS_NOTIFY_MODERATORS = env_bool("COMMENTS_NOTIFY_MODERATORS", True)
# Readers' side (docs/moderation.md): confirmation, edit window, likes, "my comments".
COMMENTS_CONFIRM_MAX_AGE = env_int("COMMENTS_CONFIRM_MAX_AGE", 7 * 24 * 3600)  # link lifetime
COMMENTS_EDIT_MINUTES = env_int("COMMENTS_EDIT_MINUTES", 5)  # edit or withdraw after posting
COMMENTS_LIKES_PER_IP = env_int("COMMENTS_LIKES_PER_IP", 60)  # likes per window and address
COMMENTS_MINE_MAX_AGE = env_int("COMMENTS_MINE_MAX_AGE", 24 * 3600)  # "my comments" link life

# Rich text: CKEditor 5. Arabic UI, right-to-left content for Arabic stories
# (the admin switches the direction per story's language).
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "staff"  # never leave unset: unknown values allow anyone
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "webp", "gif"]
CKEDITOR_5_MAX_FILE_SIZE = 10  # megabytes
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "ar",
        "toolbar": {
            "items": [
                "heading",
                "|",
                "bold",
                "italic",
                "link",
                "|",
                "bulletedList",
                "numberedList",
                "blockQuote",
                "|",
                "imageUpload",
                "insertTable",
                "mediaEmbed",
                "|",
                "undo",
                "redo",
            ],
        },
        "image": {
            "toolbar": [
                "imageTextAlternative",
                "toggleImageCaption",
                "|",
                "imageStyle:alignLeft",
                "imageStyle:alignRight",
                "imageStyle:block",
            ],
        },
        "table": {"contentToolbar": ["tableColumn", "tableRow", "mergeTableCells"]},
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {
                    "model": "heading2",
                    "view": "h2",
                    "title": "Heading 2",
                    "class": "ck-heading_heading2",
                },
                {
                    "model": "heading3",
                    "view": "h3",
                    "title": "Heading 3",
                    "class": "ck-heading_heading3",
                },
            ]
        },
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False}
    },
}
