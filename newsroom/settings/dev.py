"""Development: DEBUG on, an insecure key of its own so a first run needs nothing set."""

from .base import SECRET_KEY as _SECRET_KEY

DEBUG = True
SECRET_KEY = _SECRET_KEY or "dev-only-insecure-key-never-used-in-production"
ALLOWED_HOSTS = ["*"]
INTERNAL_IPS = ["127.0.0.1"]
