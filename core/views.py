"""Infrastructure endpoints."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from core.health import (
    extra_checks,  # apps above register more checks (e.g. the worker heartbeat)
)


def _check_database() -> dict:
    started = time.perf_counter()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "down"; the message goes to the operator
        return {"ok": False, "error": exc.__class__.__name__}
    return {"ok": True, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


def _check_broker() -> dict:
    from kombu import Connection

    url = settings.CELERY_BROKER_URL
    started = time.perf_counter()
    try:
        with Connection(url, connect_timeout=1, transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
            conn.ensure_connection(max_retries=1, timeout=1)
    except Exception as exc:
        return {"ok": False, "transport": url.split("://", 1)[0], "error": exc.__class__.__name__}
    return {"ok": True, "transport": url.split("://", 1)[0], "latency_ms": round((time.perf_counter() - started) * 1000, 1)}


@never_cache
@require_GET
def healthz(request):
    """200 while the database answers (the site can serve pages); 503 when it does not.

    A broker outage is reported ("degraded") but keeps 200: pages still work and the sync loop
    converges once the broker is back, so a load balancer should not pull the web node for it.
    """
    checks = {"database": _check_database(), "broker": _check_broker()}
    for name, check in extra_checks():
        checks[name] = check()
    if not checks["database"]["ok"]:
        status, code = "down", 503
    elif all(c.get("ok", True) for c in checks.values()):
        status, code = "ok", 200
    else:
        status, code = "degraded", 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
