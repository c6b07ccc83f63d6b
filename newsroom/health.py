"""``/healthz``: is the database (and Redis, when configured) answering?

The public answer is only ``ok`` or ``unavailable``; which backend failed goes to the log.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _check_database() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _check_cache() -> bool:
    try:
        cache.set("healthz", "ok", 5)
        return cache.get("healthz") == "ok"
    except Exception:
        return False


@never_cache
@require_GET
def healthz(request):
    checks = {"database": _check_database()}
    if settings.REDIS_URL:
        checks["cache"] = _check_cache()
    failed = [name for name, passed in checks.items() if not passed]
    if failed:
        logger.error("healthz: unavailable (%s not answering)", ", ".join(failed))
        return JsonResponse({"status": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
