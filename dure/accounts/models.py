"""Users (email login), roles, enterprise memberships, consent records and API tokens."""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dure.core.models import BaseModel


class Role(models.TextChoices):
    STAFF = "staff", _("center staff")
    ENTERPRISE = "enterprise", _("enterprise member")
    COUNCIL = "council", _("council member")
    REVIEWER = "reviewer", _("reviewer")
    INSTITUTION = "institution", _("institution buyer")
    CITIZEN = "citizen", _("citizen")


class Team(models.TextChoices):
    PLANNING = "planning", _("Planning and Operations Team")
    MARKETING = "marketing", _("Marketing Team")
    EDUCATION = "education", _("Education and PR Team")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.STAFF)
        extra.setdefault("team", Team.PLANNING)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CITIZEN)
    team = models.CharField(_("team"), max_length=20, choices=Team.choices, blank=True)
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    region_code = models.CharField(_("region code"), max_length=10, blank=True)
    is_active = models.BooleanField(pgettext_lazy("account", "active"), default=True)
    # Django admin access only; a center staff member is role == staff (see is_center_staff).
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    failed_login_count = models.PositiveIntegerField(_("failed logins in a row"), default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team="") | models.Q(role="staff"), name="accounts_user_team_only_for_staff"
            )
        ]

    def __str__(self) -> str:
        return self.name or self.email

    @property
    def is_center_staff(self) -> bool:
        return self.is_active and (self.role == Role.STAFF or self.is_superuser)

    def get_full_name(self) -> str:
        return self.name or self.email

    def get_short_name(self) -> str:
        return self.name or self.email


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("owner (representative)")
    STAFF = "staff", _("staff")


class EnterpriseMembership(BaseModel):
    """A user who acts for an enterprise: its owner or one of its staff."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    enterprise = models.ForeignKey(
        "registry.Enterprise", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=10, choices=MembershipRole.choices, default=MembershipRole.STAFF
    )

    class Meta:
        verbose_name = _("enterprise membership")
        verbose_name_plural = _("enterprise memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "enterprise"], name="accounts_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.enterprise}"


class ConsentPurpose(models.TextChoices):
    ACCOUNT = "account", _("membership and login")
    ORDER = "order", _("processing orders and delivery")
    PROGRAM = "program", _("program registration and certificates")
    BOOKING = "booking", _("room booking")
    MARKETING = "marketing", _("news and event announcements")
    PROFILE_CONTACT = "profile_contact", _("publishing contact details on the enterprise profile")


class Consent(models.Model):
    """One consent given or withdrawn for one purpose (PIPA art. 15, 22). Append-only."""

    user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="consents")
    # For guests (no account): whose consent it is, as they gave it.
    subject_email = models.EmailField(_("email"), blank=True)
    subject_name = models.CharField(_("name"), max_length=100, blank=True)
    purpose = models.CharField(_("purpose"), max_length=30, choices=ConsentPurpose.choices)
    granted = models.BooleanField(_("granted"))
    text_version = models.CharField(_("notice version"), max_length=20, default="2026-01")
    retention_until = models.DateField(_("keep until"), null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.purpose} {'+' if self.granted else '-'}"


class ApiToken(BaseModel):
    """A personal access token. Only its SHA-256 is stored; the token is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
