"""Small builders for program tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from dure.programs.models import Program, ProgramKind, ProgramStatus, Session


def make_program(*, sessions: int = 1, start: dt.datetime | None = None, **values: Any) -> Program:
    values.setdefault("title", "테스트 포럼")
    values.setdefault("kind", ProgramKind.FORUM)
    values.setdefault("team", "planning")
    values.setdefault("place", "센터 커뮤니티홀")
    values.setdefault("capacity", 10)
    values.setdefault("status", ProgramStatus.PUBLISHED)
    program = Program.objects.create(**values)
    first = start or timezone.now() + dt.timedelta(days=3)
    for index in range(sessions):
        starts = first + dt.timedelta(days=7 * index)
        Session.objects.create(program=program, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    return program


def register(program: Program, email: str, **values: Any) -> Any:
    from dure.programs.services import registration_create

    values.setdefault("name", "홍길동")
    values.setdefault("consent", True)
    values.setdefault("actor", None)
    registration, _created = registration_create(program=program, email=email, **values)
    return registration
