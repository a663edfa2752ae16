from __future__ import annotations

from ninja import Schema


class MemberOut(Schema):
    enterprise: int
    name: str
    role: str
    local: bool


class ProjectOut(Schema):
    pk: int
    name: str
    status: str
    year: int | None = None
    lead: int
    summary: str
    reached_count: int
    reached_label: str
    members: list[MemberOut]


class ProjectPage(Schema):
    count: int
    items: list[ProjectOut]


class SettlementLineOut(Schema):
    enterprise: int
    name: str
    units: int
    cost: int
    revenue_share: int
    grant_share: int
    amount: int


class SettlementRunOut(Schema):
    pk: int
    product: str
    window: int
    window_name: str
    version: int
    rule: str
    received: int
    units: int


class SettlementOut(Schema):
    project: int
    received: int
    units: int
    grant: int
    settlements: list[SettlementRunOut]
    lines: list[SettlementLineOut]


class SuggestionOut(Schema):
    enterprise: int
    name: str
    industry: str
    district_code: str
    primary_type: str
    score: int
    reasons: list[str]


class TeamMemberOut(Schema):
    enterprise: int
    name: str
    district_code: str


class TeamOut(Schema):
    members: list[TeamMemberOut]
    score: int
    local: int


class PartnersOut(Schema):
    need: str
    count: int
    items: list[SuggestionOut]
    teams: list[TeamOut]
