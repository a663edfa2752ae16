"""Demo: the six-bakery Christmas cake project (1,600 sold and settled), the career-experience
education project (about 1,300 students), and four collaboration networks with calendars.

Runs after the market's demo; every write goes through the services (market's for products,
windows and orders), so the demo exercises the same paths as a user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dure.collab import services
from dure.collab.models import MemberRole, ProjectStatus
from dure.registry.models import Enterprise

CAKE_NAME = "우리밀 크리스마스 더좋은 케이크"
CAKE_UNITS = 1600
CAKE_PRICE = 32_000
# (capacity per window, input cost per unit, part) for bakery1..bakery6; total capacity 1,700.
CAKE_PARTS = [
    (400, 15_200, "시트·생크림 케이크 본품, 포장 총괄"),
    (300, 15_600, "케이크 본품"),
    (300, 15_400, "케이크 본품"),
    (250, 15_900, "케이크 본품, 장식 초콜릿"),
    (250, 15_500, "케이크 본품"),
    (200, 16_100, "케이크 본품, 딸기 손질"),
]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "지훈", "수빈", "영호", "미경", "정희", "성민", "은주", "현우", "지영", "혜진"]


def _status_path(actor: Any, project: Any, to: str) -> None:
    path: list[str] = [
        ProjectStatus.SELECTED,
        ProjectStatus.DEVELOPING,
        ProjectStatus.SELLING,
        ProjectStatus.CLOSED,
    ]
    for status in path[: path.index(to) + 1]:
        services.project_transition(actor=actor, project=project, to_status=status)


def _cake_orders(rng: Any) -> list[int]:
    """Order sizes adding up to exactly CAKE_UNITS: citizens 1–3 cakes, groups (schools, welfare
    centres, companies' year-end gifts) 15–50; about 165 orders, so the demo stays quick."""
    sizes: list[int] = []
    left = CAKE_UNITS
    while left > 0:
        size = rng.randint(15, 50) if rng.random() < 0.25 else rng.choice([1, 1, 2, 2, 3])
        size = min(size, left)
        sizes.append(size)
        left -= size
    return sizes


def seed_cake_project(context: dict[str, Any], network: Any = None) -> Any:
    from dure.market import services as market

    rng = context["rng"]
    users = context["users"]
    staff = users.get("marketing") or users["admin"]
    bakeries = [context["registry"].by_key[f"bakery{i}"] for i in range(1, 7)]
    today = context["today"]
    year = today.year - 1 if today.month < 11 else today.year
    project = services.project_create(
        actor=staff,
        name=CAKE_NAME,
        lead=bakeries[0],
        members=[
            (b, MemberRole.PRODUCER, part[2]) for b, part in zip(bakeries[1:], CAKE_PARTS[1:], strict=True)
        ],
        summary=(
            "광주의 제과점 여섯 곳이 우리밀과 지역 농산물로 크리스마스 케이크를 함께 만들어 팔았습니다. "
            "주문은 두레 장터의 예약 판매로 받고, 매출은 만든 만큼 나눴습니다."
        ),
        description="업종별 협업사업(제과·제빵). 공동 레시피와 포장, 공동 판매, 만든 수량과 원가에 따른 정산.",
        officer=staff,
        network=network,
        year=year,
        starts_on=dt.date(year, 9, 1),
        ends_on=dt.date(year, 12, 31),
        grant_program="업종별 협업사업 모델개발 지원",
        grant_amount=12_000_000,
        budget=20_000_000,
        reached_count=0,
        reached_label="",
    )
    project.members.filter(enterprise=bakeries[0]).update(role_note=CAKE_PARTS[0][2])
    _status_path(staff, project, ProjectStatus.SELLING)
    for title, month, day in [
        ("공동 레시피 확정", 10, 15),
        ("포장 디자인 확정", 11, 10),
        ("예약 판매", 12, 20),
    ]:
        milestone = services.milestone_create(
            actor=staff, project=project, title=title, due_on=dt.date(year, month, day)
        )
        services.milestone_complete(actor=staff, milestone=milestone, done_on=dt.date(year, month, day))
    services.meeting_note_create(
        actor=staff,
        project=project,
        held_on=dt.date(year, 10, 2),
        title="1차 협업 회의",
        body="우리밀 시트 공동 레시피, 생크림 공동구매, 케이크 상자 디자인을 정했습니다.",
    )
    members = list(project.members.order_by("position"))
    joint = services.joint_product_create(
        actor=staff,
        project=project,
        name=CAKE_NAME,
        price=CAKE_PRICE,
        parts=[
            {"member": m, "component": part[2], "capacity": part[0], "unit_cost": part[1]}
            for m, part in zip(members, CAKE_PARTS, strict=True)
        ],
        split_rule="cost_plus",
        remainder_rule="units",
        grant_amount=6_000_000,
        description="광주 제과점 여섯 곳이 함께 굽는 우리밀 생크림 케이크 (지름 18cm).",
        category="케이크",
        unit="개",
    )
    now = timezone.now()
    window = market.window_create(
        actor=staff,
        name=f"{year} 크리스마스 케이크 예약 판매",
        opens_at=now - dt.timedelta(days=20),
        closes_at=now + dt.timedelta(hours=1),
        product_pks=[joint.product_id],
        description="우리밀 크리스마스 더좋은 케이크 예약 판매. 12월 24일 각 제과점에서 찾아가세요.",
    )
    for index, size in enumerate(_cake_orders(rng)):
        institution = size >= 15
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        order = market.order_place(
            buyer={
                "name": f"{name}"
                if not institution
                else f"광주 {rng.choice(['복지관', '어린이집', '학교', '공공기관'])} {index}",
                "email": f"cake{index:04d}@dure-demo.kr",
                "region_code": rng.choice(["29110", "29140", "29155", "29170", "29200"]),
            },
            items=[{"product": joint.product_id, "quantity": size}],
            consent=True,
            window=window,
            notify=False,
        )
        market.order_transition(actor=staff, order=order, to_status="fulfilled")
    window = market.window_close(actor=staff, window=window)
    settlement = services.settlement_run(actor=staff, joint_product=joint, window=window)
    services.settlement_record_payouts(actor=staff, settlement=settlement)
    services.project_transition(actor=staff, project=project, to_status=ProjectStatus.CLOSED)
    return project


def seed_education_project(context: dict[str, Any], network: Any = None) -> Any:
    users = context["users"]
    staff = users.get("education") or users["admin"]
    today = context["today"]
    year = today.year - 1
    schools = list(
        Enterprise.objects.filter(industry="기타 교육기관", description__contains="진로체험", status="active")
        .order_by("pk")
        .only("pk", "name", "district_code")[:5]
    )
    if len(schools) < 3:
        return None
    project = services.project_create(
        actor=staff,
        name="사회적경제 진로체험 교실",
        lead=schools[0],
        members=[(e, MemberRole.PRODUCER, "진로체험 수업 운영") for e in schools[1:]],
        summary=(
            "교육 분야 사회적경제기업들이 함께 광주의 중학교를 찾아가 목공·코딩·사회적경제 진로체험 수업을 "
            "열었습니다. 1,300명의 학생이 참여했습니다."
        ),
        officer=staff,
        network=network,
        year=year,
        starts_on=dt.date(year, 3, 2),
        ends_on=dt.date(year, 11, 30),
        grant_program="업종별 협업사업 모델개발 지원",
        grant_amount=15_000_000,
        budget=18_000_000,
        reached_count=1_300,
        reached_label="학생",
    )
    project.members.filter(enterprise=schools[0]).update(role_note="학교 섭외, 수업 총괄")
    _status_path(staff, project, ProjectStatus.CLOSED)
    for title, month in [("참여 학교 모집", 3), ("1학기 수업", 7), ("2학기 수업", 11)]:
        milestone = services.milestone_create(
            actor=staff, project=project, title=title, due_on=dt.date(year, month, 28)
        )
        services.milestone_complete(actor=staff, milestone=milestone, done_on=dt.date(year, month, 28))
    return project


def seed_networks(context: dict[str, Any]) -> dict[str, Any]:
    users = context["users"]
    staff = users.get("planning") or users["admin"]
    bakeries = [context["registry"].by_key[f"bakery{i}"] for i in range(1, 7)]
    specs = [
        (
            "제과·제빵 협업 체계",
            "제과점업",
            "C10712",
            "광주 우리밀 제과점들이 함께 기획하고 판매합니다.",
            "cake",
        ),
        (
            "교육 협업 체계",
            "기타 교육기관",
            "P85699",
            "진로체험과 마을교육을 함께 만드는 교육 기업 모임입니다.",
            "education",
        ),
        (
            "돌봄 협업 체계",
            "노인 돌봄 서비스",
            "Q87100",
            "돌봄 사회적협동조합들이 인력 교육과 차량을 나눕니다.",
            None,
        ),
        (
            "공예 협업 체계",
            "공예품 제조업",
            "C33309",
            "공방들이 기념품을 함께 기획하고 축제 부스를 엽니다.",
            None,
        ),
    ]
    now = timezone.localtime()
    networks: dict[str, Any] = {}
    for name, industry, ksic, description, project_key in specs:
        members = list(
            Enterprise.objects.filter(industry=industry, status="active")
            .order_by("pk")
            .only("pk", "name")[:12]
        )
        coordinator = bakeries[0] if ksic == "C10712" else (members[0] if members else None)
        if ksic == "C10712":
            members = bakeries + [m for m in members if m not in bakeries][:6]
        network = services.network_create(
            actor=staff,
            name=name,
            industry=industry,
            ksic_code=ksic,
            description=description,
            coordinator=coordinator,
            officer=staff,
            members=members,
        )
        for weeks, title, place in [
            (1, "월례 회의", "센터 중회의실"),
            (3, "공동 판로 워크숍", "센터 커뮤니티홀"),
        ]:
            starts = (now + dt.timedelta(weeks=weeks)).replace(hour=14, minute=0, second=0, microsecond=0)
            services.network_event_create(
                actor=staff,
                network=network,
                title=title,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=2),
                location=place,
            )
        if project_key:
            networks[project_key] = network
    return networks


def seed(context: dict[str, Any]) -> None:
    networks = seed_networks(context)
    context["collab_projects"] = {
        "cake": seed_cake_project(context, network=networks.get("cake")),
        "education": seed_education_project(context, network=networks.get("education")),
    }
