"""Registry use cases. Every change is audited with its before and after values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import ForeignKey
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action, model_changes, snapshot
from dure.core.errors import DomainError
from dure.core.identifiers import brn_compact, brn_error, crn_compact
from dure.core.regions import district_from_address
from dure.registry.models import (
    DEFAULT_AUTHORITY,
    PRIMARY_TYPE_ORDER,
    Designation,
    DesignationType,
    Enterprise,
    EnterpriseStatus,
)

# The fields a person edits on an enterprise (everything but derived and bookkeeping columns).
ENTERPRISE_FIELDS: list[str] = [
    "name",
    "legal_form",
    "brn",
    "crn",
    "representative",
    "address",
    "address_detail",
    "district_code",
    "latitude",
    "longitude",
    "phone",
    "email",
    "website",
    "publish_phone",
    "publish_email",
    "founded_on",
    "ksic_code",
    "industry",
    "description",
    "offers",
    "needs",
    "social_purpose",
    "employees_total",
    "employees_vulnerable",
    "annual_revenue",
    "svi_grade",
    "svi_score",
    "svi_year",
    "sells_online",
    "status",
    "needs_review",
    "review_note",
]
DESIGNATION_FIELDS: list[str] = [
    "type",
    "authority",
    "number",
    "start_date",
    "end_date",
    "round",
    "is_active",
]


def _reindex(enterprise_pk: int) -> None:
    """Keep the portal's search index current once the change is committed (docs/portal.md)."""

    def run() -> None:
        from dure.portal.services import search_reindex_enterprise

        search_reindex_enterprise(enterprise_pk=enterprise_pk)

    transaction.on_commit(run)


def _save_refused(error: IntegrityError) -> DomainError:
    """What a person is told when the database refuses an enterprise (a rule the checks before
    it missed, or another save that won a race): the rule in words, never the database's text."""
    text = str(error)
    # PostgreSQL names the constraint; SQLite names the column ("UNIQUE constraint failed: …brn").
    if "registry_enterprise_brn_unique" in text or ("brn" in text and "UNIQUE" in text.upper()):
        return DomainError(
            _("Another enterprise already has this business registration number."), field="brn"
        )
    return DomainError(
        _(
            "The enterprise could not be saved: a value breaks a rule of the registry. Check the values and try again."
        )
    )


def _clean_enterprise_values(values: dict[str, Any], *, instance: Enterprise | None = None) -> dict[str, Any]:
    unknown = set(values) - set(ENTERPRISE_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(values)
    if "name" in cleaned:
        cleaned["name"] = (cleaned["name"] or "").strip()
        if not cleaned["name"]:
            raise DomainError(_("The enterprise name is required."), field="name")
    if "brn" in cleaned:
        raw = cleaned["brn"] or ""
        if raw:
            problem = brn_error(raw)
            if problem == "format":
                raise DomainError(
                    _("A business registration number has 10 digits (123-45-67890)."), field="brn"
                )
            if problem == "check_digit":
                raise DomainError(_("The business registration number's check digit is wrong."), field="brn")
        cleaned["brn"] = brn_compact(raw)
        if cleaned["brn"]:
            clash = Enterprise.objects.filter(brn=cleaned["brn"])
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                raise DomainError(
                    _("Another enterprise already has this business registration number."), field="brn"
                )
    if "crn" in cleaned:
        cleaned["crn"] = crn_compact(cleaned["crn"])
        if cleaned["crn"] and len(cleaned["crn"]) != 13:
            raise DomainError(_("A corporate registration number has 13 digits."), field="crn")
    if cleaned.get("address") and not cleaned.get("district_code"):
        district = district_from_address(cleaned["address"])
        if district and (instance is None or not instance.district_code or "address" in values):
            cleaned["district_code"] = district
    total = cleaned.get("employees_total", instance.employees_total if instance else None)
    vulnerable = cleaned.get("employees_vulnerable", instance.employees_vulnerable if instance else None)
    if total is not None and vulnerable is not None and vulnerable > total:
        raise DomainError(
            _("Vulnerable-group employees cannot outnumber all employees."), field="employees_vulnerable"
        )
    founded = cleaned.get("founded_on")
    if founded and founded > timezone.localdate():
        raise DomainError(_("The founding date is in the future."), field="founded_on")
    return cleaned


@transaction.atomic
def enterprise_create(
    *, actor: Any, values: dict[str, Any], designations: list[dict[str, Any]] | None = None
) -> Enterprise:
    cleaned = _clean_enterprise_values(values)
    enterprise = Enterprise(**cleaned)
    try:
        with transaction.atomic():
            enterprise.save()
    except IntegrityError as error:
        raise _save_refused(error) from error
    log_action(
        "registry.enterprise.created",
        actor=actor,
        target=enterprise,
        data={"after": {k: v for k, v in cleaned.items() if v not in ("", None)}},
    )
    for designation in designations or []:
        designation_add(actor=actor, enterprise=enterprise, values=designation, recompute=False)
    enterprise_recompute_primary_type(enterprise=enterprise)
    _reindex(enterprise.pk)
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, values: dict[str, Any]) -> dict[str, Any]:
    """Apply `values`; returns {field: [old, new]} of what changed (empty: nothing written)."""
    locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    cleaned = _clean_enterprise_values(values, instance=locked)
    before = snapshot(locked, list(cleaned))
    for name, value in cleaned.items():
        setattr(locked, name, value)
    changes = model_changes(locked, before, list(cleaned))
    if not changes:
        return {}
    try:
        with transaction.atomic():
            locked.save()
    except IntegrityError as error:
        raise _save_refused(error) from error
    log_action("registry.enterprise.updated", actor=actor, target=locked, data={"changes": changes})
    _reindex(locked.pk)
    for name in cleaned:
        setattr(enterprise, name, getattr(locked, name))
    enterprise.updated_at = locked.updated_at
    return changes


def _clean_designation(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - set(DESIGNATION_FIELDS)
    if unknown:
        raise DomainError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    cleaned = dict(values)
    if "type" in cleaned and cleaned["type"] not in DesignationType.values:
        raise DomainError(_("Unknown designation type."), field="type")
    start, end = cleaned.get("start_date"), cleaned.get("end_date")
    if start and end and end < start:
        raise DomainError(_("A designation cannot end before it starts."), field="end_date")
    if start and start > timezone.localdate() + dt.timedelta(days=366):
        raise DomainError(_("The designation date is too far in the future."), field="start_date")
    return cleaned


@transaction.atomic
def designation_add(
    *, actor: Any, enterprise: Enterprise, values: dict[str, Any], recompute: bool = True
) -> Designation:
    cleaned = _clean_designation(values)
    if not cleaned.get("type"):
        raise DomainError(_("Choose a designation type."), field="type")
    cleaned.setdefault("authority", DEFAULT_AUTHORITY.get(cleaned["type"], ""))
    if cleaned.get("end_date") and "is_active" not in values:
        cleaned["is_active"] = cleaned["end_date"] >= timezone.localdate()
    designation = Designation(enterprise=enterprise, **cleaned)
    try:
        with transaction.atomic():
            designation.save()
    except IntegrityError as error:
        raise DomainError(_("This designation is already recorded."), field="type") from error
    log_action(
        "registry.designation.added",
        actor=actor,
        target=enterprise,
        data={"designation": designation.pk, "after": cleaned},
    )
    if recompute:
        enterprise_recompute_primary_type(enterprise=enterprise)
    return designation


@transaction.atomic
def designation_update(*, actor: Any, designation: Designation, values: dict[str, Any]) -> dict[str, Any]:
    cleaned = _clean_designation(values)
    merged = {**snapshot(designation, ["start_date", "end_date"]), **cleaned}
    _clean_designation({"start_date": merged["start_date"], "end_date": merged["end_date"]})
    before = snapshot(designation, list(cleaned))
    for name, value in cleaned.items():
        setattr(designation, name, value)
    changes = model_changes(designation, before, list(cleaned))
    if changes:
        designation.save()
        log_action(
            "registry.designation.updated",
            actor=actor,
            target=designation.enterprise,
            data={"designation": designation.pk, "changes": changes},
        )
        enterprise_recompute_primary_type(enterprise=designation.enterprise)
    return changes


@transaction.atomic
def designation_remove(*, actor: Any, designation: Designation) -> None:
    enterprise = designation.enterprise
    data = {"designation": designation.pk, "before": snapshot(designation, DESIGNATION_FIELDS)}
    designation.delete()
    log_action("registry.designation.removed", actor=actor, target=enterprise, data=data)
    enterprise_recompute_primary_type(enterprise=enterprise)


def primary_type_for(types: set[str]) -> str:
    """The stated rule: the first type in PRIMARY_TYPE_ORDER that the enterprise holds."""
    for candidate in PRIMARY_TYPE_ORDER:
        if candidate in types:
            return str(candidate)
    return ""


def enterprise_recompute_primary_type(*, enterprise: Enterprise) -> str:
    types = set(enterprise.designations.filter(is_active=True).values_list("type", flat=True))
    primary = primary_type_for(types)
    if primary != enterprise.primary_type:
        Enterprise.objects.filter(pk=enterprise.pk).update(primary_type=primary)
        enterprise.primary_type = primary
        _reindex(enterprise.pk)
    return primary


def merge_preview(*, source: Enterprise, target: Enterprise) -> dict[str, Any]:
    """What a merge of `source` into `target` would do, without doing it."""
    if source.pk == target.pk:
        raise DomainError(_("An enterprise cannot be merged into itself."))
    filled: dict[str, Any] = {}
    for name in ENTERPRISE_FIELDS:
        if name in (
            "status",
            "needs_review",
            "review_note",
            "publish_phone",
            "publish_email",
            "sells_online",
        ):
            continue
        mine, theirs = getattr(target, name), getattr(source, name)
        if mine in ("", None) and theirs not in ("", None):
            filled[name] = theirs
    moved: dict[str, int] = {}
    for relation in Enterprise._meta.related_objects:
        if not isinstance(relation.field, ForeignKey) or relation.related_model is Enterprise:
            continue
        count = relation.related_model._default_manager.filter(**{relation.field.name: source}).count()
        if count:
            moved[str(relation.related_model._meta.verbose_name_plural)] = count
    return {"filled": filled, "moved": moved}


@transaction.atomic
def enterprise_merge(*, actor: Any, source: Enterprise, target: Enterprise) -> Enterprise:
    """Merge a duplicate into the record that stays: fill its empty fields, move every related
    row (designations, memberships, products, …), and close the duplicate with a pointer."""
    source = Enterprise.objects.select_for_update().get(pk=source.pk)
    target = Enterprise.objects.select_for_update().get(pk=target.pk)
    if source.merged_into_id:
        raise DomainError(_("This enterprise has already been merged."))
    preview = merge_preview(source=source, target=target)
    for relation in Enterprise._meta.related_objects:
        if not isinstance(relation.field, ForeignKey) or relation.related_model is Enterprise:
            continue
        manager = relation.related_model._default_manager
        for row in manager.filter(**{relation.field.name: source}):
            try:
                with transaction.atomic():
                    manager.filter(pk=row.pk).update(**{relation.field.name: target})
            except IntegrityError:
                # The target already has the same row (a membership, a designation): keep one.
                manager.filter(pk=row.pk).delete()
    source_brn = source.brn
    Enterprise.objects.filter(pk=source.pk).update(
        status=EnterpriseStatus.CLOSED, merged_into=target, brn="", primary_type=""
    )
    values = dict(preview["filled"])
    if values:
        for name, value in values.items():
            setattr(target, name, value)
        target.save()
    log_action(
        "registry.enterprise.merged",
        actor=actor,
        target=target,
        data={"source": source.pk, "source_name": source.name, "source_brn": source_brn, **preview},
    )
    enterprise_recompute_primary_type(enterprise=target)
    _reindex(target.pk)
    _reindex(source.pk)
    return target
