"""Settings chosen by the environment.

``DEBUG=1`` gives the development settings; anything else is production,
which refuses to start without a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``.
Tests use ``newsroom.settings.test``, the benchmark ``newsroom.settings.bench``.

Why one switch on ``DEBUG`` rather than a ``DJANGO_SETTINGS_MODULE`` per environment
(as wagtail's bakerydemo does): every entry point (``manage.py``, gunicorn in the
Dockerfile and compose, ``.ci/run``) already names this module, and the environment
variable that matters to an operator is ``DEBUG``, which must agree with the module
anyway; a second variable that could disagree with it would only add a way to run
production code with development settings. Tests and the benchmark, which need
their own, set ``DJANGO_SETTINGS_MODULE`` explicitly.
"""

from .base import *  # noqa: F403
from .base import DEBUG

if DEBUG:
    from .dev import *  # noqa: F403
else:
    from .prod import *  # noqa: F403
