"""Portal reads: search pages, map markers, home page figures, news."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from dure.core.db import ColumnRead, models_by_column, models_by_columns
from dure.core.regions import DISTRICTS_BY_CODE
from dure.portal.models import DocumentKind, NewsPost, NewsStatus, SearchDocument
from dure.portal.search import cache as search_cache
from dure.portal.search import query as search_query
from dure.portal.search.analysis import query_terms
from dure.portal.search.query import (
    SearchFilters,
    facet_counts,
    ranked_page_and_count,
    search,
    suggest,
)
from dure.registry.models import Designation, Enterprise
from dure.registry.presenters import PUBLIC_DESIGNATION_FIELDS, PUBLIC_ENTERPRISE_FIELDS
from dure.registry.selectors import DESIGNATION_ORDER, group_designations


def enterprises_in_order(pks: list[int]) -> list[Enterprise]:
    """Enterprises by pk, in the given order, every field read, without their designations (the
    API's page reads both: `_presented_enterprises`).

    Every directory page comes through here, so this is one plain SELECT, prepared on PostgreSQL
    (`core.db.models_by_column`): the ORM's query compiler and a designations prefetch cost three
    times what the query itself costs (docs/portal.md).
    """
    return _in_order(pks, models_by_column(Enterprise, "id", pks))


def _in_order(pks: list[int], enterprises: list[Any]) -> list[Enterprise]:
    """`enterprises` in the order of `pks` (a pk no longer there is skipped)."""
    by_pk: dict[int, Enterprise] = {e.pk: e for e in enterprises if isinstance(e, Enterprise)}
    return [by_pk[pk] for pk in pks if pk in by_pk]


def _presented_enterprises(pks: list[int]) -> tuple[list[Enterprise], dict[int, list[Designation]]]:
    """The enterprises by pk, in order, and their designations, as the API presents them.

    Only the fields `enterprise_public_dict` reads are fetched (the rest are deferred): the
    timestamps and decimals it never shows cost more to convert than the row costs to read. The
    two reads go to PostgreSQL together (`core.db.models_by_columns`).
    """
    enterprises, designations = models_by_columns(
        [
            ColumnRead(Enterprise, "id", pks, fields=PUBLIC_ENTERPRISE_FIELDS),
            ColumnRead(
                Designation,
                "enterprise_id",
                pks,
                order_by=DESIGNATION_ORDER,
                fields=PUBLIC_DESIGNATION_FIELDS,
            ),
        ]
    )
    read = [d for d in designations if isinstance(d, Designation)]
    return _in_order(pks, enterprises), group_designations(pks, read)


@dataclass
class SearchPage:
    query: str
    count: int
    enterprises: list[Enterprise]
    suggestion: str = ""
    # True when counting stopped at search.query.COUNT_CAP: `count` is then "at least".
    count_capped: bool = False
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    # Asked for with `with_designations`: each enterprise's designations, oldest first.
    designations: dict[int, list[Designation]] = field(default_factory=dict)


def _search_key(query: str, kind: str, filters: SearchFilters | None, *parts: Any) -> tuple[Any, ...]:
    """What a search page depends on: the query's terms (not its spelling), filters, page, cap."""
    filter_key = dataclasses.astuple(filters) if filters is not None else None
    filter_key = tuple(tuple(v) if isinstance(v, list) else v for v in filter_key or ())
    return (kind, tuple(query_terms(query)), filter_key, search_query.COUNT_CAP, *parts)


@dataclass(frozen=True)
class _RankedPage:
    pks: list[int]
    count: int
    count_capped: bool
    suggestion: str
    facets: dict[str, dict[str, int]]


def enterprise_search_page(
    query: str,
    *,
    filters: SearchFilters | None = None,
    sort: str = "relevance",
    offset: int = 0,
    limit: int = 20,
    with_facets: bool = False,
    with_designations: bool = False,
) -> SearchPage:
    """One page of enterprises for `query`, best first, with the (capped) count.

    The ranked primary keys, count, suggestion and facets come from the search cache while the
    index is unchanged (search/cache.py); the enterprises themselves (and, `with_designations`,
    their designations, for `registry.presenters.enterprise_public_dict`) are always read fresh.
    On a miss they are read while the count runs beside them (`ranked_page_and_count`).
    """
    key = _search_key(query, DocumentKind.ENTERPRISE, filters, sort, offset, limit, with_facets)
    version, ranked = search_cache.lookup(key)
    if ranked is None:
        rows, count = ranked_page_and_count(
            query,
            kind=DocumentKind.ENTERPRISE,
            filters=filters,
            sort=sort,
            offset=offset,
            limit=limit,
            fields=("enterprise_id",),
        )
        pks = [enterprise_pk for (enterprise_pk,) in rows]
    else:
        pks = ranked.pks
    if with_designations:
        enterprises, designations = _presented_enterprises(pks)
    else:
        enterprises, designations = enterprises_in_order(pks), {}
    if ranked is None:
        matches, capped = count()
        ranked = _RankedPage(
            pks=pks,
            count=matches,
            count_capped=capped,
            suggestion=suggest(query) if matches == 0 and query.strip() else "",
            facets=facet_counts(query, filters=filters or SearchFilters()) if with_facets else {},
        )
        search_cache.store(version, key, ranked)
    return SearchPage(
        query=query,
        count=ranked.count,
        count_capped=ranked.count_capped,
        enterprises=enterprises,
        suggestion=ranked.suggestion,
        facets=ranked.facets,
        designations=designations,
    )


def product_search(query: str, *, filters: SearchFilters | None = None, limit: int = 20) -> tuple[int, list]:
    """(count, [SearchDocument with product and enterprise]) for products matching `query`.

    The count stops at search.query.COUNT_CAP (see `product_search_capped`).
    """
    count, _capped, rows = product_search_capped(query, filters=filters, limit=limit)
    return count, rows


def _product_ranked_page(query: str, *, filters: SearchFilters | None, limit: int) -> _RankedPage:
    rows, count_later = ranked_page_and_count(query, kind=DocumentKind.PRODUCT, filters=filters, limit=limit)
    pks = [pk for (pk,) in rows]
    count, capped = count_later()
    return _RankedPage(pks=pks, count=count, count_capped=capped, suggestion="", facets={})


def product_search_capped(
    query: str, *, filters: SearchFilters | None = None, limit: int = 20
) -> tuple[int, bool, list]:
    key = _search_key(query, DocumentKind.PRODUCT, filters, limit)
    ranked = search_cache.cached(key, lambda: _product_ranked_page(query, filters=filters, limit=limit))
    by_pk = SearchDocument.objects.select_related("product", "enterprise").in_bulk(ranked.pks)
    rows = [by_pk[pk] for pk in ranked.pks if pk in by_pk]
    return ranked.count, ranked.count_capped, rows


def map_markers(
    query: str, *, filters: SearchFilters | None = None, limit: int = 5000
) -> list[dict[str, Any]]:
    """Markers for every matching enterprise: its own position, else its district's centre."""
    documents = search(query, kind=DocumentKind.ENTERPRISE, filters=filters, sort="name")
    rows = documents.values_list(
        "enterprise_id",
        "title",
        "primary_type",
        "district_code",
        "enterprise__latitude",
        "enterprise__longitude",
    )[:limit]
    markers: list[dict[str, Any]] = []
    for pk, title, primary_type, district_code, latitude, longitude in rows:
        approximate = latitude is None or longitude is None
        if latitude is None or longitude is None:
            district = DISTRICTS_BY_CODE.get(district_code or "")
            if district is None:
                continue
            lat, lng = district.latitude, district.longitude
        else:
            lat, lng = float(latitude), float(longitude)
        markers.append(
            {
                "pk": pk,
                "name": title,
                "type": primary_type,
                "district": district_code,
                "lat": lat,
                "lng": lng,
                "approximate": approximate,
            }
        )
    return markers


def published_news() -> QuerySet[NewsPost]:
    return NewsPost.objects.filter(status=NewsStatus.PUBLISHED, published_at__lte=timezone.now()).order_by(
        "-published_at", "-pk"
    )


def featured_enterprises(*, limit: int = 6) -> list[Enterprise]:
    """Enterprises that tell the public what they offer, most recently updated first."""
    pks = list(
        SearchDocument.objects.filter(kind=DocumentKind.ENTERPRISE, is_public=True)
        .exclude(enterprise__offers="")
        .order_by("-enterprise__updated_at", "enterprise_id")
        .values_list("enterprise_id", flat=True)[:limit]
    )
    return enterprises_in_order(pks)


def featured_products(*, limit: int = 6) -> list[SearchDocument]:
    return list(
        SearchDocument.objects.filter(kind=DocumentKind.PRODUCT, is_public=True)
        .select_related("product", "enterprise")
        .order_by("-product__updated_at", "product_id")[:limit]
    )


def industry_choices() -> list[str]:
    return list(
        SearchDocument.objects.filter(kind=DocumentKind.ENTERPRISE, is_public=True)
        .exclude(industry="")
        .values_list("industry", flat=True)
        .distinct()
        .order_by("industry")
    )
