"""The benchmarks' smoke runs start servers and workers on the test database in subprocesses."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def _test_database_left_alone(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    """A subprocess's PostgreSQL session can outlive the process by a moment, and then the test
    database cannot be dropped at the end ("is being accessed by other users"). Before the
    teardown, wait up to ten seconds for such sessions to end, then end those still there (on the
    test database nothing else can be connected)."""
    yield
    with django_db_blocker.unblock():
        from django.db import connection

        if connection.vendor != "postgresql":
            return
        others = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        with connection.cursor() as cursor:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                cursor.execute(f"SELECT count(*) {others}")  # noqa: S608 — fixed text
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.2)
            else:
                cursor.execute(f"SELECT pg_terminate_backend(pid) {others}")  # noqa: S608
        connection.close()
