"""Test helpers shared by every app's tests (importable without pytest fixtures)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "citizen", "enterprise", "council", "reviewer", "institution", "staff")

# Shorthands for the expected status per role.
PUBLIC = dict.fromkeys(ROLES, 200)
LOGIN = {**dict.fromkeys(ROLES, 200), "anonymous": 302}
STAFF_ONLY = {**dict.fromkeys(ROLES, 403), "anonymous": 302, "staff": 200}
API_PUBLIC = dict.fromkeys(ROLES, 200)
API_LOGIN = {**dict.fromkeys(ROLES, 200), "anonymous": 401}
API_STAFF = {**dict.fromkeys(ROLES, 403), "anonymous": 401, "staff": 200}


@dataclass
class UrlAccess:
    """What each role gets from one URL.

    `name` is the namespaced URL name; `kwargs` builds the URL's arguments from the world the
    matrix test set up (a dict with 'enterprise', 'users', ... and whatever `setup` added);
    `expected` maps role → status (or a set of acceptable statuses).
    """

    name: str
    expected: dict[str, Any]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda world: {})
    method: str = "get"
    data: Callable[[dict[str, Any]], Any] | None = None
    query: str = ""
    setup: Callable[[dict[str, Any]], None] | None = None
    content_type: str | None = None
