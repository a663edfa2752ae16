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
    # Counting stops at 1,000 matches: then `count` is 1,000 and means "at least".
    count_capped: bool = False
    items: list[SearchEnterpriseOut]


class SearchProductPage(Schema):
    count: int
    count_capped: bool = False
    items: list[SearchProductOut]


class SearchOut(Schema):
    query: str
    suggestion: str
    enterprises: SearchEnterprisePage
    products: SearchProductPage
