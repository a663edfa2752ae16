"""QR and manual check-in, completion, certificates and their public verification."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from dure.core.errors import Conflict, DomainError
from dure.programs import services
from dure.programs.models import Attendance, Certificate
from dure.programs.tests.factories import make_program, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    return make_program(
        kind="academy",
        capacity=10,
        sessions=5,
        issues_certificates=True,
        completion_percent=80,
        start=timezone.now() - dt.timedelta(days=20),
    )


def test_qr_check_in_accepts_code_or_scanned_url(course, staff_user) -> None:
    registration = register(course, "a@example.org")
    first, second = list(course.sessions.all())[:2]
    attendance = services.attendance_check_in(actor=staff_user, session=first, code=registration.code.lower())
    assert (attendance.method, attendance.checked_in_by) == ("qr", staff_user)
    url = f"http://testserver/programs/check-in/{registration.code}/"
    services.attendance_check_in(actor=staff_user, session=second, code=url)
    assert Attendance.objects.filter(registration=registration).count() == 2


def test_wrong_and_reused_codes_are_refused(course, staff_user) -> None:
    registration = register(course, "a@example.org")
    other = make_program(title="다른 과정")
    outsider = register(other, "b@example.org")
    session = course.sessions.first()
    for code in ("", "WRONG123", outsider.code):
        with pytest.raises(DomainError) as error:
            services.attendance_check_in(actor=staff_user, session=session, code=code)
        assert error.value.field == "code"
    services.attendance_check_in(actor=staff_user, session=session, code=registration.code)
    with translation.override("en"), pytest.raises(Conflict) as error:
        services.attendance_check_in(actor=staff_user, session=session, code=registration.code)
    assert error.value.message.startswith("Already checked in for this session at ")
    with translation.override("ko"), pytest.raises(Conflict) as error:
        services.attendance_check_in(actor=staff_user, session=session, code=registration.code)
    assert error.value.message.startswith("이 회차에는 이미 ")
    with pytest.raises(Conflict):
        services.attendance_check_in_manual(actor=staff_user, session=session, registration=registration)
    assert Attendance.objects.count() == 1


def test_waiting_registration_cannot_check_in(staff_user) -> None:
    program = make_program(capacity=1)
    register(program, "a@example.org")
    waiting = register(program, "b@example.org", join_waiting_list=True)
    session = program.sessions.first()
    assert session is not None
    with pytest.raises(Conflict):
        services.attendance_check_in(actor=staff_user, session=session, code=waiting.code)
    assert Attendance.objects.count() == 0


def test_completion_rule_and_certificate(course, staff_user) -> None:
    done = register(course, "done@example.org", name="김수료")
    short = register(course, "short@example.org")
    sessions = list(course.sessions.all())
    for session in sessions[:4]:
        services.attendance_check_in_manual(actor=staff_user, session=session, registration=done)
    for session in sessions[:3]:
        services.attendance_check_in_manual(actor=staff_user, session=session, registration=short)
    assert services.completion_of(done) == (4, 5, True)
    assert services.completion_of(short) == (3, 5, False)
    with pytest.raises(Conflict):
        services.certificate_issue(actor=staff_user, registration=short)
    assert services.certificates_issue_for_program(actor=staff_user, program=course) == 1
    assert services.certificates_issue_for_program(actor=staff_user, program=course) == 0
    certificate = Certificate.objects.get()
    assert (certificate.registration, certificate.holder_name, certificate.sessions_attended) == (
        done,
        "김수료",
        4,
    )


def test_certificate_pdf_and_public_verification(course, staff_user, client) -> None:
    registration = register(course, "done@example.org", name="김수료")
    for session in course.sessions.all():
        services.attendance_check_in_manual(actor=staff_user, session=session, registration=registration)
    certificate = services.certificate_issue(actor=staff_user, registration=registration)
    response = client.get(reverse("programs:registration_certificate", args=[registration.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert certificate.code.encode() in response.content
    page = client.get(reverse("programs:verify"), {"code": certificate.code.lower()})
    assert page.status_code == 200
    text = page.content.decode()
    assert course.title in text and "김*료" in text and "김수료" not in text
    missing = client.get(reverse("programs:verify"), {"code": "XXXX-XXXX-XXXX"})
    assert course.title not in missing.content.decode()


def test_program_without_certificates_refuses(staff_user) -> None:
    program = make_program()
    registration = register(program, "a@example.org")
    session = program.sessions.first()
    assert session is not None
    services.attendance_check_in_manual(actor=staff_user, session=session, registration=registration)
    with pytest.raises(DomainError):
        services.certificate_issue(actor=staff_user, registration=registration)
    assert Certificate.objects.count() == 0


def test_check_in_screen_by_qr_url_and_manual(course, staff_user, client_for) -> None:
    registration = register(course, "a@example.org", name="홍길동")
    client = client_for(staff_user)
    session = course.sessions.first()
    page = client.get(reverse("programs:checkin_code", args=[registration.code]))
    assert page.status_code == 200
    assert "홍*동" in page.content.decode()
    response = client.post(
        reverse("programs:checkin_code", args=[registration.code]), {"session": session.pk}
    )
    assert response.status_code == 302
    again = client.post(reverse("programs:checkin", args=[session.pk]), {"code": registration.code})
    assert again.status_code == 400
    assert "Already checked in" in again.content.decode() or "이미" in again.content.decode()
    wrong = client.post(reverse("programs:checkin", args=[session.pk]), {"code": "NOPE"})
    assert wrong.status_code == 400
    second = list(course.sessions.all())[1]
    manual = client.post(reverse("programs:checkin_manual", args=[second.pk, registration.pk]))
    assert manual.status_code == 302
    assert Attendance.objects.filter(registration=registration).count() == 2
    unknown = client.get(reverse("programs:checkin_code", args=["ZZZZZZZZ"]))
    assert unknown.status_code == 404


def test_qr_svg_only_for_confirmed(client) -> None:
    program = make_program(capacity=1)
    confirmed = register(program, "a@example.org")
    waiting = register(program, "b@example.org", join_waiting_list=True)
    response = client.get(reverse("programs:registration_qr", args=[confirmed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.lstrip().startswith(b"<svg")
    assert client.get(reverse("programs:registration_qr", args=[waiting.token])).status_code == 404
    assert client.get(reverse("programs:registration_qr", args=["not-a-token"])).status_code == 404
