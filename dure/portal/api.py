"""Portal API: one search over enterprises and products."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from dure.core.api_helpers import clamp_limit
from dure.core.urls import pk_url
from dure.portal.schemas import SearchOut
from dure.portal.search.query import SearchFilters
from dure.portal.selectors import enterprise_search_page, product_search_capped

router = Router(tags=["portal"])


class SearchParams(Schema):
    q: str = ""
    type: list[str] = []
    district: str | None = None
    limit: int = 20


@router.get("/search", response=SearchOut, summary="Search enterprises and products")
def search_all(request: HttpRequest, params: Query[SearchParams]) -> dict:
    """Korean search (stems, parts of compound words) over enterprises and products, best first.

    `suggestion` is a nearby spelling that finds something when the query finds nothing.
    """
    limit = clamp_limit(params.limit, max_limit=100)
    filters = SearchFilters(types=params.type, district=params.district or "")
    page = enterprise_search_page(params.q, filters=filters, limit=limit)
    product_count, product_capped, product_rows = product_search_capped(
        params.q, filters=filters, limit=limit
    )
    return {
        "query": params.q,
        "suggestion": page.suggestion,
        "enterprises": {
            "count": page.count,
            "count_capped": page.count_capped,
            "items": [
                {
                    "pk": e.pk,
                    "name": e.name,
                    "primary_type": e.primary_type or None,
                    "district_code": e.district_code or None,
                    "industry": e.industry,
                    "url": pk_url("portal:enterprise", e.pk),
                }
                for e in page.enterprises
            ],
        },
        "products": {
            "count": product_count,
            "count_capped": product_capped,
            "items": [
                {
                    "pk": row.product_id,
                    "name": row.product.name,
                    "category": row.product.category,
                    "price": row.product.price,
                    "enterprise_pk": row.enterprise_id,
                    "enterprise_name": row.enterprise.name,
                    "url": pk_url("portal:enterprise", row.enterprise_id) + "#products",
                }
                for row in product_rows
            ],
        },
    }
