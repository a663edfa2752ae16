"""Pages and API: calendar, registration form, participants (masked, logged), reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dure.core.models import AuditLog
from dure.programs.models import Registration
from dure.programs.tests.factories import make_program, register

pytestmark = pytest.mark.django_db


def test_calendar_shows_published_sessions_only(client) -> None:
    start = timezone.localtime() + dt.timedelta(days=2)
    make_program(title="공개 포럼", start=start)
    make_program(title="초안 포럼", status="draft", start=start)
    month = f"{start:%Y-%m}"
    for view in ("month", "list"):
        page = client.get(reverse("programs:calendar"), {"month": month, "view": view}).content.decode()
        assert "공개 포럼" in page
        assert "초안 포럼" not in page
    assert client.get(reverse("programs:calendar"), {"month": "garbage"}).status_code == 200


def test_draft_detail_hidden_from_public(client, staff_user, client_for) -> None:
    draft = make_program(status="draft")
    assert client.get(reverse("programs:detail", args=[draft.pk])).status_code == 404
    assert client_for(staff_user).get(reverse("programs:detail", args=[draft.pk])).status_code == 200


def test_school_registers_a_class_through_the_form(client) -> None:
    program = make_program(kind="career_class", capacity=100, allow_groups=True, max_group_seats=45)
    data = {
        "name": "담임교사",
        "email": "teacher@school.kr",
        "group_name": "광주서석중학교",
        "head_count": "30",
        "companions": "2",
        "consent": "on",
    }
    response = client.post(reverse("programs:register", args=[program.pk]), data)
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.group_name, registration.seats, registration.status) == (
        "광주서석중학교",
        32,
        "confirmed",
    )
    page = client.get(response["Location"]).content.decode()
    assert registration.code in page
    # Double submit: still one registration
    client.post(reverse("programs:register", args=[program.pk]), data)
    assert Registration.objects.count() == 1


def test_form_errors_render_without_changes(client) -> None:
    program = make_program(capacity=1)
    register(program, "a@example.org")
    response = client.post(
        reverse("programs:register", args=[program.pk]),
        {"name": "나", "email": "b@example.org", "consent": "on"},
    )
    assert response.status_code == 400
    assert Registration.objects.count() == 1
    no_consent = client.post(
        reverse("programs:register", args=[program.pk]),
        {"name": "나", "email": "c@example.org", "join_waiting_list": "on"},
    )
    assert no_consent.status_code == 400
    assert Registration.objects.count() == 1


def test_citizen_joins_waiting_list_and_gets_the_seat(client_for, citizen_user, staff_user) -> None:
    program = make_program(capacity=1)
    holder = register(program, "a@example.org")
    citizen = client_for(citizen_user)
    response = citizen.post(
        reverse("programs:register", args=[program.pk]),
        {"name": "시민", "consent": "on", "join_waiting_list": "on"},
    )
    assert response.status_code == 302
    mine = Registration.objects.get(email=citizen_user.email)
    assert mine.status == "waiting"
    staff = client_for(staff_user)
    staff.post(reverse("programs:registration_staff_cancel", args=[program.pk, holder.pk]))
    mine.refresh_from_db()
    assert mine.status == "offered"
    citizen.post(reverse("programs:registration_accept", args=[mine.token]))
    mine.refresh_from_db()
    assert mine.status == "confirmed"


def test_participants_are_masked_and_access_is_logged(client_for, staff_user) -> None:
    program = make_program()
    register(program, "hong@example.org", name="홍길동", phone="010-1234-5678")
    page = client_for(staff_user).get(reverse("programs:participants", args=[program.pk])).content.decode()
    assert "홍*동" in page and "010-****-5678" in page and "ho**@example.org" in page
    assert "홍길동" not in page and "1234" not in page
    entry = AuditLog.objects.get(action="programs.participants.viewed")
    assert (entry.personal_data, entry.actor, entry.target_pk) == (True, staff_user, str(program.pk))


def test_staff_creates_program_adds_session_and_publishes(client_for, staff_user) -> None:
    client = client_for(staff_user)
    response = client.post(
        reverse("programs:program_create"),
        {
            "title": "새 세미나",
            "kind": "seminar",
            "team": "education",
            "place": "센터",
            "capacity": "30",
            "audience": "everyone",
            "fee_won": "0",
            "max_group_seats": "40",
            "offer_hours": "48",
            "completion_percent": "80",
        },
    )
    assert response.status_code == 302
    from dure.programs.models import Program

    program = Program.objects.get(title="새 세미나")
    assert program.status == "draft"
    start = timezone.localtime() + dt.timedelta(days=5)
    client.post(
        reverse("programs:session_add", args=[program.pk]),
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start + dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        },
    )
    client.post(
        reverse("programs:session_add", args=[program.pk]),
        {
            "starts_at": f"{start:%Y-%m-%dT%H:%M}",
            "ends_at": f"{start - dt.timedelta(hours=2):%Y-%m-%dT%H:%M}",
        },
    )
    assert program.sessions.count() == 1
    client.post(reverse("programs:program_transition", args=[program.pk]), {"to": "published"})
    program.refresh_from_db()
    assert program.status == "published"


def test_reports_count_seats_by_kind_month_age_and_district(client_for, staff_user) -> None:
    start = timezone.localtime() + dt.timedelta(days=1)
    program = make_program(kind="career_class", capacity=100, allow_groups=True, start=start)
    register(
        program,
        "t@school.kr",
        group_name="학교",
        head_count=30,
        companions=2,
        age_group="teen",
        district_code="29110",
    )
    register(program, "p@example.org", age_group="40s", district_code="29170")
    from dure.programs.selectors import participation_report

    report = participation_report(year=start.year)
    assert (report["registrations"], report["seats"]) == (2, 33)
    from dure.programs.models import ProgramKind

    by_kind = {str(label): n for label, n in report["by_kind"]}
    assert by_kind[str(ProgramKind.CAREER_CLASS.label)] == 33
    assert sum(by_kind.values()) == 33
    assert dict(report["by_month"])[start.month] == 33
    assert [n for _label, n in report["by_age"] if n] == [32, 1]
    assert [n for _label, n in report["by_district"] if n] == [32, 1]
    assert client_for(staff_user).get(reverse("programs:reports")).status_code == 200


def test_api_lists_programs_with_seats_and_registers(client, api_client_for, citizen_user) -> None:
    program = make_program(capacity=3)
    make_program(title="초안", status="draft")
    register(program, "a@example.org")
    items = client.get("/api/v1/programs").json()
    assert [(i["pk"], i["seats_left"], i["capacity"]) for i in items] == [(program.pk, 2, 3)]
    # Times are answered in the center's time zone, as the API reads them (not UTC's Z).
    starts = items[0]["sessions"][0]["starts_at"]
    assert starts.endswith("+09:00"), starts
    refused = client.post(
        f"/api/v1/programs/{program.pk}/registrations",
        {"name": "손님", "email": "g@example.org"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert refused.json()["field"] == "consent"
    guest = client.post(
        f"/api/v1/programs/{program.pk}/registrations",
        {"name": "손님", "email": "g@example.org", "consent": True},
        content_type="application/json",
    )
    assert guest.status_code == 201 and guest.json()["status"] == "confirmed"
    api = api_client_for(citizen_user)
    mine = api.post(
        f"/api/v1/programs/{program.pk}/registrations", {"consent": True}, content_type="application/json"
    )
    assert mine.status_code == 201
    again = api.post(
        f"/api/v1/programs/{program.pk}/registrations", {"consent": True}, content_type="application/json"
    )
    assert again.status_code == 200 and again.json()["pk"] == mine.json()["pk"]
    full = client.post(
        f"/api/v1/programs/{program.pk}/registrations",
        {"name": "늦은", "email": "late@example.org", "consent": True},
        content_type="application/json",
    )
    assert full.status_code == 409
    assert full.json()["seats_left"] == 0


def test_calendar_query_count(client, django_assert_max_num_queries) -> None:
    for index in range(5):
        make_program(title=f"포럼 {index}")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("programs:calendar")).status_code == 200


def test_seat_counts_are_not_multiplied_by_sessions(client, staff_user, client_for) -> None:
    program = make_program(title="세 회차 과정", capacity=10, sessions=3)
    register(program, "a@example.org")
    register(program, "b@example.org")
    from dure.programs.selectors import staff_programs

    row = staff_programs().get(pk=program.pk)
    assert (row.held, row.waiting) == (2, 0)
    page = client.get(reverse("programs:calendar")).content.decode()
    assert "세 회차 과정" in page
    assert "10석 중 2석 신청" in page or "2 of 10 seats taken" in page


def test_someone_typing_another_persons_email_is_not_shown_their_registration(
    client, client_for, django_capture_on_commit_callbacks
) -> None:
    from django.core import mail
    from django.core.cache import cache

    from dure.accounts.models import User

    cache.clear()
    program = make_program(capacity=5)
    with django_capture_on_commit_callbacks(execute=True):
        victim = register(program, "victim@example.org", name="피해자")
    mail.outbox.clear()
    # A stranger's browser submits the form with the victim's address: no link, no name.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programs:register", args=[program.pk]),
            {"name": "남", "email": "victim@example.org", "consent": "on"},
        )
    assert response.status_code == 302
    assert victim.token not in response["Location"]
    page = client.get(response["Location"]).content.decode()
    assert victim.token not in page and "피해자" not in page and victim.code not in page
    # The link went to the registered address instead, once.
    assert [m.to for m in mail.outbox] == [["victim@example.org"]]
    assert victim.token in mail.outbox[0].body
    assert AuditLog.objects.filter(action="programs.registration.link_sent").count() == 1
    # The API answers the same way: no manage_url, and no second mail within the window.
    with django_capture_on_commit_callbacks(execute=True):
        api = client.post(
            f"/api/v1/programs/{program.pk}/registrations",
            {"email": "victim@example.org", "consent": False},
            content_type="application/json",
        )
    assert api.status_code == 200
    assert api.json()["manage_url"] is None and victim.token not in api.content.decode()
    assert len(mail.outbox) == 1
    # An account signed up with the victim's (unverified) address does not see it either.
    impostor = User.objects.create_user(email="victim@example.org", password="x-long-password-1", name="남")
    as_impostor = client_for(impostor)
    mine = as_impostor.get(reverse("programs:my_registrations"))
    assert mine.status_code == 200 and victim.token not in mine.content.decode()
    assert victim.token not in as_impostor.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert Registration.objects.count() == 1


def test_a_double_click_in_the_same_browser_lands_on_its_own_registration(client) -> None:
    program = make_program(capacity=5)
    data = {"name": "나", "email": "me@example.org", "consent": "on"}
    first = client.post(reverse("programs:register", args=[program.pk]), data)
    second = client.post(reverse("programs:register", args=[program.pk]), data)
    assert first["Location"] == second["Location"]
    assert Registration.objects.get().token in second["Location"]


def test_month_heading_is_written_in_the_page_language(client) -> None:
    start = timezone.localtime() + dt.timedelta(days=2)
    make_program(start=start)
    month = f"{start:%Y-%m}"
    korean = client.get(reverse("programs:calendar"), {"month": month}).content.decode()
    assert f"{start.year}년 {start.month}월" in korean
    client.cookies["django_language"] = "en"
    english = client.get(reverse("programs:calendar"), {"month": month}).content.decode()
    assert f"{start:%B} {start.year}" in english


def test_a_name_with_nothing_visible_is_refused(client) -> None:
    program = make_program(capacity=5)
    response = client.post(
        f"/api/v1/programs/{program.pk}/registrations",
        {"name": "\u200b\u202e", "email": "x@example.org", "consent": True},
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "name"
    assert not Registration.objects.exists()


def test_a_form_sent_back_opens_with_a_summary_linked_to_each_field(client) -> None:
    program = make_program(capacity=5)
    response = client.post(
        reverse("programs:register", args=[program.pk]), {"name": "나", "email": "me@example.org"}
    )
    page = response.content.decode()
    summary = page.split("data-error-summary", 1)[1].split("</div>", 1)[0]
    assert "아래 1곳을 고쳐 주세요." in summary and 'href="#id_consent"' in summary
