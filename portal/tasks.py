from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def run_listing_import(import_id: int) -> None:
    from portal.services import listing_import_run

    listing_import_run(import_id=import_id)
