"""Demo programs: a full forum with a waiting list, the career-experience classes of the education
collaboration (about 1,300 students over the year), academies with completions, agenda items from
past forums, the university expert course, a seminar and the culture festival."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from dure.accounts.models import Team
from dure.core.regions import DISTRICT_CHOICES
from dure.programs import services
from dure.programs.models import (
    AgeGroup,
    AgendaKind,
    AgendaStatus,
    Attendance,
    Audience,
    CheckInMethod,
    Program,
    ProgramKind,
    ProgramStatus,
    Registration,
    RegistrationStatus,
    Session,
)

SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = [
    "민준",
    "서연",
    "지우",
    "하준",
    "서윤",
    "도윤",
    "지민",
    "예준",
    "수아",
    "시우",
    "하은",
    "주원",
    "지호",
    "채원",
    "은서",
    "현우",
]
SCHOOLS = [
    "광주동신중학교",
    "광주서석중학교",
    "문성중학교",
    "광주북성중학교",
    "운남중학교",
    "첨단중학교",
    "수완중학교",
    "광주봉선중학교",
    "광주송원중학교",
    "상무중학교",
    "치평중학교",
    "광주일곡중학교",
    "신가중학교",
    "광주하남중학교",
    "광주동아여자중학교",
    "광주용봉중학교",
    "장덕중학교",
    "광주화정중학교",
    "광주풍암중학교",
    "광주월곡중학교",
]
CAREER_COMPANIES = [
    "(주)상상창작소",
    "협동조합 별별체험",
    "사회적협동조합 꿈틀교육",
    "(주)메이커스빌리지",
    "마을기업 도란도란",
]
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


class _Maker:
    """Deterministic bulk rows for past programs (no emails, no per-row audit)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.count = 0
        self.registrations: list[Registration] = []

    def name(self) -> str:
        return self.rng.choice(SURNAMES) + self.rng.choice(GIVEN)

    def secret(self, length: int) -> str:
        return "".join(self.rng.choice(ALPHABET) for _ in range(length))

    def registration(self, program: Program, **values: Any) -> Registration:
        self.count += 1
        head = values.pop("head_count", 1)
        companions = values.pop("companions", 0)
        values.setdefault("name", self.name())
        values.setdefault("email", f"participant{self.count:05d}@example.kr")
        values.setdefault("status", RegistrationStatus.CONFIRMED)
        values.setdefault("age_group", self.rng.choice(AgeGroup.values[1:] + [""]))
        values.setdefault("district_code", self.rng.choice([code for code, _ in DISTRICT_CHOICES] + [""]))
        registration = Registration(
            program=program,
            head_count=head,
            companions=companions,
            seats=head + companions,
            code=self.secret(8),
            token=self.secret(32),
            **values,
        )
        self.registrations.append(registration)
        return registration

    def flush(self) -> list[Registration]:
        rows = Registration.objects.bulk_create(self.registrations)
        self.registrations = []
        return rows


def _program(**values: Any) -> Program:
    values.setdefault("status", ProgramStatus.PUBLISHED)
    if values.get("room") is None and not values.get("place"):
        values["place"] = "광주사회적경제지원센터"
    return Program.objects.create(**values)


def _sessions(program: Program, starts: list[dt.datetime], hours: int = 2, **values: Any) -> list[Session]:
    return [
        Session.objects.create(
            program=program, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **values
        )
        for start in starts
    ]


def seed(context: dict[str, Any]) -> None:
    rng: random.Random = context["rng"]
    today: dt.date = context["today"]
    users = context["users"]
    rooms = context.get("rooms") or {}
    hall = rooms.get("커뮤니티홀")
    meeting = rooms.get("중회의실")
    small = rooms.get("소회의실")
    staff = users["education"]
    planning = users["planning"]
    maker = _Maker(rng)
    attendances: list[Attendance] = []

    # ---- past forums, round tables and interviews, with their agenda items
    past_forums = [
        ("제1차 일상공동체망 열린포럼: 사회적경제와 돌봄", ProgramKind.FORUM, 160, 45),
        ("업종별 협업 원탁회의: 제과·제빵", ProgramKind.ROUND_TABLE, 120, 18),
        ("청년 사회적기업가 심층인터뷰", ProgramKind.INTERVIEW, 95, 8),
        ("달빛동맹 광주·대구 사회적경제 공동포럼", ProgramKind.FORUM, 60, 60),
        ("제2차 열린포럼: 공공구매와 판로", ProgramKind.FORUM, 30, 50),
    ]
    forums: list[Program] = []
    for title, kind, days_ago, people in past_forums:
        day = today - dt.timedelta(days=days_ago)
        program = _program(
            title=title,
            kind=kind,
            summary="지역 사회적경제 현장의 목소리를 듣고 센터 사업 의제를 발굴합니다.",
            team=Team.PLANNING,
            room=hall if kind == ProgramKind.FORUM else meeting,
            capacity=max(people, 10),
            audience=Audience.EVERYONE,
            status=ProgramStatus.CLOSED,
            created_by=planning,
        )
        (session,) = _sessions(program, [_at(day, 14)], hours=3)
        for _ in range(people):
            maker.registration(program)
        for registration in maker.flush():
            if rng.random() < 0.85:
                attendances.append(
                    Attendance(
                        registration=registration,
                        session=session,
                        method=CheckInMethod.QR,
                        checked_in_by=staff,
                    )
                )
        forums.append(program)

    agenda = [
        (
            0,
            AgendaKind.FINDING,
            "돌봄 사회적협동조합의 인력 이탈",
            "요양보호사 처우가 낮아 1년 내 이직률이 40%에 이른다는 현장 발언이 이어짐.",
            "돌봄협동조합 연합회",
            AgendaStatus.HANDED_TO_COUNCIL,
            "거버넌스 협의회 3분기 회의 안건으로 상정.",
        ),
        (
            0,
            AgendaKind.PROPOSAL,
            "마을 돌봄 공동체 공간 지원",
            "유휴 공공공간을 마을 돌봄 거점으로 쓰게 해 달라는 제안.",
            "북구 마을공동체 활동가",
            AgendaStatus.UNDER_REVIEW,
            "북구청 공유재산 담당과 협의 중.",
        ),
        (
            1,
            AgendaKind.PROPOSAL,
            "공동 원재료 구매 협약",
            "여섯 개 제과점이 우리밀을 공동 구매해 단가를 낮추자는 제안.",
            "제과 협업 네트워크",
            AgendaStatus.ADOPTED,
            "크리스마스 케이크 공동 생산에 적용(약 1,600개 판매).",
        ),
        (
            2,
            AgendaKind.FINDING,
            "청년 창업팀의 초기 판로 부족",
            "온라인 판매 역량보다 첫 거래처 확보가 어렵다는 응답이 많음.",
            "인터뷰 참여 청년 8명",
            AgendaStatus.RAISED,
            "",
        ),
        (
            3,
            AgendaKind.PROPOSAL,
            "광주·대구 공동 판매전 정례화",
            "달빛동맹 도시 간 교차 판매전을 해마다 열자는 제안.",
            "대구 사회적경제지원센터",
            AgendaStatus.HANDED_TO_COUNCIL,
            "협의회 전달 후 예산 검토 요청.",
        ),
        (
            4,
            AgendaKind.PROPOSAL,
            "공공기관 우선구매 목표 공개",
            "구·공공기관별 우선구매 목표와 실적을 센터 누리집에 공개하자는 제안.",
            "마케팅팀 정리",
            AgendaStatus.RAISED,
            "",
        ),
        (
            4,
            AgendaKind.FINDING,
            "우선구매 상담회 참여 기업 편중",
            "상담회 참여가 일부 업종에 몰려 있다는 지적.",
            "참여 기업 대표",
            AgendaStatus.UNDER_REVIEW,
            "업종별 참여 현황 분석 중.",
        ),
    ]
    for index, agenda_kind, title, description, raised_by, status, follow_up in agenda:
        item = services.agenda_item_create(
            actor=planning,
            values={
                "program": forums[index],
                "kind": agenda_kind,
                "title": title,
                "description": description,
                "raised_by": raised_by,
                "follow_up": follow_up,
            },
        )
        path = {
            AgendaStatus.RAISED: [],
            AgendaStatus.UNDER_REVIEW: [AgendaStatus.UNDER_REVIEW],
            AgendaStatus.HANDED_TO_COUNCIL: [AgendaStatus.UNDER_REVIEW, AgendaStatus.HANDED_TO_COUNCIL],
            AgendaStatus.ADOPTED: [
                AgendaStatus.UNDER_REVIEW,
                AgendaStatus.HANDED_TO_COUNCIL,
                AgendaStatus.ADOPTED,
            ],
        }[status]
        for step in path:
            services.agenda_item_update(actor=planning, item=item, values={}, status=step)

    # ---- career-experience classes of the education collaboration: about 1,300 students this year
    class_days = [today - dt.timedelta(days=days) for days in (250, 225, 200, 180, 160, 130, 100, 75, 50, 20)]
    students_target = 1300
    groups = len(class_days) * 4
    heads = [30 + rng.randint(-3, 4) for _ in range(groups)]
    heads[-1] += students_target - sum(heads)
    group_index = 0
    for number, day in enumerate(class_days, start=1):
        company = CAREER_COMPANIES[number % len(CAREER_COMPANIES)]
        program = _program(
            title=f"진로체험교실 {number}회차: 사회적경제 직업 탐험 ({company})",
            kind=ProgramKind.CAREER_CLASS,
            summary="교육 분야 사회적경제기업들이 함께 여는 중학생 진로체험교실입니다.",
            team=Team.EDUCATION,
            room=hall,
            capacity=150,
            audience=Audience.SCHOOLS,
            allow_groups=True,
            max_group_seats=45,
            status=ProgramStatus.CLOSED,
            created_by=staff,
        )
        (session,) = _sessions(program, [_at(day, 10)], hours=3)
        for _ in range(4):
            school = SCHOOLS[group_index % len(SCHOOLS)]
            maker.registration(
                program,
                name=maker.name(),
                group_name=school,
                head_count=heads[group_index],
                companions=2,
                age_group=AgeGroup.TEEN,
                email=f"teacher{group_index + 1:03d}@school.example.kr",
            )
            group_index += 1
        for registration in maker.flush():
            attendances.append(
                Attendance(
                    registration=registration, session=session, method=CheckInMethod.QR, checked_in_by=staff
                )
            )

    upcoming_class = _program(
        title="진로체험교실 11회차: 사회적경제 직업 탐험 (겨울방학 특별반)",
        kind=ProgramKind.CAREER_CLASS,
        summary="학교 단위로 학급을 신청하세요. 학생과 인솔 교사를 함께 적어 주시면 좌석을 맞춰 드립니다.",
        description="교육 분야 사회적경제기업 다섯 곳이 함께 운영합니다. 메이커 체험, 협동조합 만들기, 마을기업 탐방.",
        team=Team.EDUCATION,
        room=hall,
        capacity=100,
        audience=Audience.SCHOOLS,
        allow_groups=True,
        max_group_seats=45,
        created_by=staff,
    )
    _sessions(upcoming_class, [_at(today + dt.timedelta(days=14), 10)], hours=3)
    maker.registration(
        upcoming_class,
        group_name="광주서석중학교",
        head_count=30,
        companions=2,
        age_group=AgeGroup.TEEN,
        district_code="29110",
        email="seoseok@school.example.kr",
    )
    maker.flush()

    # ---- a full forum with a waiting list (one cancellation gives the next who fits the seat)
    forum = _program(
        title="제3차 일상공동체망 열린포럼: 지역순환경제와 사회적경제",
        kind=ProgramKind.FORUM,
        summary="지역에서 번 돈이 지역에서 다시 도는 경제를 함께 이야기합니다.",
        description="발제: 지역순환경제 측정(LM3)과 광주 사례. 토론: 사회적경제기업, 시민, 공공기관.",
        team=Team.PLANNING,
        room=hall,
        capacity=40,
        audience=Audience.EVERYONE,
        allow_groups=True,
        max_group_seats=10,
        created_by=planning,
    )
    _sessions(forum, [_at(today + dt.timedelta(days=10), 14)], hours=3)
    for _ in range(40):
        maker.registration(forum)
    maker.flush()
    services.registration_create(
        program=forum,
        actor=None,
        name="박활동",
        email="network@example.kr",
        group_name="광산구 마을공동체 네트워크",
        head_count=4,
        consent=True,
        district_code="29200",
        join_waiting_list=True,
    )

    # ---- academies: one finished with completions and certificates, one open
    academy = _program(
        title="사회혁신 아카데미 (6주 과정)",
        kind=ProgramKind.ACADEMY,
        summary="사회혁신, 마을공동체, 적정기술을 6주 동안 배우는 과정입니다.",
        team=Team.EDUCATION,
        room=meeting,
        capacity=30,
        audience=Audience.CITIZENS,
        issues_certificates=True,
        completion_percent=80,
        created_by=staff,
    )
    first = today - dt.timedelta(days=49)
    sessions = _sessions(academy, [_at(first + dt.timedelta(weeks=week), 19) for week in range(6)])
    citizen = users["citizen"]
    maker.registration(
        academy,
        user=citizen,
        name=citizen.name,
        email=citizen.email,
        district_code="29170",
        age_group=AgeGroup.THIRTIES,
    )
    for _ in range(21):
        maker.registration(academy)
    academy_regs = maker.flush()
    for index, registration in enumerate(academy_regs):
        attended = 6 if index == 0 else rng.choice([6, 6, 5, 5, 5, 4, 3])
        for session in sessions[:attended]:
            attendances.append(
                Attendance(
                    registration=registration, session=session, method=CheckInMethod.QR, checked_in_by=staff
                )
            )
    Attendance.objects.bulk_create(attendances)
    academy.status = ProgramStatus.CLOSED
    academy.save(update_fields=["status"])
    services.certificates_issue_for_program(actor=staff, program=academy)

    open_academy = _program(
        title="도시재생 아카데미 (4주 과정)",
        kind=ProgramKind.ACADEMY,
        summary="도시재생과 공익 인권을 현장 사례로 배우는 저녁 과정입니다.",
        team=Team.EDUCATION,
        room=meeting,
        capacity=25,
        audience=Audience.CITIZENS,
        issues_certificates=True,
        completion_percent=75,
        created_by=staff,
    )
    _sessions(open_academy, [_at(today + dt.timedelta(days=7 + 7 * week), 19) for week in range(4)])

    # ---- university expert course, round table, seminar, festival
    university = _program(
        title="사회적경제 대학 전문가 과정",
        kind=ProgramKind.UNIVERSITY,
        summary="대학과 함께 여는 사회적경제 경영 전문가 과정(8회).",
        team=Team.EDUCATION,
        place="전남대학교 경영대학 2호관",
        capacity=40,
        audience=Audience.STUDENTS,
        fee_won=50000,
        issues_certificates=True,
        created_by=staff,
    )
    _sessions(
        university, [_at(today + dt.timedelta(days=5 + 7 * week), 18, 30) for week in range(8)], hours=3
    )
    round_table = _program(
        title="공공구매 원탁회의: 구청 구매 담당자와 함께",
        kind=ProgramKind.ROUND_TABLE,
        team=Team.MARKETING,
        room=meeting,
        capacity=20,
        audience=Audience.ENTERPRISES,
        created_by=users["marketing"],
    )
    _sessions(round_table, [_at(today + dt.timedelta(days=3), 15)])
    seminar = _program(
        title="국제 세미나: 사회연대경제와 지역순환",
        kind=ProgramKind.SEMINAR,
        team=Team.PLANNING,
        room=hall,
        capacity=80,
        audience=Audience.EXPERTS,
        created_by=planning,
    )
    _sessions(seminar, [_at(today + dt.timedelta(days=21), 13)], hours=4)
    festival = _program(
        title="광주 사회적경제 문화한마당",
        kind=ProgramKind.FESTIVAL,
        summary="시식·체험·판매 부스와 공연이 함께하는 사회적경제 문화축제입니다.",
        team=Team.MARKETING,
        place="5·18민주광장 일대",
        capacity=2000,
        audience=Audience.EVERYONE,
        allow_groups=True,
        max_group_seats=50,
        created_by=users["marketing"],
    )
    _sessions(festival, [_at(today + dt.timedelta(days=17 + day), 11) for day in range(2)], hours=7)
    draft = _program(
        title="사회적경제 기금 설명회 (준비 중)",
        kind=ProgramKind.SEMINAR,
        team=Team.PLANNING,
        room=small,
        place="" if small else "센터 소회의실",
        capacity=8,
        status=ProgramStatus.DRAFT,
        created_by=planning,
    )
    _sessions(draft, [_at(today + dt.timedelta(days=30), 10)])
    context["programs"] = {
        "forum": forum,
        "career_class": upcoming_class,
        "academy": academy,
        "open_academy": open_academy,
        "festival": festival,
    }
