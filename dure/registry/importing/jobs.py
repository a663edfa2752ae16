"""Import jobs: an upload from the back office, imported in the background with progress."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action
from dure.core.errors import DomainError
from dure.core.spreadsheets import xlsx_row
from dure.registry.importing.headers import FORMATS
from dure.registry.importing.importer import import_file
from dure.registry.importing.reader import UnreadableFile
from dure.registry.models import ImportJob, ImportJobStatus

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


@transaction.atomic
def import_job_create(
    *, actor: Any, upload: UploadedFile, fmt: str = "auto", dry_run: bool = False
) -> ImportJob:
    if fmt != "auto" and fmt not in FORMATS:
        raise DomainError(_("Unknown format %(format)s.") % {"format": fmt}, field="format")
    if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
        raise DomainError(_("The file is larger than 50 MB."), field="file")
    if not upload.size:
        raise DomainError(_("The file is empty."), field="file")
    job = ImportJob(
        original_name=(upload.name or "upload")[:255], format=fmt, dry_run=dry_run, created_by=actor
    )
    job.file.save(upload.name or "upload", upload, save=False)
    job.save()
    log_action(
        "registry.import.uploaded",
        actor=actor,
        target=job,
        data={"file": job.original_name, "format": fmt, "dry_run": dry_run},
    )
    return job


def import_job_enqueue(*, job: ImportJob) -> None:
    from dure.registry.tasks import import_job_run

    import_job_run.enqueue(job.pk)


def import_job_run(*, job_pk: int) -> ImportJob:
    """Run the importer on the stored file, keeping rows_done/rows_total up to date while rows are
    checked (outside the import's transaction, so that the progress page sees it)."""
    job = ImportJob.objects.get(pk=job_pk)
    if job.is_finished:
        return job
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJobStatus.RUNNING, updated_at=timezone.now())

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(rows_done=done, rows_total=total)

    with job.file.open("rb") as handle:
        data = handle.read()
    try:
        result = import_file(
            data,
            filename=job.original_name,
            fmt=job.format,
            dry_run=job.dry_run,
            actor=job.created_by or "import",
            progress=progress,
        )
    except UnreadableFile as error:
        job.status = ImportJobStatus.FAILED
        job.error = error.message
        job.result = {"headers_found": error.found, "headers_expected": error.expected}
    except Exception as error:  # the job must end in a state the staff can see
        job.status = ImportJobStatus.FAILED
        job.error = _("The import failed and nothing was written: %(error)s") % {"error": error}
    else:
        job.status = ImportJobStatus.DONE
        job.result = result.stored()
        job.rows_total = result.rows_total
        job.rows_done = result.rows_total
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "error", "result", "rows_total", "rows_done", "finished_at", "updated_at"]
    )
    return job


def _rejected_sheet(sheet: Any, title: str, headers: list[str], items: list[dict[str, Any]]) -> None:
    # Excel's sheet names: at most 31 characters, none of : \ / ? * [ ].
    sheet.title = "".join(c for c in title if c not in ":\\/?*[]")[:31] or "-"
    sheet.append(xlsx_row(sheet, [*headers, _("Reason for rejection")]))
    for item in items:
        values = list(item.get("values") or [])
        values = values + [""] * (len(headers) - len(values))
        reason = _("line %(line)s, %(column)s: %(reason)s") % {
            "line": item.get("line"),
            "column": item.get("column"),
            "reason": item.get("reason"),
        }
        row = [*values[: max(len(headers), len(values))], reason] if headers else [*values, reason]
        sheet.append(xlsx_row(sheet, row))


def rejected_rows_xlsx(job: ImportJob) -> bytes:
    """The job's rejected rows with their original columns and a reason column, as an XLSX the
    staff can fix and import again."""
    import openpyxl

    result = job.result or {}
    workbook = openpyxl.Workbook()
    by_sheet: dict[str, list[str]] = result.get("headers_by_sheet") or {}
    if not by_sheet:
        _rejected_sheet(
            workbook.active, _("Rejected rows"), list(result.get("headers") or []), result.get("rejected", [])
        )
    else:
        # One sheet per sheet of the original, with its own header, so each can go back as it was.
        assert workbook.active is not None
        workbook.remove(workbook.active)
        for name, headers in by_sheet.items():
            items = [item for item in result.get("rejected", []) if item.get("sheet") == name]
            if items:
                _rejected_sheet(workbook.create_sheet(), name, list(headers), items)
        if not workbook.worksheets:
            workbook.create_sheet(_("Rejected rows")[:31])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
