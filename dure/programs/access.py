"""Access helpers: the only way views fetch programs and registrations."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from dure.programs.models import AgendaItem, Program, ProgramStatus, Registration, Session


def can_see_unpublished(user: Any) -> bool:
    return bool(getattr(user, "is_center_staff", False))


def access_program_for_view(user: Any, pk: int) -> Program:
    """A published or closed program for anyone; drafts only for center staff."""
    program = Program.objects.select_related("room").filter(pk=pk).first()
    if program is None or (program.status == ProgramStatus.DRAFT and not can_see_unpublished(user)):
        raise Http404
    return program


def access_program_for_staff(user: Any, pk: int) -> Program:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    program = Program.objects.select_related("room").filter(pk=pk).first()
    if program is None:
        raise Http404
    return program


def access_session_for_staff(user: Any, pk: int) -> Session:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    session = Session.objects.select_related("program", "room").filter(pk=pk).first()
    if session is None:
        raise Http404
    return session


def may_open_registration(registration: Registration, user: Any, known_tokens: Any = ()) -> bool:
    """Whether a repeat submit may be shown the registration it matched: only to the account that
    made it, or to the browser that made it (its token is in `known_tokens`, from the session).
    Anyone can type someone else's email address; the personal link goes to that address only."""
    if registration.token in known_tokens:
        return True
    return bool(
        registration.user_id is not None
        and getattr(user, "is_authenticated", False)
        and registration.user_id == user.pk
    )


def access_registration_by_token(token: str) -> Registration:
    """The holder of the personal link (emailed to the registrant) manages the registration."""
    registration = (
        Registration.objects.select_related("program", "program__room").filter(token=token).first()
        if token
        else None
    )
    if registration is None:
        raise Http404
    return registration


def access_registration_for_staff(user: Any, pk: int, *, program: Program | None = None) -> Registration:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    queryset = Registration.objects.select_related("program")
    if program is not None:
        queryset = queryset.filter(program=program)
    registration = queryset.filter(pk=pk).first()
    if registration is None:
        raise Http404
    return registration


def access_agenda_item_for_staff(user: Any, pk: int) -> AgendaItem:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    item = AgendaItem.objects.select_related("program").filter(pk=pk).first()
    if item is None:
        raise Http404
    return item
