"""Pages: the staff dashboard, an enterprise's own figures and forms, the public summary."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.circulation import measures, selectors, services
from dure.circulation.access import own_enterprise_parties
from dure.circulation.forms import (
    DeclaredShareForm,
    OutlayFormSet,
    OutlayYearForm,
    PeriodForm,
    WageFormSet,
    WhatIfForm,
)
from dure.circulation.models import DeclaredShare, Flow
from dure.core.access import staff_required
from dure.core.errors import DomainError
from dure.core.spreadsheets import csv_response
from dure.registry.access import access_enterprise_for_edit


def _year(request: HttpRequest) -> tuple[PeriodForm, int | None, str | None]:
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    year = data.get("year") or selectors.latest_year()
    return form, year, data.get("boundary") or None


def _csv(chart: dict[str, Any], filename: str) -> HttpResponse:
    return csv_response(filename, [str(column) for column in chart["columns"]], chart["rows"])


def _chart(charts: list[dict[str, Any]], key: str) -> dict[str, Any]:
    for chart in charts:
        if chart["key"] == key:
            return chart
    raise Http404


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, year, boundary = _year(request)
    try:
        data = selectors.dashboard_data(year=year, boundary=boundary)
    except DomainError as error:
        form.add_error(None, error.message)
        data = selectors.dashboard_data(year=year, boundary=None)
    whatif_form = WhatIfForm(request.GET if "group" in request.GET else None)
    whatif = None
    if whatif_form.is_bound and whatif_form.is_valid():
        group = whatif_form.cleaned_data["group"]
        start, end = selectors.year_period(year)
        try:
            whatif = measures.whatif_move_purchases(
                [p.pk for p in group.parties.all()],
                share=Decimal(whatif_form.cleaned_data["percent"]) / 100,
                start=start,
                end=end,
                boundary=data["boundary"],
            )
            whatif["group"] = group.name
        except DomainError as error:
            whatif_form.add_error(None, error.message)
    return render(
        request,
        "circulation/dashboard.html",
        {"form": form, "data": data, "whatif_form": whatif_form, "whatif": whatif},
    )


@staff_required
def dashboard_csv(request: HttpRequest, key: str) -> HttpResponse:
    _form, year, boundary = _year(request)
    try:
        data = selectors.dashboard_data(year=year, boundary=boundary)
    except DomainError as error:
        raise Http404 from error
    return _csv(_chart(data["charts"], key), f"circulation-{key}-{year or 'all'}.csv")


def public(request: HttpRequest) -> HttpResponse:
    form, year, _boundary = _year(request)
    return render(
        request, "circulation/public.html", {"form": form, "data": selectors.public_data(year=year)}
    )


def public_csv(request: HttpRequest, key: str) -> HttpResponse:
    _form, year, _boundary = _year(request)
    data = selectors.public_data(year=year)
    return _csv(_chart(data["charts"], key), f"circulation-public-{key}-{year or 'all'}.csv")


@login_required
def enterprise_figures(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_edit(request.user, pk)
    form, year, _boundary = _year(request)
    parties = own_enterprise_parties(request.user, enterprise)
    figures = selectors.enterprise_figures(parties=parties, year=year)
    start, end = selectors.year_period(year)
    flows = (
        Flow.objects.filter(payer__in=parties)
        .filter(**({"occurred_on__gte": start, "occurred_on__lte": end} if start else {}))
        .select_related("payee")
        .order_by("-occurred_on", "-pk")[:200]
    )
    declared = DeclaredShare.objects.filter(party__in=parties).order_by("-year")
    return render(
        request,
        "circulation/enterprise.html",
        {
            "enterprise": enterprise,
            "form": form,
            "year": year,
            "figures": figures,
            "flows": flows,
            "declared": declared,
        },
    )


@login_required
def enterprise_outlays(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_edit(request.user, pk)
    default_year = timezone.localdate().year - 1
    year_form = OutlayYearForm(request.POST or None, initial={"year": default_year})
    outlays = OutlayFormSet(request.POST or None, prefix="outlay")
    wages = WageFormSet(request.POST or None, prefix="wage")
    if request.method == "POST" and year_form.is_valid() and outlays.is_valid() and wages.is_valid():
        outlay_lines = [f.cleaned_data for f in outlays if f.cleaned_data]
        wage_lines = [f.cleaned_data for f in wages if f.cleaned_data]
        if not outlay_lines and not wage_lines:
            year_form.add_error(None, _("Fill in at least one outlay or wage line."))
        else:
            try:
                flows = services.outlays_report(
                    enterprise=enterprise,
                    year=year_form.cleaned_data["year"],
                    outlays=outlay_lines,
                    wages=wage_lines,
                    actor=request.user,
                )
            except DomainError as error:
                year_form.add_error(None, error.message)
            else:
                messages.success(request, _("%(count)d lines were recorded.") % {"count": len(flows)})
                return redirect("circulation:enterprise_figures", enterprise.pk)
    return render(
        request,
        "circulation/outlays.html",
        {"enterprise": enterprise, "year_form": year_form, "outlays": outlays, "wages": wages},
    )


@login_required
def enterprise_share(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_edit(request.user, pk)
    form = DeclaredShareForm(request.POST or None, initial={"year": timezone.localdate().year - 1})
    if request.method == "POST" and form.is_valid():
        try:
            party = services.party_for_enterprise(enterprise=enterprise)
            services.declared_share_set(
                party=party,
                year=form.cleaned_data["year"],
                share=form.cleaned_data["percent"] / 100,
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The declared share was saved."))
            return redirect("circulation:enterprise_figures", enterprise.pk)
    return render(request, "circulation/share.html", {"enterprise": enterprise, "form": form})


@login_required
def enterprise_flow_reverse(request: HttpRequest, pk: int, flow_pk: int) -> HttpResponse:
    enterprise = access_enterprise_for_edit(request.user, pk)
    if request.method != "POST":
        return redirect("circulation:enterprise_figures", enterprise.pk)
    parties = own_enterprise_parties(request.user, enterprise)
    flow = Flow.objects.filter(pk=flow_pk, payer__in=parties, source="manual", reverses__isnull=True).first()
    if flow is None or not flow.reference:
        raise Http404
    try:
        services.flow_reverse(reference=flow.reference, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The line was cancelled with a reversing entry."))
    return redirect("circulation:enterprise_figures", enterprise.pk)
