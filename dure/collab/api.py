"""Collab API, mounted at /api/v1/collab."""

from __future__ import annotations

from typing import Any, TypedDict

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from dure.collab import matching, selectors
from dure.collab.access import access_project_for_members
from dure.collab.schemas import PartnersOut, ProjectPage, SettlementOut
from dure.core.api_helpers import clamp_limit, require_user
from dure.core.errors import DomainError, NotFound
from dure.core.regions import is_local

router = Router(tags=["collab"])


def project_dict(project: Any) -> dict[str, Any]:
    return {
        "pk": project.pk,
        "name": project.name,
        "status": project.status,
        "year": project.year,
        "lead": project.lead_id,
        "summary": project.summary,
        "reached_count": project.reached_count,
        "reached_label": project.reached_label,
        "members": [
            {
                "enterprise": m.enterprise_id,
                "name": m.enterprise.name,
                "role": m.role,
                "local": is_local(m.enterprise.district_code),
            }
            for m in project.members.all()
        ],
    }


class ProjectFilters(Schema):
    status: str | None = None


@router.get("/projects", response=ProjectPage, summary="List collaboration projects")
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> dict:
    """Staff see every project, enterprise members also their own private ones, everyone the public ones."""
    queryset = selectors.project_list_for(request.user)
    if filters.status:
        queryset = queryset.filter(status=filters.status)
    items = [project_dict(p) for p in queryset]
    return {"count": len(items), "items": items}


@router.get("/projects/{pk}/settlement", response=SettlementOut, summary="A project's settlement")
def project_settlement(request: HttpRequest, pk: int) -> dict:
    """Every settled sales window added up per member; line amounts add up to `received` exactly."""
    user = require_user(request)
    try:
        project = access_project_for_members(user, pk)
    except Http404 as error:
        raise NotFound(_("No such project, or it is not yours to see.")) from error
    return selectors.project_settlement_summary(project)


class PartnerFilters(TypedDict):
    """The optional filters that suggest_partners and propose_teams share."""

    industry: str
    district: str
    type: str
    capacity: int | None


class PartnerQuery(Schema):
    need: str
    industry: str = ""
    district: str = ""
    type: str = ""
    capacity: int | None = None
    limit: int = 10


@router.get("/partners", response=PartnersOut, summary="Suggest partners for a need")
def partners(request: HttpRequest, query: Query[PartnerQuery]) -> dict:
    """Ranked partner suggestions with the reasons for each, and teams that satisfy the support rule."""
    require_user(request)
    if not query.need.strip():
        raise DomainError(_("Describe what you need."), field="need")
    filters: PartnerFilters = {
        "industry": query.industry,
        "district": query.district,
        "type": query.type,
        "capacity": query.capacity,
    }
    suggestions = matching.suggest_partners(
        need=query.need, limit=clamp_limit(query.limit, max_limit=50), **filters
    )
    teams = matching.propose_teams(need=query.need, **filters)
    return {
        "need": query.need,
        "count": len(suggestions),
        "items": [s.as_dict() for s in suggestions],
        "teams": teams,
    }
