"""Registrants' contacts are destroyed once their retention has ended and the program is over."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from dure.programs.models import Program, Registration, Session
from dure.programs.services import registration_create
from dure.programs.tests.factories import make_program

pytestmark = pytest.mark.django_db


def register(program: Program, email: str) -> Registration:
    registration, _ = registration_create(
        program=program, actor=None, name="김담임", email=email, phone="010-2222-3333", consent=True
    )
    return registration


def test_a_finished_program_forgets_its_registrants_and_keeps_the_counts() -> None:
    program = make_program(capacity=5)
    first, second = register(program, "a@school.kr"), register(program, "b@school.kr")
    assert first.consent is not None and first.consent.retention_until is not None
    after = first.consent.retention_until + dt.timedelta(days=1)
    # The program is still to come: nothing is destroyed, whatever the date.
    call_command("destroy_expired_personal_data", "--today", after.isoformat(), stdout=io.StringIO())
    assert Registration.objects.filter(email="a@school.kr").exists()

    Session.objects.filter(program=program).update(
        starts_at=timezone.now() - dt.timedelta(days=3),
        ends_at=timezone.now() - dt.timedelta(days=3, hours=-2),
    )
    call_command("destroy_expired_personal_data", "--today", after.isoformat(), stdout=io.StringIO())
    for registration in (first, second):
        registration.refresh_from_db()
        assert (registration.name, registration.email, registration.phone) == ("", "", "")
        assert registration.personal_data_destroyed_on == after
        assert (registration.status, registration.seats) == ("confirmed", 1)
    # Two confirmed registrations without an email do not clash with the one-per-email rule,
    # and the same person can register for the program again under it.
    assert Registration.objects.filter(program=program, email="").count() == 2
