"""Access helpers: the only way views and the API fetch a protected collab row."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from dure.collab.models import Network, Project
from dure.collab.selectors import is_project_member, project_queryset


def can_see_private(user: Any, project: Project) -> bool:
    """Costs, settlements, documents and meeting notes: center staff and the project's members."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_center_staff) or is_project_member(user, project)


def access_project_for_view(user: Any, pk: int) -> Project:
    """A public project for anyone; a private one for staff and its members only."""
    try:
        project = project_queryset().get(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error
    if not project.is_public and not can_see_private(user, project):
        raise Http404
    return project


def access_project_for_members(user: Any, pk: int) -> Project:
    """Private facts of a project: staff and members; everyone else gets not-found."""
    try:
        project = project_queryset().get(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error
    if not can_see_private(user, project):
        raise Http404
    return project


def access_project_for_staff(user: Any, pk: int) -> Project:
    if not getattr(user, "is_center_staff", False):
        raise Http404
    try:
        return project_queryset().get(pk=pk)
    except Project.DoesNotExist as error:
        raise Http404 from error


def access_network_for_view(user: Any, pk: int) -> Network:
    try:
        return Network.objects.select_related("coordinator").get(pk=pk)
    except Network.DoesNotExist as error:
        raise Http404 from error
