"""Background tasks of the registry (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_job_run(job_pk: int) -> None:
    """Import an uploaded official list (see dure.registry.importing.jobs)."""
    from dure.registry.importing.jobs import import_job_run as run

    run(job_pk=job_pk)
