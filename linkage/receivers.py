"""Listening to catalog: a listing changed (after commit) → the pull feed moves it, partners are woken."""

from __future__ import annotations

import logging

from django.dispatch import receiver

from catalog.signals import listings_changed

logger = logging.getLogger(__name__)


@receiver(listings_changed, dispatch_uid="linkage.listings_changed")
def on_listings_changed(sender, product_ids, **kwargs) -> None:
    from baclieu_market.celery import app
    from linkage import services
    from linkage.tasks import enqueue_push

    try:
        services.feed_touch(product_ids=product_ids)
    except Exception:  # the change is committed; the sweep's feed_reconcile repairs the feed
        logger.exception("linkage: could not update the feed for %d listings", len(product_ids))
    if app.conf.task_always_eager:
        # In-process (test) runs deliver through explicit calls; a real worker handles wake-ups.
        return
    try:
        enqueue_push(services.partners_wake())
    except Exception:
        logger.exception("linkage: could not wake the partners; the sweep will")
