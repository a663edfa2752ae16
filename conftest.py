"""Shared fixtures: users for every role, enterprises, API clients."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

CHROMIUM = os.environ.get("DURE_CHROMIUM", "/usr/bin/chromium")


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


def pytest_report_header(config: pytest.Config) -> str:
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return f"browser tests: Chromium at {CHROMIUM}"
    return f"browser tests: SKIPPED, no Chromium at {CHROMIUM} (apt-get install chromium)"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(reason=f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _side_connections_closed() -> Any:
    """After each test, the search's side connection (dure.core.beside) is closed: a test run
    by a live server outside a transaction may have opened it, and an open connection would
    keep the test database from being dropped."""
    yield
    from dure.core.beside import close_side_connections

    close_side_connections()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not os.path.exists(CHROMIUM):
        terminalreporter.write_line(
            f"NOTE: browser tests were skipped because there is no Chromium at {CHROMIUM}.", yellow=True
        )


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from dure.accounts.models import Role, Team, User

    counter = {"n": 0}

    def make(role: str = Role.CITIZEN, **extra: Any) -> User:
        counter["n"] += 1
        email = extra.pop("email", f"{role}{counter['n']}@example.org")
        if role == Role.STAFF:
            extra.setdefault("team", Team.PLANNING)
        return User.objects.create_user(email=email, password="test-pass-123", role=role, **extra)

    return make


@pytest.fixture
def staff_user(make_user: Callable[..., Any]) -> Any:
    return make_user("staff", name="직원")


@pytest.fixture
def citizen_user(make_user: Callable[..., Any]) -> Any:
    return make_user("citizen", name="시민")


@pytest.fixture
def make_enterprise(db: Any) -> Callable[..., Any]:
    from dure.core.identifiers import brn_with_check_digit
    from dure.registry import services

    counter = {"n": 0}

    def make(designation: str | None = "coop", **values: Any) -> Any:
        counter["n"] += 1
        values.setdefault("name", f"테스트협동조합{counter['n']}")
        values.setdefault("brn", brn_with_check_digit(f"40986{counter['n']:04d}"))
        values.setdefault("address", "광주광역시 북구 용봉로 77")
        designations = [{"type": designation}] if designation else []
        return services.enterprise_create(actor=None, values=values, designations=designations)

    return make


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def make(user: Any | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def api_client_for(db: Any) -> Callable[[Any], Client]:
    """A client that sends a personal access token, as API users do."""
    from dure.accounts.services import token_issue

    def make(user: Any | None) -> Client:
        if user is None:
            return Client()
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user, name='test')}")

    return make
