"""Staff back office for the enterprise registry."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.core.access import staff_required
from dure.core.audit import log_personal_data_access
from dure.core.errors import DomainError, add_form_error
from dure.core.models import AuditLog
from dure.registry import selectors, services
from dure.registry.access import access_enterprise_for_staff
from dure.registry.forms import DesignationForm, EnterpriseFilterForm, EnterpriseForm, MergeForm
from dure.registry.models import Designation, Enterprise
from dure.registry.presenters import enterprise_history_rows


def _field_label(name: str) -> str:
    """An Enterprise field's verbose name, for the 'Saved: …' message."""
    field = Enterprise._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, models.Field) else name


@staff_required
def enterprise_list(request: HttpRequest) -> HttpResponse:
    form = EnterpriseFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.enterprise_list(
        types=data.get("type") or [],
        district=data.get("district") or None,
        status=data.get("status") or None,
        needs_review=True if data.get("needs_review") else None,
        text=data.get("q") or None,
    )
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/enterprise_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "count": page.paginator.count},
    )


@staff_required
def enterprise_create(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enterprise = services.enterprise_create(actor=request.user, values=form.cleaned_data)
        except DomainError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The enterprise was added."))
            return redirect("registry:enterprise_edit", enterprise.pk)
    return render(request, "registry/enterprise_form.html", {"form": form, "enterprise": None})


@staff_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_staff(request.user, pk)
    if request.method == "GET":
        log_personal_data_access(
            actor=request.user,
            target=enterprise,
            fields=["representative", "phone", "email"],
            purpose="registry back office",
        )
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.enterprise_update(
                actor=request.user, enterprise=enterprise, values=form.cleaned_data
            )
        except DomainError as error:
            add_form_error(form, error)
        else:
            if changes:
                messages.success(
                    request,
                    _("Saved: %(fields)s.") % {"fields": ", ".join(_field_label(name) for name in changes)},
                )
            else:
                messages.info(request, _("Nothing changed."))
            return redirect("registry:enterprise_edit", enterprise.pk)
    # What changed, not who looked: every opening of this page is itself a logged access, and
    # those reads stay in the audit log (the admin), out of the record's own history.
    history = (
        AuditLog.objects.filter(target_type="registry.enterprise", target_pk=str(enterprise.pk))
        .exclude(action__endswith="viewed")
        .select_related("actor")[:50]
    )
    return render(
        request,
        "registry/enterprise_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "designation_form": DesignationForm(),
            "designations": enterprise.designations.all(),
            "history": enterprise_history_rows(history),
            "duplicates": selectors.possible_duplicates(enterprise),
        },
    )


@staff_required
@require_POST
def designation_add(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_staff(request.user, pk)
    form = DesignationForm(request.POST)
    if form.is_valid():
        try:
            services.designation_add(actor=request.user, enterprise=enterprise, values=form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The designation was added."))
    else:
        for errors in form.errors.values():
            for message in errors:  # an ErrorList yields its messages as strings
                messages.error(request, str(message))
    return redirect("registry:enterprise_edit", enterprise.pk)


@staff_required
@require_POST
def designation_remove(request: HttpRequest, pk: int, designation_pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_staff(request.user, pk)
    designation = Designation.objects.filter(enterprise=enterprise, pk=designation_pk).first()
    if designation is None:
        raise Http404
    services.designation_remove(actor=request.user, designation=designation)
    messages.success(request, _("The designation was removed."))
    return redirect("registry:enterprise_edit", enterprise.pk)


@staff_required
def enterprise_merge(request: HttpRequest) -> HttpResponse:
    form = MergeForm(request.POST or request.GET or None)
    preview = source = target = None
    if form.is_bound and form.is_valid():
        source = Enterprise.objects.filter(pk=form.cleaned_data["source"], merged_into__isnull=True).first()
        target = Enterprise.objects.filter(pk=form.cleaned_data["target"], merged_into__isnull=True).first()
        if source is None or target is None:
            form.add_error(None, _("Both records must exist and not be merged already."))
        else:
            try:
                preview = services.merge_preview(source=source, target=target)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                if request.method == "POST" and form.cleaned_data.get("confirm"):
                    services.enterprise_merge(actor=request.user, source=source, target=target)
                    messages.success(request, _("The records were merged."))
                    return redirect("registry:enterprise_edit", target.pk)
    return render(
        request,
        "registry/merge.html",
        {"form": form, "preview": preview, "source": source, "target": target},
    )


@staff_required
def designations_expiring(request: HttpRequest) -> HttpResponse:
    days = request.GET.get("days", "90")
    within = int(days) if days.isdigit() and int(days) <= 3650 else 90
    rows = selectors.designations_expiring(within_days=within)
    return render(
        request, "registry/expiring.html", {"rows": rows, "days": within, "today": timezone.localdate()}
    )


@staff_required
def enterprises_stale(request: HttpRequest) -> HttpResponse:
    months = request.GET.get("months", "12")
    months_n = int(months) if months.isdigit() and 0 < int(months) <= 120 else 12
    since = timezone.now() - dt.timedelta(days=30 * months_n)
    page = Paginator(selectors.enterprises_not_updated_since(since=since), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "registry/stale.html", {"page": page, "months": months_n, "query": f"months={months_n}"}
    )
