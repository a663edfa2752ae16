"""Destroying registrants' personal data once its retention has ended (see dure.accounts.retention)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from dure.accounts.retention import destroy_rows, expired
from dure.programs.models import Registration, RegistrationStatus, Session


def registrations_destroy_expired(*, today: dt.date, dry_run: bool = False) -> int:
    """Blank name, email, phone and group of registrations whose consent has run out, once the
    program is over (or the registration ended). Seats, age group, district and attendance stay
    for the reports. An issued certificate keeps its holder's name: it is the document the person
    holds, and its public verification must go on naming them (docs/DECISIONS.md)."""
    upcoming = Session.objects.filter(program=OuterRef("program"), ends_at__gte=timezone.now())
    rows = (
        Registration.objects.filter(personal_data_destroyed_on__isnull=True)
        .filter(expired("consent", "created_at", today=today))
        .filter(Q(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.EXPIRED]) | ~Exists(upcoming))
        .exclude(name="", email="", phone="", group_name="")
    )
    return destroy_rows(
        rows,
        blank={"name": "", "email": "", "phone": "", "group_name": "", "personal_data_destroyed_on": today},
        action="programs.registrations.personal_data_destroyed",
        rule="consent retention passed, program over",
        today=today,
        dry_run=dry_run,
    )
