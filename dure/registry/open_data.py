"""The registry as open data: the public fields of every enterprise, as rows and as JSON-LD.

Only what the official lists publish (name, 사업자등록번호, designations, address, representative,
industry, website) plus what the enterprise itself publishes on its profile; the phone only when
the enterprise chose to publish it, never an e-mail address, never anything from the back office
(review notes, employees, revenue, SVI scores).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet

from dure.core.identifiers import brn_format
from dure.core.regions import SIDO, SIDO_EN, district_name, region_name
from dure.core.spreadsheets import csv_text, xlsx_row
from dure.core.urls import pk_url
from dure.registry.models import Designation, DesignationType, Enterprise, LegalForm
from dure.registry.selectors import enterprise_queryset

# Column → description (docs/registry-import.md lists the same).
COLUMNS: list[str] = [
    "id",
    "name",
    "brn",
    "legal_form",
    "primary_type",
    "types",
    "designation_types",
    "designation_authorities",
    "designation_numbers",
    "designation_start_dates",
    "designation_end_dates",
    "district_code",
    "district",
    "address",
    "latitude",
    "longitude",
    "industry",
    "ksic_code",
    "social_purpose",
    "description",
    "founded_on",
    "website",
    "phone",
    "representative",
    "status",
    "profile_url",
    "updated_at",
]

# What each column holds, for the XLSX's second sheet: the column, its Korean name, its meaning.
FIELD_NAMES: dict[str, tuple[str, str]] = {
    "id": ("번호", "Dure's record number; stays the same across downloads"),
    "name": ("기업명", "the enterprise's name as registered"),
    "brn": ("사업자등록번호", "business registration number, 123-45-67890"),
    "legal_form": (
        "법인 형태",
        "company, cooperative, social_cooperative, nonprofit, agricultural, sole, other",
    ),
    "primary_type": ("대표 유형", "the designation the enterprise is listed under"),
    "types": ("유형", "every active designation type, '; '-separated"),
    "designation_types": ("지정 유형", "active designations: type"),
    "designation_authorities": ("지정 기관", "active designations: the authority that designated it"),
    "designation_numbers": ("지정 번호", "active designations: certificate or designation number"),
    "designation_start_dates": ("지정일", "active designations: first day (YYYY-MM-DD)"),
    "designation_end_dates": ("지정 만료일", "active designations: last day, if any"),
    "district_code": ("자치구 코드", "5-digit administrative district code (행정표준코드)"),
    "district": ("자치구", "district name"),
    "address": ("주소", "road-name address, without the unit"),
    "latitude": ("위도", "WGS84, when known"),
    "longitude": ("경도", "WGS84, when known"),
    "industry": ("업종", "industry as the official list gives it"),
    "ksic_code": ("표준산업분류 코드", "Korean Standard Industrial Classification code"),
    "social_purpose": (
        "사회적 목적 유형",
        "as the official list gives it: 일자리제공형, 사회서비스제공형, 지역사회공헌형, 혼합형…",
    ),
    "description": ("소개", "what the enterprise does"),
    "founded_on": ("설립일", "YYYY-MM-DD"),
    "website": ("홈페이지", "web address"),
    "phone": ("전화번호", "business phone, when the enterprise publishes it"),
    "representative": ("대표자", "as the official lists publish it"),
    "status": ("상태", "active or dormant (closed enterprises are not in the file)"),
    "profile_url": ("프로필 주소", "the enterprise's page on Dure"),
    "updated_at": ("수정 시각", "when the record last changed (ISO 8601)"),
}


def open_data_queryset() -> QuerySet[Enterprise]:
    return (
        enterprise_queryset()
        .exclude(status="closed")
        .prefetch_related(Prefetch("designations", queryset=Designation.objects.order_by("start_date", "pk")))
        .order_by("pk")
    )


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def enterprise_record(enterprise: Enterprise, *, base_url: str = "") -> dict[str, Any]:
    """One enterprise's public fields (nested designations), as in the JSON file. `base_url`
    (the site's address) makes `profile_url` a link that works outside the site."""
    designations = list(enterprise.designations.all())
    active = [d for d in designations if d.is_active]
    types: list[str] = []
    for d in active:
        if d.type not in types:
            types.append(d.type)
    return {
        "id": enterprise.pk,
        "name": enterprise.name,
        "brn": brn_format(enterprise.brn) if enterprise.brn else "",
        "legal_form": enterprise.legal_form,
        "primary_type": enterprise.primary_type,
        "types": types,
        "designations": [
            {
                "type": d.type,
                "authority": d.authority,
                "number": d.number,
                "start_date": _iso(d.start_date),
                "end_date": _iso(d.end_date),
                "round": d.round,
                "is_active": d.is_active,
            }
            for d in designations
        ],
        "district_code": enterprise.district_code,
        "district": district_name(enterprise.district_code),
        "address": enterprise.address,
        "latitude": float(enterprise.latitude) if enterprise.latitude is not None else None,
        "longitude": float(enterprise.longitude) if enterprise.longitude is not None else None,
        "industry": enterprise.industry,
        "ksic_code": enterprise.ksic_code,
        "social_purpose": enterprise.social_purpose,
        "description": enterprise.description,
        "founded_on": _iso(enterprise.founded_on),
        "website": enterprise.website,
        "phone": enterprise.phone if enterprise.publish_phone else "",
        "representative": enterprise.representative,
        "status": enterprise.status,
        "profile_url": base_url.rstrip("/") + pk_url("portal:enterprise", enterprise.pk),
        "updated_at": enterprise.updated_at.isoformat() if enterprise.updated_at else "",
    }


def enterprise_row(record: dict[str, Any]) -> list[Any]:
    """A JSON record flattened into the CSV/XLSX columns (active designations, '; '-joined)."""
    active = [d for d in record["designations"] if d["is_active"]]
    flat = dict(record)
    flat["types"] = "; ".join(record["types"])
    flat["designation_types"] = "; ".join(d["type"] for d in active)
    flat["designation_authorities"] = "; ".join(d["authority"] for d in active)
    flat["designation_numbers"] = "; ".join(d["number"] for d in active)
    flat["designation_start_dates"] = "; ".join(d["start_date"] for d in active)
    flat["designation_end_dates"] = "; ".join(d["end_date"] for d in active)
    return ["" if flat[c] is None else flat[c] for c in COLUMNS]


def records(*, base_url: str = "") -> Iterator[dict[str, Any]]:
    for enterprise in open_data_queryset().iterator(chunk_size=2000):
        yield enterprise_record(enterprise, base_url=base_url)


# ESSGLOBAL legal-form and activity vocabularies (https://w3id.org/essglobal/voc/v2).
ESSGLOBAL = "https://w3id.org/essglobal/voc/v2#"
_LEGAL_FORM_TERMS = {
    LegalForm.COMPANY: "essglobal:Company",
    LegalForm.COOPERATIVE: "essglobal:Cooperative",
    LegalForm.SOCIAL_COOPERATIVE: "essglobal:SocialCooperative",
    LegalForm.NONPROFIT: "essglobal:NonProfitOrganisation",
    LegalForm.AGRICULTURAL: "essglobal:AgriculturalCorporation",
    LegalForm.SOLE: "essglobal:SoleProprietorship",
    LegalForm.OTHER: "essglobal:OtherLegalForm",
}


def enterprises_csv_text(*, base_url: str = "") -> str:
    """Every public record as CSV text (the caller chooses the encoding)."""
    return csv_text(COLUMNS, (enterprise_row(record) for record in records(base_url=base_url)))


def enterprises_xlsx_bytes(*, base_url: str = "") -> bytes:
    """Every public record as an XLSX workbook (write-only: tens of thousands of rows)."""
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("enterprises")
    sheet.append(COLUMNS)
    for record in records(base_url=base_url):
        sheet.append(xlsx_row(sheet, enterprise_row(record)))
    # The columns explained, in Korean and English (공공데이터의 항목 정의).
    fields = workbook.create_sheet("fields")
    fields.append(["column", "항목명", "description"])
    for column in COLUMNS:
        korean, meaning = FIELD_NAMES[column]
        fields.append([column, korean, meaning])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def enterprise_jsonld(enterprise: Enterprise, *, base_url: str) -> dict[str, Any]:
    """An ESSGLOBAL / schema.org profile with the Murmurations organisation fields, so that
    international social and solidarity economy maps can index the enterprise."""
    record = enterprise_record(enterprise, base_url=base_url)
    profile = record["profile_url"]
    labels = dict(DesignationType.choices)
    tags = [str(labels.get(t, t)) for t in record["types"]] + [t for t in record["types"]]
    if record["industry"]:
        tags.append(record["industry"])
    # The province (시도) is the first two digits of the district code: 29 광주, 11 서울, 26 부산…
    sido = record["district_code"][:2]
    locality = record["district"]
    document: dict[str, Any] = {
        "@context": {
            "@vocab": "https://schema.org/",
            "schema": "https://schema.org/",
            "essglobal": ESSGLOBAL,
            "murm": "https://murmurations.network/schemas/",
            "legalForm": {"@id": "essglobal:legalForm", "@type": "@id"},
            "primary_url": {"@id": "murm:primary_url", "@type": "@id"},
            "tags": "schema:keywords",
            "linked_schemas": "murm:linked_schemas",
            "region": "murm:region",
            "locality": "murm:locality",
            "country_iso_3166": "murm:country_iso_3166",
            "geolocation": "murm:geolocation",
            "full_address": "murm:full_address",
        },
        "@type": ["Organization", "essglobal:SSEInitiative"],
        "@id": profile,
        "linked_schemas": ["organizations_schema-v1.0.0"],
        "name": record["name"],
        "legalName": record["name"],
        "legalForm": _LEGAL_FORM_TERMS.get(record["legal_form"], "essglobal:OtherLegalForm"),
        "url": profile,
        "primary_url": record["website"] or profile,
        "tags": tags,
        "description": record["description"],
        "status": record["status"],
        "address": {
            "@type": "PostalAddress",
            "streetAddress": record["address"],
            "addressLocality": locality,
            "addressRegion": SIDO.get(sido, "") if sido else "",
            "addressCountry": "KR",
        },
        "full_address": record["address"],
        "locality": locality,
        "region": SIDO_EN.get(sido, "") if sido else "",
        "country_iso_3166": "KR",
        "areaServed": region_name(record["district_code"], english=False) or settings.DURE_REGION_NAME,
        "essglobal:qualifier": [
            {
                "@type": "essglobal:Designation",
                "name": str(labels.get(d["type"], d["type"])),
                "identifier": d["number"],
                "startDate": d["start_date"],
                "endDate": d["end_date"],
                "essglobal:authority": d["authority"],
            }
            for d in record["designations"]
            if d["is_active"]
        ],
    }
    if record["brn"]:
        document["taxID"] = record["brn"]
    if record["website"]:
        document["sameAs"] = [record["website"]]
    if record["latitude"] is not None and record["longitude"] is not None:
        document["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": record["latitude"],
            "longitude": record["longitude"],
        }
        document["geolocation"] = {"lat": record["latitude"], "lon": record["longitude"]}
    return document
