"""The center's open space (975㎡): the rooms the article lists, their booking rules, bookings this
and next week (one community-hall request from bakery1's owner waiting for approval), a blocked
period, an incubation call with applications and two current tenancies."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dure.spaces import services
from dure.spaces.models import (
    ApplicationStatus,
    BlockedPeriod,
    BookableHours,
    Booking,
    BookingPolicy,
    BookingStatus,
    IncubationApplication,
    IncubationCall,
    Room,
    RoomKind,
    Tenancy,
)

ROOMS: list[dict[str, Any]] = [
    {
        "name": "커뮤니티홀",
        "kind": RoomKind.HALL,
        "floor": "2층",
        "area_m2": 180,
        "capacity": 80,
        "equipment": "빔프로젝터, 음향, 무선마이크 4, 접이식 의자 80",
        "description": "포럼, 교육, 문화행사를 여는 가장 큰 공간입니다.",
    },
    {
        "name": "중회의실",
        "kind": RoomKind.MEETING,
        "floor": "2층",
        "area_m2": 60,
        "capacity": 20,
        "equipment": "TV 모니터, 화이트보드, 화상회의 장비",
    },
    {
        "name": "소회의실",
        "kind": RoomKind.MEETING,
        "floor": "2층",
        "area_m2": 30,
        "capacity": 8,
        "equipment": "TV 모니터, 화이트보드",
    },
    {
        "name": "홍보전시실",
        "kind": RoomKind.EXHIBITION,
        "floor": "2층",
        "area_m2": 120,
        "capacity": 40,
        "equipment": "전시대, 조명",
        "description": "사회적경제기업 제품과 활동을 알리는 전시 공간입니다.",
    },
    {
        "name": "작은 도서관",
        "kind": RoomKind.LIBRARY,
        "floor": "복층",
        "area_m2": 70,
        "capacity": 15,
        "equipment": "사회적경제 도서 1,200권, 열람석",
    },
    {
        "name": "미니 카페",
        "kind": RoomKind.CAFE,
        "floor": "2층",
        "area_m2": 45,
        "capacity": 20,
        "equipment": "커피머신, 테이블 6",
    },
    {
        "name": "인큐베이팅실 1",
        "kind": RoomKind.INCUBATION,
        "floor": "복층",
        "area_m2": 25,
        "capacity": 4,
        "equipment": "책상 4, 인터넷",
    },
    {
        "name": "인큐베이팅실 2",
        "kind": RoomKind.INCUBATION,
        "floor": "복층",
        "area_m2": 25,
        "capacity": 4,
        "equipment": "책상 4, 인터넷",
    },
    {
        "name": "인큐베이팅실 3",
        "kind": RoomKind.INCUBATION,
        "floor": "복층",
        "area_m2": 25,
        "capacity": 4,
        "equipment": "책상 4, 인터넷",
    },
    {
        "name": "인큐베이팅실 4",
        "kind": RoomKind.INCUBATION,
        "floor": "복층",
        "area_m2": 25,
        "capacity": 4,
        "equipment": "책상 4, 인터넷",
    },
]


D, A, N = BookingPolicy.DIRECT, BookingPolicy.APPROVAL, BookingPolicy.NONE
WEEKDAYS, SATURDAY = range(5), 5
# kind → (staff, enterprise members, citizens), weekday hours, Saturday hours (None: closed).
RULES: dict[str, tuple[tuple[str, str, str], tuple[int, int], tuple[int, int] | None]] = {
    RoomKind.HALL: ((D, A, N), (9, 21), (10, 17)),
    RoomKind.MEETING: ((D, D, N), (9, 21), None),
    RoomKind.EXHIBITION: ((D, A, N), (10, 18), (10, 18)),
    RoomKind.LIBRARY: ((D, D, D), (10, 18), (10, 18)),
    RoomKind.CAFE: ((D, D, D), (10, 20), (10, 17)),
}


def _rules(room: Room) -> None:
    if room.kind == RoomKind.INCUBATION:
        room.is_bookable = False
        room.staff_policy = room.enterprise_policy = room.citizen_policy = N
        room.save()
        return
    (room.staff_policy, room.enterprise_policy, room.citizen_policy), weekday, saturday = RULES[room.kind]
    room.save()
    hours = [
        BookableHours(room=room, weekday=d, opens=dt.time(weekday[0]), closes=dt.time(weekday[1]))
        for d in WEEKDAYS
    ]
    if saturday:
        hours.append(
            BookableHours(
                room=room, weekday=SATURDAY, opens=dt.time(saturday[0]), closes=dt.time(saturday[1])
            )
        )
    BookableHours.objects.bulk_create(hours)


def _at(day: dt.date, hour: int, minutes: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minutes), tzinfo=timezone.get_current_timezone())


PURPOSES = [
    "협동조합 이사회",
    "공동판로 회의",
    "우리밀 케이크 공동 생산 회의",
    "마을기업 컨설팅",
    "돌봄 서비스 사례 공유",
    "신규 조합원 교육",
    "청년 사회적기업가 모임",
]


def _bookings(context: dict[str, Any], rooms: dict[str, Room]) -> None:
    rng, today = context["rng"], context["today"]
    users, registry = context["users"], context["registry"]
    monday = today - dt.timedelta(days=today.weekday())
    bookers = [
        (users["owner"], registry.by_key["bakery1"]),
        (users["member"], registry.by_key["bakery2"]),
        (users["planning"], None),
        (users["education"], None),
    ]
    rows = []
    for offset in range(14):
        day = monday + dt.timedelta(days=offset)
        if day.weekday() >= 5 or services.holiday_name(day):
            continue
        for name in ("중회의실", "소회의실"):
            for hour in sorted(rng.sample([9, 11, 14, 16, 19], 2)):
                booker, enterprise = rng.choice(bookers)
                rows.append(
                    Booking(
                        room=rooms[name],
                        booker=booker,
                        enterprise=enterprise,
                        purpose=rng.choice(PURPOSES),
                        attendees=rng.randint(3, rooms[name].capacity),
                        start=_at(day, hour),
                        end=_at(day, hour + rng.choice([1, 2])),
                        status=BookingStatus.CONFIRMED,
                    )
                )
    # Citizens use the library and the cafe too.
    for offset in (1, 3, 8, 10):
        day = monday + dt.timedelta(days=offset)
        if services.holiday_name(day):
            continue
        rows.append(
            Booking(
                room=rooms["작은 도서관"],
                booker=users["citizen"],
                purpose="독서 모임",
                attendees=6,
                start=_at(day, 14),
                end=_at(day, 16),
                status=BookingStatus.CONFIRMED,
            )
        )
    Booking.objects.bulk_create(rows)
    # Next week: a staff forum in the hall, and bakery1's request waiting for approval.
    next_monday = monday + dt.timedelta(days=7)
    hall = rooms["커뮤니티홀"]
    for day in (next_monday + dt.timedelta(days=1), next_monday + dt.timedelta(days=2)):
        if services.holiday_name(day):
            continue
        Booking.objects.create(
            room=hall,
            booker=users["education"],
            purpose="사회적경제 열린 포럼",
            attendees=60,
            start=_at(day, 14),
            end=_at(day, 17),
            status=BookingStatus.CONFIRMED,
        )
        break
    request_day = next_monday + dt.timedelta(days=3)
    while services.holiday_name(request_day) or request_day.weekday() >= 5:
        request_day += dt.timedelta(days=1)
    Booking.objects.create(
        room=hall,
        booker=users["owner"],
        enterprise=registry.by_key["bakery1"],
        purpose="우리밀 크리스마스 케이크 시식회",
        attendees=50,
        start=_at(request_day, 14),
        end=_at(request_day, 17),
        status=BookingStatus.PENDING,
    )
    # A weekly team meeting booked as a repeating booking through the service (holidays skipped).
    services.booking_series_create(
        actor=users["planning"],
        room=rooms["중회의실"],
        start=_at(next_monday, 9),
        end=_at(next_monday, 10),
        purpose="기획운영팀 주간 회의",
        count=8,
        frequency="weekly",
    )
    BlockedPeriod.objects.create(
        room=rooms["홍보전시실"],
        start=_at(next_monday, 0),
        end=_at(next_monday + dt.timedelta(days=2), 0),
        reason="전시 교체 작업",
        created_by=users["planning"],
    )


def _incubation(context: dict[str, Any], rooms: dict[str, Room]) -> None:
    rng, today, users, registry = context["rng"], context["today"], context["users"], context["registry"]
    incubation = [room for room in rooms.values() if room.kind == RoomKind.INCUBATION]
    call = IncubationCall.objects.create(
        title=f"{today.year + 1}년 인큐베이팅실 입주기업 모집",
        description="예비 사회적기업과 창업 3년 이내 협동조합의 입주를 기다립니다. 입주 기간 12개월, 관리비 월 15만원.",
        opens_on=today - dt.timedelta(days=10),
        closes_on=today + dt.timedelta(days=20),
        term_months=12,
        monthly_fee=150_000,
        deposit=500_000,
    )
    call.rooms.set(incubation[2:])
    candidates = [e for e in registry.enterprises if e.primary_type in ("pre_social", "social_coop", "coop")]
    applicants = [registry.by_key["bakery3"], *rng.sample(candidates, 2)]
    for index, enterprise in enumerate(applicants):
        IncubationApplication.objects.create(
            call=call,
            enterprise=enterprise,
            applicant=users["owner"] if index == 0 else users["planning"],
            plan="지역 농산물을 활용한 신제품 개발과 온라인 판로 개척",
            team_size=rng.randint(2, 4),
            status=ApplicationStatus.SUBMITTED,
        )
    tenants = rng.sample([e for e in candidates if e not in applicants], 2)
    Tenancy.objects.create(
        room=incubation[0],
        enterprise=tenants[0],
        start_date=today + dt.timedelta(days=21) - dt.timedelta(days=365),
        end_date=today + dt.timedelta(days=21),
        monthly_fee=150_000,
        deposit=500_000,
    )
    Tenancy.objects.create(
        room=incubation[1],
        enterprise=tenants[1],
        start_date=today - dt.timedelta(days=60),
        end_date=today - dt.timedelta(days=60) + dt.timedelta(days=364),
        monthly_fee=150_000,
        deposit=500_000,
    )


def seed(context: dict[str, Any]) -> None:
    rooms = {spec["name"]: Room.objects.create(**spec) for spec in ROOMS}
    context["rooms"] = rooms
    for room in rooms.values():
        _rules(room)
    if "users" in context and "registry" in context:
        _bookings(context, rooms)
        _incubation(context, rooms)
