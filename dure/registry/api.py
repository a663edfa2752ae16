from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Schema

from dure.core.api_helpers import page_window
from dure.registry.access import access_enterprise_for_view
from dure.registry.presenters import enterprise_public_dict
from dure.registry.schemas import EnterpriseOut, EnterprisePage
from dure.registry.selectors import enterprise_list

router = Router(tags=["registry"])


class EnterpriseFilters(Schema):
    type: list[str] = []
    district: str | None = None
    q: str = ""
    limit: int = 50
    offset: int = 0


@router.get("/enterprises", response=EnterprisePage, summary="List enterprises")
def list_enterprises(request: HttpRequest, filters: Query[EnterpriseFilters]) -> dict:
    """`type` (repeatable) filters on the primary type, `district` on the 5-digit district code.

    `q` searches as the portal directory does (Korean stems, parts of compound words; name
    matches first, then offers and products, then descriptions).
    """
    limit, offset = page_window(filters.limit, filters.offset, max_limit=500)
    if filters.q.strip():
        from dure.portal.search.query import SearchFilters
        from dure.portal.selectors import enterprise_search_page

        found = enterprise_search_page(
            filters.q,
            filters=SearchFilters(types=filters.type, district=filters.district or ""),
            offset=offset,
            limit=limit,
            with_designations=True,
        )
        items = [
            enterprise_public_dict(e, user=request.user, designations=found.designations[e.pk])
            for e in found.enterprises
        ]
        return {"count": found.count, "count_capped": found.count_capped, "items": items}
    queryset = enterprise_list(types=filters.type, district=filters.district).exclude(status="closed")
    count = queryset.count()
    page = queryset.order_by("name", "pk")[offset : offset + limit]
    items = [enterprise_public_dict(e, user=request.user) for e in page]
    return {"count": count, "items": items}


@router.get("/enterprises/{pk}", response=EnterpriseOut, summary="One enterprise")
def get_enterprise(request: HttpRequest, pk: int) -> dict:
    enterprise = access_enterprise_for_view(request.user, pk)
    return enterprise_public_dict(enterprise, user=request.user, reveal=True)
