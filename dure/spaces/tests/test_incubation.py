"""Incubation calls, applications, tenancy contracts, occupancy and expiry reminders."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from dure.accounts.models import EnterpriseMembership
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.core.models import AuditLog
from dure.spaces import selectors, services
from dure.spaces.models import ApplicationStatus, RoomKind, Tenancy, TenancyReminder
from dure.spaces.tasks import send_incubation_reminders
from dure.spaces.tests.factories import make_room

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(make_user: Any, make_enterprise: Any, staff_user: Any) -> dict[str, Any]:
    owner = make_user("enterprise", email="owner@coop.kr")
    enterprise = make_enterprise()
    EnterpriseMembership.objects.create(user=owner, enterprise=enterprise, role="owner")
    rooms = [make_room(f"인큐베이팅실 {i}", kind=RoomKind.INCUBATION, is_bookable=False) for i in (1, 2)]
    today = timezone.localdate()
    call = services.incubation_call_create(
        actor=staff_user,
        title="입주기업 모집",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        rooms=rooms,
        monthly_fee=150_000,
        deposit=500_000,
    )
    return {
        "owner": owner,
        "enterprise": enterprise,
        "rooms": rooms,
        "call": call,
        "staff": staff_user,
        "today": today,
    }


def test_apply_accept_and_contract(setting: dict[str, Any]) -> None:
    s = setting
    application = services.incubation_application_submit(
        actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="로컬푸드 연구", team_size=3
    )
    with pytest.raises(Conflict):
        services.incubation_application_submit(
            actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="x"
        )
    with pytest.raises(PermissionDeniedError):
        services.incubation_application_decide(actor=s["owner"], application=application, accept=True)
    services.incubation_application_decide(actor=s["staff"], application=application, accept=True)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.ACCEPTED
    tenancy = services.tenancy_create(
        actor=s["staff"],
        room=s["rooms"][0],
        enterprise=s["enterprise"],
        application=application,
        start_date=s["today"],
        end_date=s["today"] + dt.timedelta(days=364),
        monthly_fee=150_000,
        deposit=500_000,
    )
    assert (tenancy.monthly_fee, tenancy.deposit) == (150_000, 500_000)
    assert AuditLog.objects.filter(action="spaces.tenancy.created", target_pk=str(tenancy.pk)).count() == 1
    rows, rate = selectors.occupancy(s["today"])
    assert [(r.room.name, r.tenancy == tenancy, r.days_left) for r in rows] == [
        ("인큐베이팅실 1", True, 364),
        ("인큐베이팅실 2", False, None),
    ]
    assert rate == 50


def test_refusals(setting: dict[str, Any], make_user: Any) -> None:
    s = setting
    stranger = make_user("enterprise")
    with pytest.raises(PermissionDeniedError):
        services.incubation_application_submit(
            actor=stranger, call=s["call"], enterprise=s["enterprise"], plan="x"
        )
    s["call"].closes_on = s["today"] - dt.timedelta(days=1)
    s["call"].opens_on = s["today"] - dt.timedelta(days=5)
    s["call"].save()
    with pytest.raises(DomainError) as caught:
        services.incubation_application_submit(
            actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="x"
        )
    assert caught.value.code == "closed"
    services.tenancy_create(
        actor=s["staff"],
        room=s["rooms"][0],
        enterprise=s["enterprise"],
        start_date=s["today"],
        end_date=s["today"] + dt.timedelta(days=100),
        monthly_fee=100_000,
    )
    with pytest.raises(Conflict):
        services.tenancy_create(
            actor=s["staff"],
            room=s["rooms"][0],
            enterprise=s["enterprise"],
            start_date=s["today"] + dt.timedelta(days=100),
            end_date=s["today"] + dt.timedelta(days=200),
            monthly_fee=100_000,
        )
    with pytest.raises(DomainError):
        services.tenancy_create(
            actor=s["staff"],
            room=make_room("회의실"),
            enterprise=s["enterprise"],
            start_date=s["today"],
            end_date=s["today"],
            monthly_fee=0,
        )
    with pytest.raises(DomainError):
        services.tenancy_create(
            actor=s["staff"],
            room=s["rooms"][1],
            enterprise=s["enterprise"],
            start_date=s["today"],
            end_date=s["today"],
            monthly_fee=-1,
        )
    assert Tenancy.objects.count() == 1


def _tenancy(s: dict[str, Any], room: int, ends_in: int) -> Tenancy:
    return services.tenancy_create(
        actor=s["staff"],
        room=s["rooms"][room],
        enterprise=s["enterprise"],
        start_date=s["today"] - dt.timedelta(days=300),
        end_date=s["today"] + dt.timedelta(days=ends_in),
        monthly_fee=150_000,
    )


def test_reminders_are_sent_once_per_contract_and_threshold(setting: dict[str, Any]) -> None:
    s = setting
    ending = _tenancy(s, 0, 20)
    _tenancy(s, 1, 45)
    mail.outbox.clear()
    sent = services.tenancy_reminders_send(days=30, today=s["today"])
    assert [r.tenancy for r in sent] == [ending]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@coop.kr"]
    assert "인큐베이팅실 1" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("[광주사회적경제지원센터] ")  # the center's own name
    assert services.tenancy_reminders_send(days=30, today=s["today"]) == []
    assert len(mail.outbox) == 1
    # A closer threshold is a new reminder for the same contract.
    assert len(services.tenancy_reminders_send(days=21, today=s["today"])) == 1
    assert TenancyReminder.objects.filter(tenancy=ending).count() == 2
    # Terminated contracts are not reminded.
    services.tenancy_terminate(actor=s["staff"], tenancy=ending, on=s["today"])
    assert services.tenancy_reminders_send(days=60, today=s["today"])[0].tenancy.room == s["rooms"][1]


def test_task_and_command(setting: dict[str, Any]) -> None:
    s = setting
    _tenancy(s, 0, 10)
    mail.outbox.clear()
    result = send_incubation_reminders.enqueue(days=30)
    assert result.return_value == 1
    out = StringIO()
    call_command("send_incubation_reminders", "--days", "30", "--days", "14", stdout=out)
    assert out.getvalue().splitlines() == ["30일 전: 알림 0건 보냄", "14일 전: 알림 1건 보냄"]
    assert len(mail.outbox) == 2


def test_staff_publish_a_call_from_the_staff_page(staff_user: Any, make_user: Any, client_for: Any) -> None:
    from dure.spaces.models import IncubationCall

    room = make_room("인큐베이팅실 3", kind=RoomKind.INCUBATION, is_bookable=False)
    make_room("세미나실", kind=RoomKind.MEETING)
    staff = client_for(staff_user)
    page = staff.get("/spaces/staff/incubation/calls/").content.decode()
    assert "인큐베이팅실 3" in page and "세미나실" not in page
    today = timezone.localdate()
    values = {
        "title": "2027년 입주기업 모집",
        "opens_on": today.isoformat(),
        "closes_on": (today - dt.timedelta(days=1)).isoformat(),
        "rooms": [room.pk],
        "term_months": "12",
        "monthly_fee": "150000",
        "deposit": "0",
    }
    refused = staff.post("/spaces/staff/incubation/calls/", values)
    assert refused.status_code == 200 and not IncubationCall.objects.exists()
    values["closes_on"] = (today + dt.timedelta(days=14)).isoformat()
    done = staff.post("/spaces/staff/incubation/calls/", values)
    call = IncubationCall.objects.get()
    assert done.status_code == 302 and list(call.rooms.all()) == [room] and call.monthly_fee == 150_000
    assert AuditLog.objects.filter(action="spaces.incubation_call.created", target_pk=str(call.pk)).exists()
    assert "2027년 입주기업 모집" in client_for(None).get("/spaces/incubation/").content.decode()
    assert client_for(make_user("enterprise")).get("/spaces/staff/incubation/calls/").status_code == 403


def test_an_application_racing_its_twin_is_a_conflict_and_a_huge_plan_is_refused(
    setting: dict[str, Any], monkeypatch: Any
) -> None:
    from django.db.models import QuerySet

    from dure.core.errors import DomainError
    from dure.spaces.models import IncubationApplication

    s = setting
    with pytest.raises(DomainError) as too_long:
        services.incubation_application_submit(
            actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="가" * 100_000
        )
    assert too_long.value.field == "plan"
    services.incubation_application_submit(
        actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="계획"
    )
    # The twin passes the "already applied" check (as when both run at once); the constraint keeps one.
    exists = QuerySet.exists
    monkeypatch.setattr(
        QuerySet, "exists", lambda self: False if self.model is IncubationApplication else exists(self)
    )
    with pytest.raises(Conflict):
        services.incubation_application_submit(
            actor=s["owner"], call=s["call"], enterprise=s["enterprise"], plan="계획"
        )
    monkeypatch.undo()
    assert IncubationApplication.objects.count() == 1
