"""Bulk imports in the producers' panel: upload and validate, then import (in a Celery task when large)."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.importers import ImportFileError, parse_file, product_import_rows, validate_rows
from members.models import Member, User
from portal.models import ImportStatus, ListingImport


@transaction.atomic
def listing_import_upload(*, member: Member, user: User, name: str, data: bytes) -> ListingImport:
    """Store the file and validate every row; nothing else is saved until the file is clean and confirmed."""
    record = ListingImport(member=member, created_by=user, original_name=(name or "import")[:200])
    record.file.save("upload.bin", ContentFile(data), save=False)
    try:
        result = validate_rows(member=member, rows=parse_file(name or "", data))
    except ImportFileError as exc:
        record.status, record.errors = ImportStatus.INVALID, [{"row": 0, "column": "", "message": str(exc)}]
    else:
        record.total_rows = len(result.rows) or record.total_rows
        record.status = ImportStatus.READY if result.ok else ImportStatus.INVALID
        record.errors = result.errors
    record.save()
    return record


def _load_rows(record: ListingImport) -> list[dict]:
    with record.file.open("rb") as fh:
        data = fh.read()
    result = validate_rows(member=record.member, rows=parse_file(record.original_name, data))
    if not result.ok:
        raise ImportFileError(_("The file no longer validates (listings changed meanwhile); upload it again."))
    return result.rows


def listing_import_confirm(*, record: ListingImport) -> ListingImport:
    """Small files import now; large ones in a Celery task whose progress the page shows."""
    with transaction.atomic():
        locked = ListingImport.objects.select_for_update().get(pk=record.pk)
        if locked.status != ImportStatus.READY:
            raise ImportFileError(_("This import is not ready to run."))
        locked.status = ImportStatus.RUNNING
        locked.save(update_fields=["status"])
    if locked.total_rows <= settings.CATALOG_IMPORT_SYNC_MAX_ROWS:
        listing_import_run(import_id=locked.pk)
    else:
        from portal import tasks

        transaction.on_commit(lambda: tasks.run_listing_import.delay(locked.pk))
    locked.refresh_from_db()
    return locked


def listing_import_run(*, import_id: int) -> None:
    record = ListingImport.objects.select_related("member").get(pk=import_id)
    if record.status != ImportStatus.RUNNING:
        return

    def progress(done: int) -> None:
        ListingImport.objects.filter(pk=import_id).update(processed_rows=done)

    try:
        rows = _load_rows(record)
        product_import_rows(member=record.member, rows=rows, progress=progress)
    except ImportFileError as exc:
        ListingImport.objects.filter(pk=import_id).update(
            status=ImportStatus.FAILED, errors=[{"row": 0, "column": "", "message": str(exc)}], finished_at=timezone.now()
        )
        return
    ListingImport.objects.filter(pk=import_id).update(status=ImportStatus.DONE, finished_at=timezone.now())
