"""Settings for ``make drill``: production settings, served over plain HTTP on loopback.

The drill sets SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, REDIS_URL and a mail
server that is down (a closed port) in the environment before Django starts.
"""

from newsroom.settings.base import *  # noqa: F403
from newsroom.settings.prod import *  # noqa: F403
from newsroom.settings.prod import STORAGES

# Plain HTTP on 127.0.0.1: no TLS in front of gunicorn here.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic for a three-minute drill: serve static files from the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# All drill traffic comes from 127.0.0.1: the per-address comment limit would stop
# the comment stream after ten posts. Form token, CSRF and the per-email limit stay on.
COMMENTS_RATE_PER_IP = 1_000_000
# Mail goes to an SMTP server that is not there.
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_TIMEOUT = 2
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
