from __future__ import annotations

import datetime as dt

from ninja import Schema


class DesignationOut(Schema):
    type: str
    authority: str
    number: str
    start_date: dt.date | None
    end_date: dt.date | None
    round: str
    is_active: bool


class EnterpriseOut(Schema):
    pk: int
    name: str
    brn: str | None
    primary_type: str | None
    types: list[str]
    district_code: str | None
    legal_form: str
    status: str
    address: str
    industry: str
    ksic_code: str
    description: str
    offers: str
    needs: str
    website: str
    phone: str
    email: str
    representative: str
    latitude: float | None
    longitude: float | None
    svi_grade: str
    svi_year: int | None
    sells_online: bool
    designations: list[DesignationOut]
    url: str


class EnterprisePage(Schema):
    count: int
    # With `q`, counting stops at 1,000 matches: then `count` is 1,000 and means "at least".
    count_capped: bool = False
    items: list[EnterpriseOut]
