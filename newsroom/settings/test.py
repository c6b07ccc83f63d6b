"""Test settings: the same stack, with DATABASE_URL choosing SQLite or PostgreSQL."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-key-" + "x" * 50
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-results" / "media" / str(os.getpid())
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STATIC_ROOT = BASE_DIR / "test-results" / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The test client's login() authenticates without a request: let it through the
# throttling backend (web logins in tests are still throttled).
AUTHENTICATION_BACKENDS = [
    "tests.auth_backends.AxesBackendForTestClient",
    *AUTHENTICATION_BACKENDS[1:],  # noqa: F405
]

# On PostgreSQL, a second database stands in as a read replica for tests/test_db_router.py
# (created only when a test asks for it).
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES["replica"] = {  # noqa: F405
        **DATABASES["default"],  # noqa: F405
        "TEST": {"NAME": f"test_{DATABASES['default']['NAME']}_replica"},  # noqa: F405
    }
