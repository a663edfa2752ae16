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


def test_cake_need_ranks_the_six_bakeries_first_with_reasons(demo_registry: Any) -> None:
    bakeries = {demo_registry.by_key[f"bakery{i}"].pk for i in range(1, 7)}
    top = matching.suggest_partners(need="크리스마스 케이크를 함께 만들 우리밀 제빵 기업", limit=6)
    assert {s.enterprise.pk for s in top} == bakeries
    assert all(any("크리스마스" in r for r in s.reasons) for s in top)


def test_same_district_outranks_other_districts(demo_registry: Any) -> None:
    bakery = demo_registry.by_key["bakery5"]  # 남구
    top = matching.suggest_partners(
        need="크리스마스 케이크를 함께 만들 우리밀 제빵 기업", district=bakery.district_code, limit=1
    )
    assert top[0].enterprise == bakery
    assert gettext("same district") in top[0].reasons


def test_industry_filter_adds_a_reason(demo_registry: Any) -> None:
    top = matching.suggest_partners(need="체험 수업", industry="P85699", limit=3)
    assert top and all(s.enterprise.ksic_code == "P85699" for s in top)
    assert all(any("기타 교육기관" in r for r in s.reasons) for s in top)


def test_teams_satisfy_the_support_rule(demo_registry: Any) -> None:
    lead = demo_registry.by_key["bakery1"]
    teams = matching.propose_teams(need="크리스마스 케이크를 함께 만들 우리밀 제빵 기업", lead=lead)
    assert teams
    for team in teams:
        assert team["members"][0]["enterprise"] == lead.pk
        assert len({m["enterprise"] for m in team["members"]}) >= 3
        assert team["local"] >= 2


def test_a_need_without_content_words_gives_nothing(demo_registry: Any) -> None:
    assert matching.suggest_partners(need="   ") == []
