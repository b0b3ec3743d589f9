"""Celery tasks: thin, take ids, call one service. Safe to repeat (the state in the database is the truth)."""

from __future__ import annotations

import logging

from celery import shared_task

from linkage import services

logger = logging.getLogger(__name__)


def enqueue_push(partner_ids, countdown: float | None = None) -> None:
    """Queue a push per partner; a broker outage is logged, not raised: the sweep catches up."""
    for partner_id in partner_ids:
        try:
            push_partner.apply_async(
                (partner_id,), countdown=countdown,
                retry=True, retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5},
            )
        except Exception:  # kombu raises various connection errors; the periodic sweep will enqueue again
            logger.warning("linkage: could not enqueue a push for partner %s; the sweep will", partner_id, exc_info=True)


@shared_task(name="linkage.push_partner", ignore_result=True, acks_late=True)
def push_partner(partner_id: int) -> str:
    outcome = services.partner_push(partner_id=partner_id)
    if push_partner.request.is_eager:
        return outcome.status
    if outcome.status == "retry":
        enqueue_push([partner_id], countdown=max(0.2, outcome.retry_in))
    elif outcome.status == "more":
        enqueue_push([partner_id])
    return outcome.status


@shared_task(name="linkage.sweep", ignore_result=True)
def sweep() -> int:
    partner_ids = services.linkage_sweep()
    enqueue_push(partner_ids)
    return len(partner_ids)


@shared_task(name="linkage.heartbeat", ignore_result=True)
def heartbeat() -> None:
    services.heartbeat_beat()
