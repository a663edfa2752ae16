"""Background work: registration emails and the expiry of waiting-list offers."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from dure.programs.models import Registration, Session

SUBJECTS = {
    "confirmed": "confirmed",
    "waiting": "waiting",
    "offered": "offered",
    "expired": "expired",
    "cancelled": "cancelled",
    "reminder": "reminder",
    "link": "link",
}


def site_url() -> str:
    return getattr(
        settings, "DURE_SITE_URL", os.environ.get("DURE_SITE_URL", "http://127.0.0.1:8000")
    ).rstrip("/")


def registration_email(
    registration: Registration, kind: str, session: Session | None = None
) -> tuple[str, str]:
    """(subject, body) of one email about a registration, in the site's default language."""
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "registration": registration,
            "program": registration.program,
            "session": session,
            "sessions": list(registration.program.sessions.all()),
            "manage_url": site_url() + reverse("programs:registration", args=[registration.token]),
            "center": settings.DURE_CENTER_NAME,
        }
        subject = render_to_string(f"programs/email/{kind}_subject.txt", context).strip()
        body = render_to_string(f"programs/email/{kind}.txt", context)
    return subject, body


@task()
def send_registration_email(registration_pk: int, kind: str, session_pk: int | None = None) -> None:
    registration = (
        Registration.objects.select_related("program", "program__room").filter(pk=registration_pk).first()
    )
    if registration is None or kind not in SUBJECTS:
        return
    session = Session.objects.filter(pk=session_pk).first() if session_pk else None
    subject, body = registration_email(registration, kind, session)
    send_mail(subject, body, None, [registration.email])


@task()
def expire_program_offers() -> int:
    from dure.programs.services import offers_expire

    return offers_expire()


@task()
def send_program_reminders(hours: int = 24) -> int:
    from dure.programs.services import reminders_send

    return reminders_send(hours=hours)
