"""The periodic jobs: declared by the apps, run by `dure run_schedule`, one failure stops none."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command, get_commands
from django.utils import timezone

from dure.core.schedule import PeriodicJob, periodic_jobs, run_job


def test_every_declared_job_is_a_command_with_a_sane_interval() -> None:
    jobs = periodic_jobs()
    names = {job.command for job in jobs}
    assert {
        "market_close_windows",
        "expire_program_offers",
        "send_program_reminders",
        "send_incubation_reminders",
        "destroy_expired_personal_data",
    } <= names
    commands = get_commands()
    for job in jobs:
        assert job.command in commands, job
        assert 60 <= job.every_seconds <= 86400, job


@pytest.mark.django_db
def test_run_schedule_once_closes_an_expired_window() -> None:
    from dure.market.models import SalesWindow
    from dure.market.services import window_create

    now = timezone.now()
    window = window_create(
        actor=None,
        name="지난 장터",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now - dt.timedelta(days=1),
    )
    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out, stderr=io.StringIO())
    assert "market_close_windows: 마감한 판매 기간: 1" in out.getvalue()
    assert SalesWindow.objects.get(pk=window.pk).close_reason == "time"


@pytest.mark.django_db
def test_a_failing_job_is_reported_and_the_others_still_run(monkeypatch: Any) -> None:
    config = apps.get_app_config("core")
    # A job whose command does not exist fails the way a crashing job does.
    monkeypatch.setattr(config, "periodic", [("no_such_command", 60)], raising=False)
    assert run_job(PeriodicJob("no_such_command", 60, "core"))[0] is False
    out, err = io.StringIO(), io.StringIO()
    call_command("run_schedule", "--once", stdout=out, stderr=err)
    assert "no_such_command FAILED" in err.getvalue()
    assert "market_close_windows:" in out.getvalue() and "send_program_reminders:" in out.getvalue()
