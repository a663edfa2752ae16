from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.accounts import services
from dure.accounts.forms import EmailLoginForm, SignupForm, TokenForm
from dure.accounts.models import ApiToken, ConsentPurpose
from dure.core.access import signed_in_user
from dure.core.errors import DomainError, add_form_error


class LoginView(auth_views.LoginView):
    form_class = EmailLoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


def signup(request: HttpRequest) -> HttpResponse:
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                user = services.user_create(email=data["email"], password=data["password"], name=data["name"])
                # Kept while the account exists, as the signup notice says ("kept until I leave").
                services.consent_record(
                    user=user, purpose=ConsentPurpose.ACCOUNT, granted=True, retention_days=None
                )
                services.consent_record(
                    user=user, purpose=ConsentPurpose.MARKETING, granted=bool(data["consent_marketing"])
                )
        except DomainError as error:
            add_form_error(form, error)
        else:
            login(request, user, backend="dure.accounts.backends.EmailLockoutBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("portal:home")
    return render(request, "accounts/signup.html", {"form": form})


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        new_token = services.token_issue(user=user, name=form.cleaned_data["name"])
        form = TokenForm()
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    memberships = user.memberships.select_related("enterprise")
    return render(
        request,
        "accounts/settings.html",
        {"form": form, "tokens": tokens, "new_token": new_token, "memberships": memberships},
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user = signed_in_user(request)
    token = ApiToken.objects.filter(user=user, pk=pk).first()
    if token is None:
        raise Http404
    services.token_revoke(token=token, actor=user)
    messages.success(request, _("The token was revoked."))
    return redirect("accounts:settings")
