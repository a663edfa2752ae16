from __future__ import annotations

import datetime as dt
import random
from types import SimpleNamespace
from typing import Any, TypedDict

import pytest
from django.urls import reverse

from dure.circulation import demo, measures
from dure.circulation.models import Flow, PartyGroup
from dure.core.identifiers import brn_with_check_digit
from dure.registry.models import Enterprise

DISTRICTS = ["29110", "29140", "29155", "29170", "29200"]


class Period(TypedDict):
    start: dt.date
    end: dt.date


@pytest.mark.django_db
def test_demo_gives_the_cake_project_and_the_region_a_circulation(staff_user: Any, client_for: Any) -> None:
    enterprises = Enterprise.objects.bulk_create(
        [
            Enterprise(
                name=f"데모기업{n}",
                brn=brn_with_check_digit(f"40986{n + 100:04d}"),
                district_code=DISTRICTS[n % 5],
            )
            for n in range(12)
        ]
    )
    today = dt.date(2026, 11, 25)
    registry = SimpleNamespace(
        enterprises=enterprises, by_key={f"bakery{n}": enterprises[n - 1] for n in range(1, 7)}
    )
    demo.seed({"rng": random.Random(1), "today": today, "registry": registry, "circulation_years": [2025]})
    assert Flow.objects.filter(source="collaboration").exists()
    group = PartyGroup.objects.get(name="우리밀 크리스마스 더좋은 케이크")
    assert group.parties.count() == 6
    year: Period = {"start": dt.date(2025, 1, 1), "end": dt.date(2025, 12, 31)}
    cake = measures.lm3([p.pk for p in group.parties.all()], **year)
    assert cake.r1 > 0 and cake.r2 > 0 and cake.r3 > 0
    assert cake.lm3 is not None and 1 < cake.lm3 < 3
    region = measures.network(**year, rounds=4)
    assert region.full_multiplier is not None
    assert region.injection > 0 and 1 < region.full_multiplier < 10
    response = client_for(staff_user).get(reverse("circulation:dashboard") + "?year=2025")
    assert "우리밀 크리스마스 더좋은 케이크" in response.content.decode()
