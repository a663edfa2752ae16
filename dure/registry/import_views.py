"""Back office: upload an official list, follow its import, download the rejected rows."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from dure.core.access import staff_required
from dure.core.audit import log_personal_data_access
from dure.core.errors import DomainError, add_form_error
from dure.registry.forms import ImportUploadForm
from dure.registry.importing.jobs import import_job_create, import_job_enqueue, rejected_rows_xlsx
from dure.registry.models import ImportJob


@staff_required
def import_list(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(
                actor=request.user,
                upload=form.cleaned_data["file"],
                fmt=form.cleaned_data["format"],
                dry_run=form.cleaned_data["dry_run"],
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            import_job_enqueue(job=job)
            return redirect("registry:import_detail", job.pk)
    jobs = ImportJob.objects.select_related("created_by")[:30]
    return render(request, "registry/import_list.html", {"form": form, "jobs": jobs})


@staff_required
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk)
    context = {"job": job, "result": job.result or {}}
    if request.headers.get("HX-Request"):
        return render(request, "registry/_import_progress.html", context)
    return render(request, "registry/import_detail.html", context)


@staff_required
def import_rejected_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows with their original columns and a reason column, to fix and import again."""
    job = get_object_or_404(ImportJob, pk=pk)
    body = rejected_rows_xlsx(job)
    # The rows hold what the official list gave: representatives' names, phones, addresses.
    log_personal_data_access(
        actor=request.user, target=job, fields=["rejected_rows"], purpose="import", action="downloaded"
    )
    response = HttpResponse(
        body,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    stem = job.original_name.rsplit(".", 1)[0] or "import"
    from urllib.parse import quote

    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem + '-rejected.xlsx')}"
    return response
