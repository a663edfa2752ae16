"""Destroying personal data once its retention has ended (개인정보보호법 제21조).

A consent says how long what it covers is kept (`Consent.retention_until`; the order and program
notices say three years). Each app that keeps personal data under a consent names, in its
AppConfig, the function that destroys its expired copies:

    personal_data_expiry = "dure.market.services.retention.orders_destroy_expired"

called as `(*, today, dry_run) -> int` (how many records it destroyed, or would). Destroying
blanks the personal fields in place and stamps the record's `personal_data_destroyed_on`; what is
not personal (amounts, units, districts, seats, dates) stays for the statistics and the books.
Each destroyer logs one audit entry listing the records (the 파기 대장: which, when, by what
rule), never their contents. `dure destroy_expired_personal_data` runs them all every day
(`run_schedule`), then blanks the name, email and address of the expired consent records
themselves, keeping what was agreed to and when.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from dure.accounts.models import Consent
from dure.core.audit import log_action

# What a record kept without a consent row (an order placed before consents were recorded, say)
# is kept for: the three years the notices give.
DEFAULT_RETENTION_DAYS = 365 * 3


def expired(consent_field: str, created_field: str, *, today: dt.date) -> Q:
    """Records whose consent's retention ended before `today`; without a consent, those older
    than the default retention."""
    cutoff = timezone.make_aware(
        dt.datetime.combine(today - dt.timedelta(days=DEFAULT_RETENTION_DAYS), dt.time())
    )
    return Q(**{f"{consent_field}__retention_until__lt": today}) | Q(
        **{f"{consent_field}__isnull": True, f"{created_field}__lt": cutoff}
    )


def destroy_rows(
    rows: QuerySet[Any], *, blank: dict[str, Any], action: str, rule: str, today: dt.date, dry_run: bool
) -> int:
    """Blank `blank`'s fields of these rows and log one entry listing them (nothing with
    `dry_run`); how many rows that is. An app's destroyer chooses the rows."""
    pks = list(rows.values_list("pk", flat=True))
    if pks and not dry_run:
        rows.model.objects.filter(pk__in=pks).update(**blank)
        log_action(action, data={"records": pks, "rule": rule, "on": today.isoformat()}, personal_data=True)
    return len(pks)


def expiry_handlers() -> list[tuple[str, Callable[..., int]]]:
    handlers = []
    for config in apps.get_app_configs():
        path = getattr(config, "personal_data_expiry", None)
        if path:
            handlers.append((config.label, import_string(path)))
    return handlers


def consents_destroy_expired(*, today: dt.date, dry_run: bool = False) -> int:
    """Blank who gave an expired consent (name, email, address); keep purpose, answer and time."""
    rows = Consent.objects.filter(retention_until__lt=today).exclude(
        subject_email="", subject_name="", ip__isnull=True
    )
    return destroy_rows(
        rows,
        blank={"subject_email": "", "subject_name": "", "ip": None},
        action="accounts.consents.personal_data_destroyed",
        rule="retention_until passed",
        today=today,
        dry_run=dry_run,
    )


@transaction.atomic
def destroy_expired(*, today: dt.date | None = None, dry_run: bool = False) -> dict[str, Any]:
    """Run every app's destroyer, then the consents' own; {app label: records destroyed}."""
    today = today or timezone.localdate()
    counts = {label: handler(today=today, dry_run=dry_run) for label, handler in expiry_handlers()}
    counts["accounts"] = consents_destroy_expired(today=today, dry_run=dry_run)
    return counts
