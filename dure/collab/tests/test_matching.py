"""Partner ranking: reasons, distance, the support-rule teams, and precision@5 on the labelled set."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.utils.translation import gettext

from dure.collab import matching
from dure.collab.evaluation import precision_at_k
from dure.collab.tests.labelled_needs import LABELLED_NEEDS

PRECISION_FLOOR = 0.9


@pytest.fixture
def demo_registry(db: Any) -> Any:
    from dure.registry.demo import seed_registry

    return seed_registry(random.Random(2017), today=dt.date(2026, 11, 25))


def test_precision_at_5_on_the_labelled_needs(demo_registry: Any) -> None:
    result = precision_at_k(LABELLED_NEEDS, k=5)
    print(f"precision@5 = {result['precision']:.3f}")
    assert len(result["needs"]) == len(LABELLED_NEEDS) == 20
    assert result["precision"] >= PRECISION_FLOOR


def test_ranking_reasons_distance_industry_and_teams(demo_registry: Any) -> None:
    # One test on one seeded registry (seeding 805 enterprises per test would be slow).
    bakeries = {demo_registry.by_key[f"bakery{i}"].pk for i in range(1, 7)}
    need = "크리스마스 케이크를 함께 만들 우리밀 제빵 기업"
    top = matching.suggest_partners(need=need, limit=6)
    assert {s.enterprise.pk for s in top} == bakeries
    assert all(any("크리스마스" in r for r in s.reasons) for s in top)

    # The same district outranks the others.
    bakery = demo_registry.by_key["bakery5"]  # 남구
    first = matching.suggest_partners(need=need, district=bakery.district_code, limit=1)[0]
    assert first.enterprise == bakery
    assert gettext("same district") in first.reasons

    # An industry filter narrows and explains.
    education = matching.suggest_partners(need="체험 수업", industry="P85699", limit=3)
    assert education and all(s.enterprise.ksic_code == "P85699" for s in education)
    assert all(any("기타 교육기관" in r for r in s.reasons) for s in education)

    # Proposed teams keep the lead and satisfy the support rule.
    lead = demo_registry.by_key["bakery1"]
    teams = matching.propose_teams(need=need, lead=lead)
    assert teams
    for team in teams:
        assert team["members"][0]["enterprise"] == lead.pk
        assert len({m["enterprise"] for m in team["members"]}) >= 3
        assert team["local"] >= 2


@pytest.mark.django_db
def test_a_need_without_content_words_gives_nothing() -> None:
    assert matching.suggest_partners(need="   ") == []


def test_another_regions_neighbours_come_from_its_district_offices() -> None:
    from dure.collab.matching import GWANGJU_NEIGHBOURS, neighbours_of
    from dure.core.regions import GWANGJU_DISTRICTS, District

    assert neighbours_of(GWANGJU_DISTRICTS) is GWANGJU_NEIGHBOURS  # Gwangju's borders, as drawn
    busan = (
        District("26290", "남구", "Nam-gu", 35.1366, 129.0843),
        District("26350", "해운대구", "Haeundae-gu", 35.1631, 129.1635),
        District("26710", "기장군", "Gijang-gun", 35.2445, 129.2222),
    )
    assert neighbours_of(busan) == {"26290": {"26350"}, "26350": {"26290", "26710"}, "26710": {"26350"}}
