"""How an enterprise is shown outside the back office: public fields, masked contacts."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

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


# How an enterprise's change history names what happened (the audit log keeps dotted codes).
HISTORY_ACTIONS = {
    "registry.enterprise.created": _("Enterprise added"),
    "registry.enterprise.updated": _("Enterprise changed"),
    "registry.enterprise.merged": _("Merged with a duplicate"),
    "registry.enterprise.viewed": _("Viewed"),
    "registry.enterprise.personal_data_viewed": _("Contacts viewed"),
    "registry.designation.added": _("Designation added"),
    "registry.designation.updated": _("Designation changed"),
    "registry.designation.removed": _("Designation removed"),
    "portal.profile.updated": _("Profile changed by the enterprise"),
    "portal.profile_change.requested": _("Profile change requested"),
    "portal.profile_change.approved": _("Profile change approved"),
    "portal.profile_change.rejected": _("Profile change rejected"),
    "portal.photo.added": _("Photo added"),
    "portal.photo.removed": _("Photo removed"),
    "portal.enterprise.position_set": _("Map position set"),
    "portal.enterprise_settings.updated": _("Settings changed"),
    "accounts.membership.added": _("Member added"),
}


def _history_field(name: str) -> models.Field[Any, Any] | None:
    for model in (Enterprise, Designation):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if isinstance(field, models.Field):
            return field
    return None


def _history_value(field: models.Field[Any, Any] | None, value: Any) -> Any:
    if value in (None, ""):
        return ""
    if field is not None and field.choices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


def enterprise_history_rows(entries: Any) -> list[dict[str, Any]]:
    """Audit entries of an enterprise as people read them: what happened in words, each changed
    field by its label, choice values by their labels (never `legal_form: company → cooperative`)."""
    rows = []
    for entry in entries:
        changes = []
        for name, pair in ((entry.data or {}).get("changes") or {}).items():
            field = _history_field(name)
            old, new = (pair + [None, None])[:2] if isinstance(pair, list) else (None, pair)
            changes.append(
                {
                    "field": str(field.verbose_name) if field is not None else name,
                    "old": _history_value(field, old),
                    "new": _history_value(field, new),
                }
            )
        rows.append(
            {
                "created_at": entry.created_at,
                "actor": entry.actor_label,
                "action": HISTORY_ACTIONS.get(entry.action, entry.action),
                "changes": changes,
            }
        )
    return rows
