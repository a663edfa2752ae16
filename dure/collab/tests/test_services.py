"""Projects, the state pipeline, joint products sold through the market, settlement and refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from dure.collab import services
from dure.collab.models import JointProduct, Project, ProjectStatus, Settlement
from dure.core.errors import Conflict, DomainError
from dure.core.models import AuditLog


@pytest.fixture
def team(make_enterprise: Any, staff_user: Any) -> dict[str, Any]:
    lead = make_enterprise(name="가나제과", address="광주광역시 북구 용봉로 1")
    second = make_enterprise(name="다라베이커리", address="광주광역시 남구 봉선로 2")
    third = make_enterprise(name="마바빵집", address="광주광역시 서구 상무대로 3")
    project = services.project_create(
        actor=staff_user,
        name="공동 케이크",
        lead=lead,
        members=[(second, "producer", ""), (third, "producer", "")],
    )
    return {"lead": lead, "second": second, "third": third, "project": project, "staff": staff_user}


def make_joint(team: dict[str, Any], **overrides: Any) -> JointProduct:
    members = list(team["project"].members.order_by("position"))
    values: dict[str, Any] = {
        "actor": team["staff"],
        "project": team["project"],
        "name": "공동 케이크",
        "price": 997,
        "parts": [
            {"member": members[0], "capacity": 5, "unit_cost": 301, "percent": "33.34"},
            {"member": members[1], "capacity": 4, "unit_cost": 299, "percent": "33.33"},
            {"member": members[2], "capacity": 4, "unit_cost": 307, "percent": "33.33"},
        ],
    }
    values.update(overrides)
    return services.joint_product_create(**values)


def open_window(team: dict[str, Any], joint: JointProduct) -> Any:
    from dure.market import services as market

    now = timezone.now()
    return market.window_create(
        actor=team["staff"],
        name="성탄 예약",
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(hours=1),
        product_pks=[joint.product_id],
    )


def sell(joint: JointProduct, window: Any, quantities: list[int], staff: Any) -> list[Any]:
    from dure.market import services as market

    orders = []
    for index, quantity in enumerate(quantities):
        order = market.order_place(
            buyer={"name": f"구매자{index}", "email": f"b{index}@example.org"},
            items=[{"product": joint.product_id, "quantity": quantity}],
            consent=True,
            window=window,
            notify=False,
        )
        orders.append(market.order_transition(actor=staff, order=order, to_status="fulfilled"))
    return orders


def close(window: Any, staff: Any) -> Any:
    from dure.market import services as market

    return market.window_close(actor=staff, window=window)


# --- the project pipeline --------------------------------------------------------------------


def test_project_lead_is_first_member_and_support_rule_passes(team: dict[str, Any]) -> None:
    project = team["project"]
    assert [m.enterprise for m in project.members.order_by("position")] == [
        team["lead"],
        team["second"],
        team["third"],
    ]
    assert services.project_support_check(project).ok


def test_pipeline_moves_along_the_table(team: dict[str, Any]) -> None:
    project = team["project"]
    for status in ["selected", "developing", "selling", "closed"]:
        project = services.project_transition(actor=team["staff"], project=project, to_status=status)
    assert Project.objects.get(pk=project.pk).status == ProjectStatus.CLOSED
    assert AuditLog.objects.filter(action="collab.project.transitioned").count() == 4


def test_a_skipped_or_backward_step_is_refused(team: dict[str, Any]) -> None:
    project = team["project"]
    with pytest.raises(Conflict):
        services.project_transition(actor=team["staff"], project=project, to_status="selling")
    services.project_transition(actor=team["staff"], project=project, to_status="closed")
    with pytest.raises(Conflict):
        services.project_transition(actor=team["staff"], project=project, to_status="proposed")
    assert Project.objects.get(pk=project.pk).status == "closed"


def test_selection_refused_when_the_team_breaks_the_support_rule(
    make_enterprise: Any, staff_user: Any
) -> None:
    local = make_enterprise(name="광주협동조합", address="광주광역시 북구 용봉로 1")
    seoul = make_enterprise(name="서울협동조합", address="서울특별시 종로구 세종대로 1")
    busan = make_enterprise(name="부산협동조합", address="부산광역시 중구 중앙대로 1")
    project = services.project_create(
        actor=staff_user,
        name="원정 협업",
        lead=local,
        members=[(seoul, "producer", ""), (busan, "producer", "")],
    )
    before = AuditLog.objects.count()
    with pytest.raises(Conflict) as error:
        services.project_transition(actor=staff_user, project=project, to_status="selected")
    assert error.value.code == "support_rule"
    assert Project.objects.get(pk=project.pk).status == "proposed"
    assert AuditLog.objects.count() == before


# --- joint products and refusals -------------------------------------------------------------


def test_joint_product_is_sold_by_the_lead_with_the_team_capacity_as_stock(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    assert joint.product.enterprise == team["lead"]
    assert joint.product.stock == 13
    assert joint.product.capacity_per_window == 13


def test_percentages_not_adding_to_100_are_refused_and_nothing_is_made(team: dict[str, Any]) -> None:
    from dure.market.models import Product

    members = list(team["project"].members.order_by("position"))
    products = Product.objects.count()
    with pytest.raises(DomainError) as error:
        make_joint(
            team,
            split_rule="percent",
            parts=[
                {"member": members[0], "capacity": 5, "percent": "33.33"},
                {"member": members[1], "capacity": 4, "percent": "33.33"},
                {"member": members[2], "capacity": 4, "percent": "33.33"},
            ],
        )
    assert error.value.code == "split_not_100"
    assert Product.objects.count() == products
    assert JointProduct.objects.count() == 0


def test_changing_to_a_bad_split_is_refused_and_nothing_changes(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    parts = list(joint.parts.all())
    with pytest.raises(DomainError):
        services.joint_product_set_split(
            actor=team["staff"], joint_product=joint, split_rule="percent", percents={parts[0].pk: "50"}
        )
    joint.refresh_from_db()
    assert joint.split_rule == "units"
    assert [p.percent for p in joint.parts.all()] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_orders_beyond_the_team_capacity_are_refused(team: dict[str, Any]) -> None:
    from dure.market import services as market
    from dure.market.models import Order

    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [10], team["staff"])
    with pytest.raises(Conflict):
        market.order_place(
            buyer={"name": "늦은손님", "email": "late@example.org"},
            items=[{"product": joint.product_id, "quantity": 4}],
            consent=True,
            window=window,
            notify=False,
        )
    assert Order.objects.count() == 1
    joint.product.refresh_from_db()
    assert joint.product.stock == 3


def test_an_order_after_the_window_closed_is_refused(team: dict[str, Any]) -> None:
    from dure.market import services as market
    from dure.market.models import Order

    joint = make_joint(team)
    window = close(open_window(team, joint), team["staff"])
    with pytest.raises(Conflict):
        market.order_place(
            buyer={"name": "늦은손님", "email": "late@example.org"},
            items=[{"product": joint.product_id, "quantity": 1}],
            consent=True,
            window=window,
            notify=False,
        )
    assert Order.objects.count() == 0


def test_capacity_change_moves_the_stock_and_keeps_what_was_sold(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [10], team["staff"])
    part = joint.parts.first()
    assert part is not None
    services.part_update(actor=team["staff"], part=part, capacity=9)
    joint.product.refresh_from_db()
    assert (joint.product.stock, joint.product.capacity_per_window) == (17 - 10, 17)
    with pytest.raises(Conflict):
        services.part_update(actor=team["staff"], part=part, capacity=0)  # 0 + 4 + 4 < 10 sold
    part.refresh_from_db()
    joint.product.refresh_from_db()
    assert (part.capacity, joint.product.stock, joint.product.capacity_per_window) == (9, 7, 17)


# --- settlement ------------------------------------------------------------------------------


def test_settlement_of_an_open_window_is_refused(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [3], team["staff"])
    with pytest.raises(Conflict) as error:
        services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    assert error.value.code == "window_open"
    assert Settlement.objects.count() == 0


def test_settlement_by_units_adds_up_exactly(team: dict[str, Any]) -> None:
    joint = make_joint(team, grant_amount=1_000)
    window = open_window(team, joint)
    sell(joint, window, [3, 2, 2, 4], team["staff"])  # 11 units × 997 = 10,967 won
    window = close(window, team["staff"])
    settlement = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    lines = list(settlement.lines.order_by("position"))
    assert (settlement.received, settlement.units) == (10_967, 11)
    # Allocation in proportion to capacity 5:4:4 → 4.23, 3.38, 3.38 → 4, 4, 3 (ties to the earlier).
    assert [line.units for line in lines] == [4, 4, 3]
    # 10,967 × 4/11 = 3,988, × 3/11 = 2,991: 3,988 + 3,988 + 2,991 = 10,967.
    assert [line.amount for line in lines] == [3_988, 3_988, 2_991]
    assert [line.cost for line in lines] == [4 * 301, 4 * 299, 3 * 307]
    assert [line.grant_share for line in lines] == [
        364,
        363,
        273,
    ]  # 363.64, 363.64, 272.73: one won each to .73 and the earlier .64
    assert sum(line.amount for line in lines) == settlement.received


def test_settlement_by_percent_and_cost_plus(team: dict[str, Any]) -> None:
    joint = make_joint(team, split_rule="percent")
    window = open_window(team, joint)
    sell(joint, window, [7], team["staff"])  # 6,979 won
    window = close(window, team["staff"])
    settlement = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    # 6,979 × 33.34% = 2,326.8, × 33.33% = 2,326.1 twice: floors 2,326 ×3 = 6,978, one won to the first.
    assert [line.amount for line in settlement.lines.order_by("position")] == [2_327, 2_326, 2_326]
    services.joint_product_set_split(actor=team["staff"], joint_product=joint, split_rule="cost_plus")
    second = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    assert second.version == 2
    lines = list(second.lines.order_by("position"))
    # Units 3, 2, 2 (5:4:4 of 7); costs 903, 598, 614 = 2,115; remainder 4,864 by units 3:2:2 = 2,084.57, 1,389.71, 1,389.71 → 2,084, 1,390, 1,390.
    assert [line.units for line in lines] == [3, 2, 2]
    assert [line.cost for line in lines] == [903, 598, 614]
    assert [line.amount for line in lines] == [903 + 2_084, 598 + 1_390, 614 + 1_390]
    assert sum(line.amount for line in lines) == 6_979


def test_recompute_gives_the_same_statement(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [5, 1], team["staff"])
    window = close(window, team["staff"])
    first = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    again = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    assert again.pk == first.pk and Settlement.objects.count() == 1
    assert (
        AuditLog.objects.filter(action="collab.settlement.recomputed", target_pk=str(first.pk)).count() == 1
    )


def test_refunds_drop_out_of_the_settlement(team: dict[str, Any]) -> None:
    from dure.market import services as market

    joint = make_joint(team)
    window = open_window(team, joint)
    orders = sell(joint, window, [2, 3], team["staff"])
    market.order_transition(actor=team["staff"], order=orders[0], to_status="refunded")
    window = close(window, team["staff"])
    settlement = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    assert (settlement.units, settlement.received) == (3, 2_991)


def test_explicit_allocation_beyond_capacity_is_refused(team: dict[str, Any]) -> None:
    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [9], team["staff"])
    window = close(window, team["staff"])
    with pytest.raises(Conflict) as error:
        services.settlement_run(
            actor=team["staff"], joint_product=joint, window=window, units_by_member=[1, 5, 3]
        )
    assert error.value.code == "over_capacity"
    assert Settlement.objects.count() == 0
    settlement = services.settlement_run(
        actor=team["staff"], joint_product=joint, window=window, units_by_member=[5, 0, 4]
    )
    assert [line.units for line in settlement.lines.order_by("position")] == [5, 0, 4]


def test_payouts_go_to_the_circulation_ledger_once(team: dict[str, Any]) -> None:
    from dure.circulation.models import Flow

    joint = make_joint(team)
    window = open_window(team, joint)
    sell(joint, window, [3, 2, 2, 4], team["staff"])
    window = close(window, team["staff"])
    settlement = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    market_flows = Flow.objects.exclude(source="collaboration").count()
    assert services.settlement_record_payouts(actor=team["staff"], settlement=settlement) == 2
    assert services.settlement_record_payouts(actor=team["staff"], settlement=settlement) == 0
    flows = Flow.objects.filter(source="collaboration").order_by("amount")
    assert [f.amount for f in flows] == [2_991, 3_988]
    assert {f.payer.name for f in flows} == {"가나제과"}
    # A changed rule gives version 2; paying it reverses version 1's payouts first.
    services.joint_product_set_split(actor=team["staff"], joint_product=joint, split_rule="cost_plus")
    second = services.settlement_run(actor=team["staff"], joint_product=joint, window=window)
    with pytest.raises(Conflict):
        services.settlement_record_payouts(actor=team["staff"], settlement=settlement)
    services.settlement_record_payouts(actor=team["staff"], settlement=second)
    lines = {line.enterprise_id: line.amount for line in second.lines.all()}
    paid = sum(f.amount for f in Flow.objects.filter(source="collaboration"))
    assert paid == lines[team["second"].pk] + lines[team["third"].pk]
    assert Flow.objects.exclude(source="collaboration").count() == market_flows
