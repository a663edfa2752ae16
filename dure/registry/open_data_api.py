"""/api/v1/open-data/: the registry's public fields as CSV, XLSX, JSON and JSON-LD profiles."""

from __future__ import annotations

import json

from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from dure.core.errors import DomainError
from dure.registry.open_data import (
    COLUMNS,
    enterprise_jsonld,
    enterprises_csv_text,
    enterprises_xlsx_bytes,
    open_data_queryset,
    records,
)

router = Router(tags=["open data"])

LICENSE = "https://www.kogl.or.kr/info/licenseType1.do"  # 공공누리 제1유형 (attribution)


def site_url(request: HttpRequest) -> str:
    """The address the file was fetched from, for links in it that work outside the site."""
    return request.build_absolute_uri("/")


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


@router.get("/enterprises.csv", url_name="open_data_enterprises_csv", summary="All enterprises as CSV")
def enterprises_csv(request: HttpRequest, encoding: str = "utf-8") -> HttpResponse:
    """UTF-8 with BOM so that Excel opens it; `?encoding=cp949` for older Korean software
    (characters CP949 lacks become '?')."""
    wanted = encoding.lower().replace("_", "-")
    if wanted not in ("utf-8", "utf8", "cp949", "euc-kr"):
        raise DomainError(_("Choose the encoding utf-8 or cp949."), field="encoding")
    text = enterprises_csv_text(base_url=site_url(request))
    if wanted in ("cp949", "euc-kr"):
        body = text.encode("cp949", errors="replace")
        charset = "cp949"
    else:
        body = "\ufeff".encode() + text.encode("utf-8")
        charset = "utf-8"
    response = HttpResponse(body, content_type=f"text/csv; charset={charset}")
    return _attachment(response, "dure-enterprises.csv")


@router.get("/enterprises.xlsx", url_name="open_data_enterprises_xlsx", summary="All enterprises as XLSX")
def enterprises_xlsx(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        enterprises_xlsx_bytes(base_url=site_url(request)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, "dure-enterprises.xlsx")


@router.get("/enterprises.json", url_name="open_data_enterprises_json", summary="All enterprises as JSON")
def enterprises_json(request: HttpRequest) -> HttpResponse:
    items = list(records(base_url=site_url(request)))
    body = {
        "generated_at": timezone.now().isoformat(),
        "license": LICENSE,
        "count": len(items),
        "fields": COLUMNS,
        "items": items,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@router.get(
    "/enterprises/{pk}.jsonld", url_name="open_data_enterprise_jsonld", summary="One enterprise as JSON-LD"
)
def enterprise_jsonld_view(request: HttpRequest, pk: int) -> HttpResponse:
    """ESSGLOBAL / schema.org profile with the Murmurations organisation fields."""
    enterprise = open_data_queryset().filter(pk=pk).first()
    if enterprise is None:
        raise Http404
    document = enterprise_jsonld(enterprise, base_url=site_url(request))
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False), content_type="application/ld+json; charset=utf-8"
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
