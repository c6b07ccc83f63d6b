"""Settings chosen by the environment.

``DEBUG=1`` gives the development settings; anything else is production,
which refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
Tests use ``newsroom.settings.test``, the benchmark ``newsroom.settings.bench``.
"""

from .base import *  # noqa: F403
from .base import DEBUG

if DEBUG:
    from .dev import *  # noqa: F403
else:
    from .prod import *  # noqa: F403
