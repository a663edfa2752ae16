from __future__ import annotations

from ninja import Schema


class SearchEnterpriseOut(Schema):
    pk: int
    name: str
    primary_type: str | None
    district_code: str | None
    industry: str
    url: str


class SearchProductOut(Schema):
    pk: int
    name: str
    category: str
    price: int
    enterprise_pk: int
    enterprise_name: str
    url: str


class SearchEnterprisePage(Schema):
    count: int
    items: list[SearchEnterpriseOut]


class SearchProductPage(Schema):
    count: int
    items: list[SearchProductOut]


class SearchOut(Schema):
    query: str
    suggestion: str
    enterprises: SearchEnterprisePage
    products: SearchProductPage
