"""`log_action`: the one way domain services write the audit log."""

from __future__ import annotations

import contextvars
import datetime as dt
import decimal
import uuid
from typing import Any

from django.db import models

from dure.core.models import AuditLog

# Set per request by RequestContextMiddleware so that services need not pass the IP along.
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "url"):  # a FieldFile
        return getattr(value, "name", None) or ""
    return value


def log_action(
    action: str,
    *,
    actor: Any = None,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    ip: str | None = None,
    personal_data: bool = False,
) -> AuditLog:
    """Append one audit entry. `action` is dotted `app.entity.verb_past`."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = ""
    if user is not None:
        label = getattr(user, "email", "") or str(user)
    elif isinstance(actor, str):
        label = actor
    return AuditLog.objects.create(
        actor=user,
        actor_label=label[:200],
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_pk=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        data=_jsonable(data or {}),
        ip=ip or current_ip.get(),
        personal_data=personal_data,
    )


def model_changes(instance: models.Model, before: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """{field: [old, new]} for each field whose value changed since `before` was taken."""
    changes: dict[str, Any] = {}
    for name in fields:
        new = getattr(instance, name)
        old = before.get(name)
        if _jsonable(old) != _jsonable(new):
            changes[name] = [_jsonable(old), _jsonable(new)]
    return changes


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def log_personal_data_access(
    *, actor: Any, target: models.Model, fields: list[str], purpose: str, action: str = "viewed"
) -> AuditLog:
    """Record that someone saw, changed or downloaded personal data (PIPA: who, when, from where,
    whose, what). Kept with the audit log, which is append-only and kept at least two years."""
    app_label = target._meta.app_label
    model_name = target._meta.model_name
    return log_action(
        f"{app_label}.{model_name}.personal_data_{action}",
        actor=actor,
        target=target,
        data={"fields": fields, "purpose": purpose},
        personal_data=True,
    )
