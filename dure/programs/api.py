"""Programs API: published programs with their remaining seats, and registration."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Status

from dure.core.errors import NotFound
from dure.programs import selectors, services
from dure.programs.models import Program, ProgramStatus
from dure.programs.schemas import ProgramOut, RegistrationIn, RegistrationOut

router = Router(tags=["programs"])


def _program_out(request: HttpRequest, program: Program) -> dict[str, Any]:
    return {
        "pk": program.pk,
        "title": program.title,
        "kind": program.kind,
        "summary": program.summary,
        "audience": program.audience,
        "place": program.place_label,
        "fee_won": program.fee_won,
        "capacity": program.capacity,
        "seats_left": selectors.seats_left_of(program),
        "waiting": getattr(program, "waiting", 0),
        "allow_groups": program.allow_groups,
        "url": request.build_absolute_uri(reverse("programs:detail", args=[program.pk])),
        "sessions": [
            {
                "pk": s.pk,
                "title": s.title,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "place": s.place_label,
            }
            for s in program.sessions.all()
        ],
    }


@router.get("", response=list[ProgramOut], summary="Published programs with remaining seats")
def list_programs(request: HttpRequest, kind: str | None = None) -> list[dict[str, Any]]:
    programs = selectors.published_programs(kind=kind).prefetch_related("sessions__room")
    return [_program_out(request, program) for program in programs]


def _published(pk: int) -> Program:
    program = selectors.published_programs().prefetch_related("sessions__room").filter(pk=pk).first()
    if program is None:
        raise NotFound(_("Program not found."))
    return program


@router.get("/{pk}", response=ProgramOut, summary="One published program")
def get_program(request: HttpRequest, pk: int) -> dict[str, Any]:
    return _program_out(request, _published(pk))


@router.post(
    "/{pk}/registrations",
    response={200: RegistrationOut, 201: RegistrationOut},
    summary="Register (with a token, or as a guest giving name, email and consent)",
)
def register_for_program(request: HttpRequest, pk: int, payload: RegistrationIn) -> Status:
    program = Program.objects.filter(pk=pk, status=ProgramStatus.PUBLISHED).first()
    if program is None:
        raise NotFound(_("Program not found."))
    registration, created = services.registration_create(
        program=program, actor=request.user, **payload.dict()
    )
    # Anyone can type an address: a repeat by anyone else gets no link (it is mailed instead).
    shown = services.registration_shown_to(registration, created=created, user=request.user)
    body = {
        "pk": registration.pk,
        "program": program.pk,
        "status": registration.status,
        "seats": registration.seats,
        "offer_expires_at": registration.offer_expires_at,
        "manage_url": request.build_absolute_uri(reverse("programs:registration", args=[registration.token]))
        if shown
        else None,
        "created": created,
    }
    return Status(201 if created else 200, body)
