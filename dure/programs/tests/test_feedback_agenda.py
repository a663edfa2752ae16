"""Surveys (one per registration) and agenda items with their status pipeline."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from dure.core.errors import Conflict, DomainError
from dure.programs import services
from dure.programs.models import AgendaItem, SurveyResponse
from dure.programs.tests.factories import make_program, register

pytestmark = pytest.mark.django_db


def _started_program(**values):
    return make_program(sessions=2, start=timezone.now() - dt.timedelta(days=1), **values)


def test_survey_once_per_registration(client) -> None:
    program = _started_program()
    registration = register(program, "a@example.org")
    url = reverse("programs:registration_survey", args=[registration.token])
    response = client.post(
        url, {"rating": "5", "usefulness": "4", "would_recommend": "on", "comment": "좋았어요"}
    )
    assert response.status_code == 302
    answer = SurveyResponse.objects.get()
    assert (answer.rating, answer.usefulness, answer.would_recommend, answer.comment) == (
        5,
        4,
        True,
        "좋았어요",
    )
    again = client.post(url, {"rating": "1", "usefulness": "1"})
    assert again.status_code == 400
    assert SurveyResponse.objects.count() == 1


def test_survey_refuses_bad_scores_and_unstarted_programs() -> None:
    program = _started_program()
    registration = register(program, "a@example.org")
    with pytest.raises(DomainError):
        services.survey_submit(registration=registration, values={"rating": 6, "usefulness": 3})
    future = make_program(title="미래")
    early = register(future, "b@example.org")
    with pytest.raises(Conflict):
        services.survey_submit(registration=early, values={"rating": 5, "usefulness": 5})
    assert SurveyResponse.objects.count() == 0


def test_agenda_item_pipeline(staff_user) -> None:
    forum = make_program(kind="forum")
    item = services.agenda_item_create(
        actor=staff_user,
        values={"program": forum, "kind": "proposal", "title": "공동구매 협약", "raised_by": "제과점"},
    )
    assert item.status == "raised"
    services.agenda_item_update(actor=staff_user, item=item, values={}, status="under_review")
    services.agenda_item_update(
        actor=staff_user, item=item, values={"follow_up": "협의회 상정"}, status="handed"
    )
    item.refresh_from_db()
    assert (item.status, item.follow_up) == ("handed", "협의회 상정")
    assert item.handed_at is not None
    with pytest.raises(Conflict):
        services.agenda_item_update(actor=staff_user, item=item, values={}, status="raised")
    item.refresh_from_db()
    assert item.status == "handed"


def test_agenda_items_only_from_forums_round_tables_and_interviews(staff_user) -> None:
    seminar = make_program(kind="seminar")
    with pytest.raises(DomainError) as error:
        services.agenda_item_create(actor=staff_user, values={"program": seminar, "title": "x"})
    assert error.value.field == "program"
    assert AgendaItem.objects.count() == 0


def test_agenda_list_shows_source_program(staff_user, client_for) -> None:
    forum = make_program(kind="round_table", title="제빵 원탁회의")
    client = client_for(staff_user)
    response = client.post(
        reverse("programs:agenda_create"),
        {
            "program": forum.pk,
            "kind": "finding",
            "title": "원재료 공동구매",
            "description": "",
            "raised_by": "",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("programs:agenda_list")).content.decode()
    assert "원재료 공동구매" in page and "제빵 원탁회의" in page
