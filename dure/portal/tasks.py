"""Background tasks of the portal (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def search_reindex_enterprises(enterprise_pks: list[int]) -> None:
    """Re-index enterprises changed in bulk (an import) without slowing the import itself."""
    from dure.portal.services import search_reindex_enterprise

    for pk in enterprise_pks:
        search_reindex_enterprise(enterprise_pk=pk)
