"""Pages of the collab app: public project and network pages, member and staff pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dure.collab import matching, reports, sales, selectors, services
from dure.collab.access import (
    access_network_for_view,
    access_project_for_members,
    access_project_for_staff,
    access_project_for_view,
    can_see_private,
)
from dure.collab.export import network_calendar_ics, settlement_xlsx
from dure.collab.forms import (
    DocumentForm,
    MeetingNoteForm,
    MemberAddForm,
    PartnerSearchForm,
    ProjectForm,
    TransitionForm,
)
from dure.collab.models import PROJECT_TRANSITIONS, JointProduct, ProjectStatus
from dure.collab.rules import support_check
from dure.core.access import staff_required
from dure.core.audit import log_action
from dure.core.errors import DomainError


def project_list(request: HttpRequest) -> HttpResponse:
    projects = list(selectors.project_list_for(request.user))
    return render(request, "collab/project_list.html", {"projects": projects})


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_view(request.user, pk)
    private = can_see_private(request.user, project)
    members = list(project.members.all())
    context = {
        "project": project,
        "members": members,
        "private": private,
        "support": support_check(m.enterprise for m in members),
        "public_sales": reports.public_sales(project),
        "milestones": list(project.milestones.all()),
        "networks": [project.network] if project.network else [],
    }
    if private:
        context.update(
            {
                "joint_products": [
                    {"joint": joint, "live": reports.live_allocation(joint)}
                    for joint in selectors.joint_products_for(project)
                ],
                "summary": selectors.project_settlement_summary(project),
                "documents": list(project.documents.all()),
                "meetings": list(project.meetings.all()),
                "transitions": PROJECT_TRANSITIONS[project.status],
                "note_form": MeetingNoteForm(),
                "document_form": DocumentForm(),
            }
        )
        if request.user.is_authenticated and request.user.is_center_staff:  # private implies signed in
            context["member_form"] = MemberAddForm()
            context["closed_windows"] = reports.closed_windows_for(project)
    return render(request, "collab/project_detail.html", context)


@staff_required
def project_create(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            project = services.project_create(
                actor=request.user,
                name=data["name"],
                lead=data["lead"],
                members=[(e, "producer", "") for e in data["members"]],
                summary=data["summary"],
                year=data["year"],
                grant_program=data["grant_program"],
                grant_amount=data["grant_amount"] or 0,
                budget=data["budget"] or 0,
                officer=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The project was proposed."))
            return redirect("collab:project_detail", project.pk)
    return render(request, "collab/project_form.html", {"form": form})


@staff_required
@require_POST
def project_transition(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_staff(request.user, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid status."))
    else:
        try:
            services.project_transition(
                actor=request.user, project=project, to_status=form.cleaned_data["to_status"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The project is now %(status)s.")
                % {"status": ProjectStatus(form.cleaned_data["to_status"]).label},
            )
    return redirect("collab:project_detail", project.pk)


@staff_required
@require_POST
def project_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_staff(request.user, pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            services.project_member_add(actor=request.user, project=project, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("The member was added."))
    else:
        messages.error(request, _("Choose an enterprise and a role."))
    return redirect("collab:project_detail", project.pk)


@login_required
@require_POST
def meeting_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_members(request.user, pk)
    form = MeetingNoteForm(request.POST)
    if form.is_valid():
        services.meeting_note_create(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The meeting note was saved."))
    else:
        messages.error(request, _("A meeting note needs a date and a title."))
    return redirect("collab:project_detail", project.pk)


@login_required
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_members(request.user, pk)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        services.document_add(actor=request.user, project=project, **form.cleaned_data)
        messages.success(request, _("The document was added."))
    else:
        messages.error(request, _("A document needs a title and a file."))
    return redirect("collab:project_detail", project.pk)


@staff_required
@require_POST
def settlement_run(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_staff(request.user, pk)
    try:
        joint = JointProduct.objects.get(project=project, pk=int(request.POST.get("joint_product", "0")))
        window = sales.window_get(int(request.POST.get("window", "0")))
    except (JointProduct.DoesNotExist, ValueError):
        messages.error(request, _("Choose a joint product and a closed sales window."))
        return redirect("collab:project_detail", project.pk)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("collab:project_detail", project.pk)
    try:
        settlement = services.settlement_run(actor=request.user, joint_product=joint, window=window)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Settlement version %(v)d is ready.") % {"v": settlement.version})
    return redirect("collab:project_detail", project.pk)


@login_required
def settlement_export(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_members(request.user, pk)
    summary = selectors.project_settlement_summary(project)
    log_action("collab.settlement.exported", actor=request.user, target=project, data={"format": "xlsx"})
    response = HttpResponse(
        settlement_xlsx(project, summary),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="settlement-{project.pk}.xlsx"'
    return response


@login_required
def settlement_print(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_members(request.user, pk)
    summary = selectors.project_settlement_summary(project)
    return render(
        request,
        "collab/settlement_print.html",
        {"project": project, "summary": summary, "printed_at": timezone.localtime()},
    )


@login_required
def project_report(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_members(request.user, pk)
    return render(
        request, "collab/project_report.html", {"project": project, "report": reports.project_report(project)}
    )


@login_required
def partner_search(request: HttpRequest) -> HttpResponse:
    form = PartnerSearchForm(request.GET or None)
    suggestions = teams = None
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "industry": data["industry"],
            "district": data["district"],
            "type": data["type"],
            "capacity": data["capacity"],
        }
        suggestions = matching.suggest_partners(need=data["need"], **filters)
        teams = matching.propose_teams(need=data["need"], **filters)
    return render(
        request, "collab/partner_search.html", {"form": form, "suggestions": suggestions, "teams": teams}
    )


def network_list(request: HttpRequest) -> HttpResponse:
    return render(request, "collab/network_list.html", {"networks": list(selectors.network_list())})


def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = access_network_for_view(request.user, pk)
    return render(
        request,
        "collab/network_detail.html",
        {
            "network": network,
            "members": list(network.members.select_related("enterprise")),
            "events": list(selectors.network_events(network)),
            "projects": list(network.projects.filter(is_public=True)),
        },
    )


def network_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """The network's shared calendar as an iCalendar feed (RFC 5545)."""
    network = access_network_for_view(request.user, pk)
    response = HttpResponse(network_calendar_ics(network), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="network-{network.pk}.ics"'
    return response


@staff_required
@require_POST
def settlement_payouts(request: HttpRequest, pk: int) -> HttpResponse:
    project = access_project_for_staff(request.user, pk)
    settlements = selectors.latest_settlements(project)
    try:
        recorded = sum(
            services.settlement_record_payouts(actor=request.user, settlement=settlement)
            for settlement in settlements
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%(n)d payouts were written to the circulation ledger.") % {"n": recorded}
        )
    return redirect("collab:project_detail", project.pk)
