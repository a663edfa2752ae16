"""Capacity, groups, the waiting list with offers and expiry, cancellation, emails and reminders."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dure.accounts.models import Consent
from dure.core.errors import Conflict, DomainError
from dure.core.models import AuditLog
from dure.programs import services
from dure.programs.models import Registration, RegistrationStatus, ReminderSent
from dure.programs.tests.factories import make_program, register

pytestmark = pytest.mark.django_db


def test_individual_registration_confirms_records_consent_and_emails(
    django_capture_on_commit_callbacks,
) -> None:
    program = make_program(capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(
            program, "Kim@Example.org", name="김철수", district_code="29170", age_group="30s"
        )
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.email == "kim@example.org"
    assert registration.seats == 1
    assert len(registration.code) == 8
    consent = Consent.objects.get()
    assert (consent.purpose, consent.granted, consent.subject_email) == ("program", True, "kim@example.org")
    assert registration.consent_id == consent.pk
    assert [m.to for m in mail.outbox] == [["kim@example.org"]]
    assert registration.code in mail.outbox[0].body
    assert registration.token in mail.outbox[0].body
    assert services.seats_left(program) == 1


def test_emails_are_plain_text_not_html_escaped(django_capture_on_commit_callbacks: Any) -> None:
    program = make_program(capacity=5, title='청년 & 마을 "함께" 포럼')
    with django_capture_on_commit_callbacks(execute=True):
        register(program, "lee@example.org", name="O'Brien 이")
    message = mail.outbox[0]
    assert '청년 & 마을 "함께" 포럼' in message.subject
    assert '청년 & 마을 "함께" 포럼' in message.body and "O'Brien 이" in message.body
    assert "&amp;" not in message.body and "&quot;" not in message.body and "&#x27;" not in message.body


def test_double_submit_returns_the_same_registration() -> None:
    program = make_program(capacity=5)
    first, created_first = services.registration_create(
        program=program, actor=None, name="가", email="a@example.org", consent=True
    )
    second, created_second = services.registration_create(
        program=program, actor=None, name="가", email="A@example.org ", consent=True
    )
    assert (created_first, created_second) == (True, False)
    assert first.pk == second.pk
    assert Registration.objects.count() == 1
    assert Consent.objects.count() == 1


def test_registration_beyond_capacity_is_refused_and_nothing_changes() -> None:
    program = make_program(capacity=1)
    register(program, "a@example.org")
    before = (
        Registration.objects.count(),
        Consent.objects.count(),
        AuditLog.objects.count(),
        len(mail.outbox),
    )
    with pytest.raises(Conflict) as error:
        register(program, "b@example.org")
    assert error.value.extra == {"seats_left": 0}
    after = (
        Registration.objects.count(),
        Consent.objects.count(),
        AuditLog.objects.count(),
        len(mail.outbox),
    )
    assert after == before


def test_consent_is_required() -> None:
    program = make_program(capacity=3)
    with pytest.raises(DomainError) as error:
        register(program, "a@example.org", consent=False)
    assert error.value.field == "consent"
    assert Registration.objects.count() == 0
    assert Consent.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": " "}, "name"),
        ({"head_count": 0}, "head_count"),
        ({"head_count": 3}, "head_count"),  # individuals only
        ({"age_group": "90s"}, "age_group"),
        ({"district_code": "11110"}, "district_code"),
    ],
)
def test_bad_registration_input_is_refused(values: dict, field: str) -> None:
    program = make_program(capacity=30)
    with pytest.raises(DomainError) as error:
        register(program, "a@example.org", **values)
    assert error.value.field == field
    assert Registration.objects.count() == 0


def test_draft_and_past_programs_refuse_registration() -> None:
    draft = make_program(status="draft")
    past = make_program(start=timezone.now() - dt.timedelta(days=2))
    for program in (draft, past):
        with pytest.raises(Conflict):
            register(program, "a@example.org")
    assert Registration.objects.count() == 0


def test_school_group_books_students_and_teachers() -> None:
    program = make_program(kind="career_class", capacity=100, allow_groups=True, max_group_seats=45)
    registration = register(
        program,
        "teacher@school.kr",
        name="담임교사",
        group_name="광주서석중학교",
        head_count=30,
        companions=2,
    )
    assert (registration.status, registration.head_count, registration.companions, registration.seats) == (
        "confirmed",
        30,
        2,
        32,
    )
    assert services.seats_left(program) == 68
    with pytest.raises(DomainError) as error:
        register(program, "other@school.kr", group_name="", head_count=30, companions=2)
    assert error.value.field == "group_name"
    with pytest.raises(DomainError):
        register(program, "big@school.kr", group_name="큰학교", head_count=44, companions=2)
    assert services.seats_left(program) == 68


def test_waiting_list_offer_accept(django_capture_on_commit_callbacks) -> None:
    program = make_program(capacity=2, offer_hours=48)
    holder = register(program, "a@example.org")
    register(program, "b@example.org")
    waiting = register(program, "c@example.org", join_waiting_list=True)
    assert waiting.status == RegistrationStatus.WAITING
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=holder, actor=None)
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.OFFERED
    assert abs((waiting.offer_expires_at - timezone.now()) - dt.timedelta(hours=48)) < dt.timedelta(minutes=1)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "c@example.org"]
    # The offered seat is held: a newcomer cannot take it.
    with pytest.raises(Conflict):
        register(program, "d@example.org")
    services.offer_accept(registration=waiting, actor=None)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.offer_expires_at) == ("confirmed", None)
    assert services.seats_left(program) == 0


def test_freed_seat_goes_to_the_next_that_fits() -> None:
    program = make_program(capacity=3, allow_groups=True)
    first = register(program, "a@example.org")
    register(program, "b@example.org", group_name="모임", head_count=2)
    group = register(program, "g@example.org", group_name="대기모임", head_count=3, join_waiting_list=True)
    person = register(program, "p@example.org", join_waiting_list=True)
    services.registration_cancel(registration=first, actor=None)
    group.refresh_from_db()
    person.refresh_from_db()
    assert (group.status, person.status) == ("waiting", "offered")


def test_expired_offer_passes_on_and_cannot_be_accepted() -> None:
    program = make_program(capacity=1, offer_hours=48)
    holder = register(program, "a@example.org")
    first = register(program, "b@example.org", join_waiting_list=True)
    second = register(program, "c@example.org", join_waiting_list=True)
    services.registration_cancel(registration=holder, actor=None)
    first.refresh_from_db()
    assert first.status == "offered"
    assert services.offers_expire(now=timezone.now() + dt.timedelta(hours=47)) == 0
    later = timezone.now() + dt.timedelta(hours=49)
    assert services.offers_expire(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("expired", "offered")
    with pytest.raises(Conflict):
        services.offer_accept(registration=first, actor=None)
    first.refresh_from_db()
    assert first.status == "expired"


def test_offer_past_deadline_cannot_be_accepted_before_the_sweep() -> None:
    program = make_program(capacity=1)
    holder = register(program, "a@example.org")
    waiting = register(program, "b@example.org", join_waiting_list=True)
    services.registration_cancel(registration=holder, actor=None)
    Registration.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    with pytest.raises(Conflict):
        services.offer_accept(registration=waiting, actor=None)
    waiting.refresh_from_db()
    assert waiting.status == "offered"


def test_expire_command_and_task() -> None:
    program = make_program(capacity=1)
    holder = register(program, "a@example.org")
    waiting = register(program, "b@example.org", join_waiting_list=True)
    nxt = register(program, "c@example.org", join_waiting_list=True)
    services.registration_cancel(registration=holder, actor=None)
    Registration.objects.filter(pk=waiting.pk).update(
        offer_expires_at=timezone.now() - dt.timedelta(minutes=1)
    )
    out = StringIO()
    call_command("expire_program_offers", stdout=out)
    assert out.getvalue().strip() == "기한이 지난 자리 제안: 1"
    nxt.refresh_from_db()
    assert nxt.status == "offered"
    from dure.programs.tasks import expire_program_offers

    Registration.objects.filter(pk=nxt.pk).update(offer_expires_at=timezone.now() - dt.timedelta(minutes=1))
    result = expire_program_offers.enqueue()
    assert result.return_value == 1


def test_cancel_twice_is_refused() -> None:
    program = make_program(capacity=1)
    registration = register(program, "a@example.org")
    services.registration_cancel(registration=registration, actor=None)
    with pytest.raises(Conflict):
        services.registration_cancel(registration=registration, actor=None)
    # After cancelling, the same person may register again.
    again = register(program, "a@example.org")
    assert again.pk != registration.pk and again.status == "confirmed"


def test_capacity_increase_offers_seats() -> None:
    program = make_program(capacity=1)
    register(program, "a@example.org")
    waiting = register(program, "b@example.org", join_waiting_list=True)
    values = {name: getattr(program, name) for name in services.PROGRAM_FIELDS}
    values["capacity"] = 2
    services.program_update(actor=None, program=program, values=values)
    waiting.refresh_from_db()
    assert waiting.status == "offered"
    values["capacity"] = 1
    with pytest.raises(DomainError):
        services.program_update(actor=None, program=program, values=values)


def test_reminders_are_sent_once_per_session(django_capture_on_commit_callbacks) -> None:
    program = make_program(capacity=5, start=timezone.now() + dt.timedelta(hours=20))
    register(program, "a@example.org")
    register(program, "b@example.org", join_waiting_list=False)
    mail.outbox.clear()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_program_reminders", stdout=out)
    assert out.getvalue().strip() == "보낸 알림: 2"
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_program_reminders", stdout=StringIO())
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2


def test_program_status_transitions() -> None:
    program = make_program(status="draft")
    with pytest.raises(Conflict):
        services.program_transition(actor=None, program=program, to="closed")
    services.program_transition(actor=None, program=program, to="published")
    services.program_transition(actor=None, program=program, to="closed")
    program.refresh_from_db()
    assert program.status == "closed"
    empty = make_program(status="draft", sessions=0)
    with pytest.raises(DomainError):
        services.program_transition(actor=None, program=empty, to="published")
