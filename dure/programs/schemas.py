from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field


class SessionOut(Schema):
    pk: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    place: str


class ProgramOut(Schema):
    pk: int
    title: str
    kind: str
    summary: str
    audience: str
    place: str
    fee_won: int
    capacity: int
    seats_left: int
    waiting: int
    allow_groups: bool
    url: str
    sessions: list[SessionOut]


class RegistrationIn(Schema):
    name: str = Field("", max_length=100)
    email: str = Field(
        "", max_length=254, description="Ignored when a token is sent: the account's email is used."
    )
    phone: str = Field("", max_length=30)
    group_name: str = Field("", max_length=200)
    head_count: int = Field(1, ge=1, le=10000)
    companions: int = Field(0, ge=0, le=10000)
    age_group: str = ""
    district_code: str = ""
    consent: bool = Field(
        False, description="Consent to the use of personal data for this program (required)."
    )
    join_waiting_list: bool = False


class RegistrationOut(Schema):
    pk: int
    program: int
    status: str
    seats: int
    offer_expires_at: dt.datetime | None
    # The personal link: only for a new registration or the account that made it (null otherwise;
    # a repeat submit by anyone else mails the link to the registered address instead).
    manage_url: str | None
    created: bool
