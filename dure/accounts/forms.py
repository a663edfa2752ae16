from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from dure.accounts.models import User
from dure.accounts.services import login_is_locked
from dure.core.text import PASSWORD_MAX


class EmailLoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _("The email address or password is not correct."),
        "inactive": _("This account is not active."),
        "locked": _("Too many failed attempts. This account is locked for a while; try again later."),
    }

    def clean(self) -> dict[str, Any]:
        email = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if email and password:
            user = User.objects.filter(email__iexact=email).first()
            if user is not None and login_is_locked(user):
                raise forms.ValidationError(self.error_messages["locked"], code="locked")
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None:
                user = User.objects.filter(email__iexact=email).first()
                if user is not None and login_is_locked(user):
                    raise forms.ValidationError(self.error_messages["locked"], code="locked")
                raise self.get_invalid_login_error()
            self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class SignupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(label=_("Email"))
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=PASSWORD_MAX,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent_account = forms.BooleanField(
        label=_(
            "I agree to the collection and use of my name and email address for membership (kept until I leave)."
        ),
        required=True,
    )
    consent_marketing = forms.BooleanField(
        label=_("Send me news and event announcements (optional)."), required=False
    )

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this email address already exists."))
        return email

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password"):
            try:
                validate_password(
                    data["password"], User(email=data.get("email", ""), name=data.get("name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password", error)
        return data


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What the token is for, e.g. 'accounting sync'.")
    )
