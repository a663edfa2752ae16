"""How an enterprise is shown outside the back office: public fields, masked contacts."""

from __future__ import annotations

from typing import Any

from dure.core.audit import log_personal_data_access
from dure.core.masking import mask
from dure.core.urls import pk_url
from dure.registry.access import can_manage_enterprise
from dure.registry.models import Designation, Enterprise
from dure.registry.selectors import active_types
from dure.registry.services import DESIGNATION_FIELDS

# The fields `enterprise_public_dict` reads, for reads that fetch only those (the search API:
# portal.selectors.enterprise_search_page); a test checks that it reads no other.
PUBLIC_ENTERPRISE_FIELDS = (
    "id",
    "name",
    "brn",
    "primary_type",
    "district_code",
    "legal_form",
    "status",
    "address",
    "industry",
    "ksic_code",
    "description",
    "offers",
    "needs",
    "website",
    "phone",
    "email",
    "publish_phone",
    "publish_email",
    "representative",
    "latitude",
    "longitude",
    "svi_grade",
    "svi_year",
    "sells_online",
)
# A designation is shown whole: every value field (`services.DESIGNATION_FIELDS`) and its keys.
PUBLIC_DESIGNATION_FIELDS = ("id", "enterprise_id", *DESIGNATION_FIELDS)


def enterprise_public_dict(
    enterprise: Enterprise,
    *,
    user: Any = None,
    reveal: bool = False,
    designations: list[Designation] | None = None,
) -> dict[str, Any]:
    """Public fields; contacts as the enterprise chose to publish them, masked otherwise.

    With `reveal` (a single enterprise's page or API read, never a list), staff and the
    enterprise's own members see its unpublished contacts unmasked, and that sight is logged as a
    personal-data access. Lists mask them for everyone, so no list is a way to collect them.
    `designations` (oldest first) saves reading them from the enterprise (see
    `designations_by_enterprise`).
    """
    privileged = reveal and user is not None and can_manage_enterprise(user, enterprise)
    revealed = [
        name
        for name, published in (("phone", enterprise.publish_phone), ("email", enterprise.publish_email))
        if privileged and not published and getattr(enterprise, name)
    ]
    if revealed:
        log_personal_data_access(actor=user, target=enterprise, fields=revealed, purpose="profile")
    phone = (
        enterprise.phone
        if (enterprise.publish_phone or "phone" in revealed)
        else mask(enterprise.phone, "phone")
    )
    email = (
        enterprise.email
        if (enterprise.publish_email or "email" in revealed)
        else mask(enterprise.email, "email")
    )
    if designations is None:
        designations = list(enterprise.designations.all())
    return {
        "pk": enterprise.pk,
        "name": enterprise.name,
        "brn": enterprise.brn or None,
        "primary_type": enterprise.primary_type or None,
        "types": active_types(enterprise, designations),
        "district_code": enterprise.district_code or None,
        "legal_form": enterprise.legal_form,
        "status": enterprise.status,
        "address": enterprise.address,
        "industry": enterprise.industry,
        "ksic_code": enterprise.ksic_code,
        "description": enterprise.description,
        "offers": enterprise.offers,
        "needs": enterprise.needs,
        "website": enterprise.website,
        "phone": phone,
        "email": email,
        # The representative's name is published in the official lists themselves.
        "representative": enterprise.representative,
        "latitude": float(enterprise.latitude) if enterprise.latitude is not None else None,
        "longitude": float(enterprise.longitude) if enterprise.longitude is not None else None,
        "svi_grade": enterprise.svi_grade,
        "svi_year": enterprise.svi_year,
        "sells_online": enterprise.sells_online,
        "designations": [
            {
                "type": d.type,
                "authority": d.authority,
                "number": d.number,
                "start_date": d.start_date,
                "end_date": d.end_date,
                "round": d.round,
                "is_active": d.is_active,
            }
            for d in designations
        ],
        "url": pk_url("portal:enterprise", enterprise.pk),
    }
