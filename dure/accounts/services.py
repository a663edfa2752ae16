from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.accounts.models import ApiToken, Consent, ConsentPurpose, EnterpriseMembership, Role, User
from dure.accounts.retention import DEFAULT_RETENTION_DAYS
from dure.core.audit import current_ip, log_action
from dure.core.db import insert_once
from dure.core.errors import DomainError

TOKEN_PREFIX = "dure_"  # noqa: S105  (a prefix, not a secret)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    name: str = "",
    role: str = Role.CITIZEN,
    team: str = "",
    actor: Any = None,
    **extra: Any,
) -> User:
    email = (email or "").strip().lower()
    taken = _("An account with this email address already exists.")
    if User.objects.filter(email__iexact=email).exists():
        raise DomainError(taken, field="email")
    # The same signup sent twice at once: the unique email keeps the first.
    user = insert_once(
        lambda: User.objects.create_user(
            email=email, password=password, name=name, role=role, team=team, **extra
        ),
        DomainError(taken, field="email"),
    )
    log_action("accounts.user.created", actor=actor, target=user, data={"role": role, "team": team})
    return user


@transaction.atomic
def token_issue(*, user: User, name: str = "API", actor: Any = None) -> str:
    """Create a personal access token and return it; only its hash is kept."""
    if not name.strip():
        raise DomainError(_("Give the token a name."), field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(
        user=user, name=name.strip()[:100], prefix=token[:12], token_hash=_hash(token)
    )
    log_action("accounts.token.issued", actor=actor or user, target=record, data={"name": record.name})
    return token


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
        log_action("accounts.token.revoked", actor=actor, target=token)


def token_authenticate(raw: str) -> User | None:
    """The active user a bearer token belongs to, or None."""
    if not raw.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if record is None:
        return None
    now = timezone.now()
    if record.last_used_at is None or now - record.last_used_at > dt.timedelta(minutes=5):
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


def login_is_locked(user: User) -> bool:
    return user.locked_until is not None and user.locked_until > timezone.now()


def login_failed(*, user: User) -> None:
    """Count a failed login; lock the account for a while after too many in a row."""
    User.objects.filter(pk=user.pk).update(failed_login_count=F("failed_login_count") + 1)
    user.refresh_from_db(fields=["failed_login_count", "locked_until"])
    if user.failed_login_count >= settings.DURE_LOGIN_MAX_FAILURES:
        until = timezone.now() + dt.timedelta(minutes=settings.DURE_LOGIN_LOCKOUT_MINUTES)
        User.objects.filter(pk=user.pk).update(locked_until=until, failed_login_count=0)
        log_action("accounts.user.locked", target=user, data={"until": until})


def login_succeeded(*, user: User) -> None:
    if user.failed_login_count or user.locked_until:
        User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)


@transaction.atomic
def consent_record(
    *,
    purpose: str,
    granted: bool,
    user: User | None = None,
    subject_email: str = "",
    subject_name: str = "",
    retention_days: int | None = DEFAULT_RETENTION_DAYS,
) -> Consent:
    if purpose not in ConsentPurpose.values:
        raise DomainError(_("Unknown consent purpose."), field="purpose")
    retention = timezone.localdate() + dt.timedelta(days=retention_days) if retention_days else None
    consent = Consent.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        subject_email=subject_email,
        subject_name=subject_name,
        purpose=purpose,
        granted=granted,
        retention_until=retention,
        # The address the consent came from, as the audit log has it (set per request).
        ip=current_ip.get(),
    )
    log_action(
        "accounts.consent.granted" if granted else "accounts.consent.withdrawn",
        actor=user,
        target=consent,
        data={"purpose": purpose},
        personal_data=True,
    )
    return consent


def consent_is_given(*, user: User, purpose: str) -> bool:
    latest = Consent.objects.filter(user=user, purpose=purpose).order_by("-created_at", "-pk").first()
    return bool(latest and latest.granted)


@transaction.atomic
def membership_add(*, user: User, enterprise: Any, role: str, actor: Any = None) -> EnterpriseMembership:
    membership, created = EnterpriseMembership.objects.get_or_create(
        user=user, enterprise=enterprise, defaults={"role": role}
    )
    if not created and membership.role != role:
        membership.role = role
        membership.save(update_fields=["role", "updated_at"])
    if user.role == Role.CITIZEN:
        user.role = Role.ENTERPRISE
        user.save(update_fields=["role"])
    log_action("accounts.membership.added", actor=actor, target=membership, data={"role": role})
    return membership
