"""One test walks every URL of the project for every role (pretix's permission matrix).

Each app lists its URLs in `<app>/tests/url_access.py`; a URL that no list names fails the test,
so a new page cannot ship without saying who may open it.
"""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dure.core.testing import ROLES, UrlAccess

SKIPPED_NAMESPACES = {"admin"}
SKIPPED_NAMES = {"set_language", "api:openapi-json", "api:openapi-view", "api:api-root"}


def _walk(patterns: list[Any], namespace: str = "") -> list[str]:
    names: list[str] = []
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            if inner.split(":")[0] in SKIPPED_NAMESPACES:
                continue
            names.extend(_walk(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}:{pattern.name}" if namespace else pattern.name)
    return names


def _all_access() -> list[UrlAccess]:
    entries: list[UrlAccess] = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("dure."):
            continue
        try:
            module = importlib.import_module(f"{app}.tests.url_access")
        except ModuleNotFoundError:
            continue
        entries.extend(module.URL_ACCESS)
    return entries


ACCESS = _all_access()


def test_every_url_has_an_access_rule() -> None:
    names = {name for name in _walk(get_resolver().url_patterns) if name not in SKIPPED_NAMES}
    covered = {entry.name for entry in ACCESS}
    assert names - covered == set(), "URLs without an entry in some <app>/tests/url_access.py"
    assert covered - names == set(), "url_access entries for URLs that do not exist"


@pytest.fixture
def world(db: Any, make_user: Any, make_enterprise: Any) -> dict[str, Any]:
    from dure.accounts.models import EnterpriseMembership
    from dure.accounts.services import token_issue

    enterprise = make_enterprise(designation="coop")
    other = make_enterprise(designation="social")
    users = {role: make_user(role) for role in ROLES if role != "anonymous"}
    EnterpriseMembership.objects.create(user=users["enterprise"], enterprise=other, role="owner")
    foreign = make_user("citizen", email="foreign@example.org")
    token_issue(user=foreign, name="someone else's")
    return {
        "enterprise": enterprise,
        "own_enterprise": other,
        "users": users,
        "foreign_token": foreign.api_tokens.get(),
    }


@pytest.mark.parametrize("entry", ACCESS, ids=lambda e: f"{e.method}:{e.name}")
def test_access_matrix(entry: UrlAccess, world: dict[str, Any]) -> None:
    if entry.setup:
        entry.setup(world)
    url = reverse(entry.name, kwargs=entry.kwargs(world)) + (f"?{entry.query}" if entry.query else "")
    got: dict[str, int] = {}
    for role in ROLES:
        client = Client()
        if role != "anonymous":
            user = world["users"][role]
            if entry.name.startswith("api:"):
                from dure.accounts.services import token_issue

                client = Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user, name='matrix')}")
            else:
                client.force_login(user)
        data = entry.data(world) if entry.data else None
        kwargs: dict[str, Any] = {}
        if entry.content_type:
            kwargs["content_type"] = entry.content_type
        response = (
            getattr(client, entry.method)(url, data, **kwargs)
            if data is not None
            else getattr(client, entry.method)(url, **kwargs)
        )
        got[role] = response.status_code
    mismatches = {}
    for role in ROLES:
        allowed = entry.expected[role]
        allowed = allowed if isinstance(allowed, set) else {allowed}
        if got[role] not in allowed:
            mismatches[role] = {"got": got[role], "expected": sorted(allowed)}
    assert mismatches == {}
