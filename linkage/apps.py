from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def worker_heartbeat_check() -> dict:
    """Beat schedules linkage.heartbeat; a worker runs it. Stale after WORKER_HEARTBEAT_STALE_SECONDS."""
    from django.conf import settings
    from django.utils import timezone

    from linkage.models import Heartbeat

    try:
        beat = Heartbeat.objects.filter(name="worker").values_list("beat_at", flat=True).first()
    except Exception as exc:  # the database check reports the outage itself
        return {"ok": False, "error": exc.__class__.__name__}
    if beat is None:
        return {"ok": False, "error": "no heartbeat yet"}
    age = (timezone.now() - beat).total_seconds()
    return {"ok": age <= settings.WORKER_HEARTBEAT_STALE_SECONDS, "age_seconds": round(age, 1),
            "stale_after_seconds": settings.WORKER_HEARTBEAT_STALE_SECONDS}


class LinkageConfig(AppConfig):
    name = "linkage"
    verbose_name = _("Partner linkage")

    def ready(self) -> None:
        from core.health import register_check
        from linkage import receivers  # noqa: F401  (connects the catalog signal)

        register_check("worker", worker_heartbeat_check)
