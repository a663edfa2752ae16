"""The center's open space (975㎡): the rooms the article lists."""

from __future__ import annotations

from typing import Any

from dure.spaces.models import Room, RoomKind

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


def seed(context: dict[str, Any]) -> None:
    context["rooms"] = {spec["name"]: Room.objects.create(**spec) for spec in ROOMS}
