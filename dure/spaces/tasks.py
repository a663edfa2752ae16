"""Background work of the open space (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from dure.spaces import services


@task()
def send_incubation_reminders(days: int = 30) -> int:
    """Email tenants whose contract ends within `days` days; safe to run as often as wanted."""
    return len(services.tenancy_reminders_send(days=days))
