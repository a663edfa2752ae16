from __future__ import annotations

from pydantic import BaseModel

# Plain pydantic models for output, as in registry/schemas.py (ninja.Schema's per-attribute
# wrapper is for ORM objects; these are dicts).


class SearchEnterpriseOut(BaseModel):
    pk: int
    name: str
    primary_type: str | None
    district_code: str | None
    industry: str
    url: str


class SearchProductOut(BaseModel):
    pk: int
    name: str
    category: str
    price: int
    enterprise_pk: int
    enterprise_name: str
    url: str


class SearchEnterprisePage(BaseModel):
    count: int
    # Counting stops at 1,000 matches: then `count` is 1,000 and means "at least".
    count_capped: bool = False
    items: list[SearchEnterpriseOut]


class SearchProductPage(BaseModel):
    count: int
    count_capped: bool = False
    items: list[SearchProductOut]


class SearchOut(BaseModel):
    query: str
    suggestion: str
    enterprises: SearchEnterprisePage
    products: SearchProductPage
