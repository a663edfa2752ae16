"""Writes of the collab app: networks, projects, joint products and settlements (audited)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from dure.collab import rules, sales
from dure.collab.models import (
    PROJECT_TRANSITIONS,
    AllocationRule,
    JointProduct,
    MeetingNote,
    MemberPart,
    MemberRole,
    Milestone,
    Network,
    NetworkEvent,
    NetworkMember,
    Project,
    ProjectDocument,
    ProjectMember,
    ProjectStatus,
    RemainderRule,
    Settlement,
    SettlementLine,
    SplitRule,
)
from dure.core.audit import log_action
from dure.core.db import insert_once
from dure.core.errors import Conflict, DomainError

# ---------------------------------------------------------------------------------------------
# Networks


@transaction.atomic
def network_create(
    *,
    actor: Any,
    name: str,
    industry: str = "",
    ksic_code: str = "",
    description: str = "",
    coordinator: Any = None,
    officer: Any = None,
    members: Iterable[Any] = (),
) -> Network:
    if not name.strip():
        raise DomainError(_("A network needs a name."), field="name")
    network = Network.objects.create(
        name=name.strip(),
        industry=industry,
        ksic_code=ksic_code,
        description=description,
        coordinator=coordinator,
        officer=officer,
    )
    enterprises = list(members)
    if coordinator is not None and coordinator.pk not in {e.pk for e in enterprises}:
        enterprises.insert(0, coordinator)
    NetworkMember.objects.bulk_create([NetworkMember(network=network, enterprise=e) for e in enterprises])
    log_action(
        "collab.network.created", actor=actor, target=network, data={"members": [e.pk for e in enterprises]}
    )
    return network


@transaction.atomic
def network_member_add(
    *, actor: Any, network: Network, enterprise: Any, joined_on: dt.date | None = None
) -> None:
    already = Conflict(_("%(name)s is already a member of this network.") % {"name": enterprise.name})
    if NetworkMember.objects.filter(network=network, enterprise=enterprise).exists():
        raise already
    insert_once(
        lambda: NetworkMember.objects.create(network=network, enterprise=enterprise, joined_on=joined_on),
        already,
    )
    log_action("collab.network.member_added", actor=actor, target=network, data={"enterprise": enterprise.pk})


@transaction.atomic
def network_event_create(
    *,
    actor: Any,
    network: Network,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str = "",
    description: str = "",
) -> NetworkEvent:
    if ends_at < starts_at:
        raise DomainError(_("An event cannot end before it starts."), field="ends_at")
    event = NetworkEvent.objects.create(
        network=network,
        title=title,
        starts_at=starts_at,
        ends_at=ends_at,
        location=location,
        description=description,
    )
    log_action("collab.network_event.created", actor=actor, target=event, data={"network": network.pk})
    return event


# ---------------------------------------------------------------------------------------------
# Projects


@transaction.atomic
def project_create(
    *,
    actor: Any,
    name: str,
    lead: Any,
    members: Sequence[tuple[Any, str, str]] = (),
    **fields: Any,
) -> Project:
    """A proposed project; the lead is member number one. `members`: (enterprise, role, note)."""
    if not name.strip():
        raise DomainError(_("A project needs a name."), field="name")
    allowed = {
        "summary",
        "description",
        "network",
        "officer",
        "year",
        "starts_on",
        "ends_on",
        "grant_program",
        "grant_amount",
        "budget",
        "reached_count",
        "reached_label",
        "is_public",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise DomainError(_("Unknown project fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for money_field in ("grant_amount", "budget"):
        if int(fields.get(money_field) or 0) < 0:
            raise DomainError(_("Amounts cannot be negative."), field=money_field)
    project = Project.objects.create(name=name.strip(), lead=lead, **fields)
    ProjectMember.objects.create(project=project, enterprise=lead, role=MemberRole.LEAD, position=0)
    seen = {lead.pk}
    for position, (enterprise, role, note) in enumerate(members, start=1):
        if enterprise.pk in seen:
            continue
        seen.add(enterprise.pk)
        ProjectMember.objects.create(
            project=project,
            enterprise=enterprise,
            role=role or MemberRole.PRODUCER,
            role_note=note,
            position=position,
        )
    log_action(
        "collab.project.created", actor=actor, target=project, data={"lead": lead.pk, "members": sorted(seen)}
    )
    return project


@transaction.atomic
def project_member_add(
    *, actor: Any, project: Project, enterprise: Any, role: str = MemberRole.PRODUCER, role_note: str = ""
) -> ProjectMember:
    project = Project.objects.select_for_update().get(pk=project.pk)
    if project.status == ProjectStatus.CLOSED:
        raise Conflict(_("A closed project takes no new members."))
    if ProjectMember.objects.filter(project=project, enterprise=enterprise).exists():
        raise Conflict(_("%(name)s is already a member of this project.") % {"name": enterprise.name})
    last = project.members.order_by("-position").values_list("position", flat=True).first() or 0
    member = ProjectMember.objects.create(
        project=project, enterprise=enterprise, role=role, role_note=role_note, position=last + 1
    )
    log_action("collab.project.member_added", actor=actor, target=project, data={"enterprise": enterprise.pk})
    return member


def project_support_check(project: Project) -> rules.SupportCheck:
    return rules.support_check(m.enterprise for m in project.members.select_related("enterprise"))


@transaction.atomic
def project_transition(*, actor: Any, project: Project, to_status: str) -> Project:
    """Move a project along PROJECT_TRANSITIONS; selection requires the support rule."""
    project = Project.objects.select_for_update().get(pk=project.pk)
    if to_status not in ProjectStatus.values:
        raise DomainError(_("Unknown project status."), field="status")
    if to_status not in PROJECT_TRANSITIONS[project.status]:
        raise Conflict(
            _("A project cannot move from %(from)s to %(to)s.")
            % {"from": ProjectStatus(project.status).label, "to": ProjectStatus(to_status).label},
            code="bad_transition",
        )
    if to_status == ProjectStatus.SELECTED:
        check = project_support_check(project)
        if not check.ok:
            raise Conflict(" ".join(check.problems()), code="support_rule")
    before = project.status
    project.status = to_status
    project.save(update_fields=["status", "updated_at"])
    log_action(
        "collab.project.transitioned", actor=actor, target=project, data={"from": before, "to": to_status}
    )
    return project


@transaction.atomic
def milestone_create(*, actor: Any, project: Project, title: str, due_on: dt.date | None = None) -> Milestone:
    milestone = Milestone.objects.create(project=project, title=title, due_on=due_on)
    log_action("collab.milestone.created", actor=actor, target=milestone, data={"project": project.pk})
    return milestone


@transaction.atomic
def milestone_complete(*, actor: Any, milestone: Milestone, done_on: dt.date) -> Milestone:
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    log_action("collab.milestone.completed", actor=actor, target=milestone, data={"done_on": done_on})
    return milestone


@transaction.atomic
def document_add(*, actor: Any, project: Project, title: str, file: Any) -> ProjectDocument:
    document = ProjectDocument.objects.create(
        project=project, title=title, file=file, uploaded_by=actor if getattr(actor, "pk", None) else None
    )
    log_action("collab.document.added", actor=actor, target=document, data={"project": project.pk})
    return document


@transaction.atomic
def meeting_note_create(
    *, actor: Any, project: Project, held_on: dt.date, title: str, body: str = ""
) -> MeetingNote:
    note = MeetingNote.objects.create(
        project=project,
        held_on=held_on,
        title=title,
        body=body,
        author=actor if getattr(actor, "pk", None) else None,
    )
    log_action("collab.meeting_note.created", actor=actor, target=note, data={"project": project.pk})
    return note


# ---------------------------------------------------------------------------------------------
# Joint products


def _percent(value: Any) -> Decimal:
    try:
        return Decimal(str(value if value not in (None, "") else "0"))
    except InvalidOperation as error:
        raise DomainError(_("A percentage must be a number."), field="percent") from error


@transaction.atomic
def joint_product_create(
    *,
    actor: Any,
    project: Project,
    name: str,
    price: int,
    parts: Sequence[dict[str, Any]],
    split_rule: str = SplitRule.UNITS,
    remainder_rule: str = RemainderRule.UNITS,
    allocation_rule: str = AllocationRule.CAPACITY,
    grant_amount: int = 0,
    **product_fields: Any,
) -> JointProduct:
    """A market product sold by the project's lead, owned by the project.

    `parts`: [{"member": ProjectMember, "component": str, "capacity": int, "unit_cost": int,
    "percent": Decimal}]. The product's stock is the team's total capacity, so the market
    refuses orders beyond what the team can make.
    """
    from dure.market import services as market_services

    if split_rule not in SplitRule.values or remainder_rule not in RemainderRule.values:
        raise DomainError(_("Unknown split rule."), field="split_rule")
    if allocation_rule not in AllocationRule.values:
        raise DomainError(_("Unknown allocation rule."), field="allocation_rule")
    if not parts:
        raise DomainError(_("A joint product needs at least one member part."), field="parts")
    if grant_amount < 0:
        raise DomainError(_("Amounts cannot be negative."), field="grant_amount")
    members = []
    for part in parts:
        member = part["member"]
        if member.project_id != project.pk:
            raise DomainError(_("Every part must belong to a member of this project."), field="parts")
        if int(part.get("capacity", 0)) < 0 or int(part.get("unit_cost", 0)) < 0:
            raise DomainError(_("Capacity and costs cannot be negative."), field="parts")
        members.append(member.pk)
    if len(set(members)) != len(members):
        raise DomainError(_("A member can have only one part in a joint product."), field="parts")
    percents = [_percent(part.get("percent")) for part in parts]
    if split_rule == SplitRule.PERCENT or (
        split_rule == SplitRule.COST_PLUS and remainder_rule == RemainderRule.PERCENT
    ):
        rules.check_percentages(percents)
    capacity = sum(int(part["capacity"]) for part in parts)
    product = market_services.product_create(
        actor=actor,
        enterprise=project.lead,
        name=name,
        price=price,
        stock=capacity,
        capacity_per_window=capacity,
        collab_project_pk=project.pk,
        **product_fields,
    )
    joint = JointProduct.objects.create(
        project=project,
        product=product,
        split_rule=split_rule,
        remainder_rule=remainder_rule,
        allocation_rule=allocation_rule,
        grant_amount=grant_amount,
    )
    MemberPart.objects.bulk_create(
        [
            MemberPart(
                joint_product=joint,
                member=part["member"],
                component=part.get("component", ""),
                capacity=int(part["capacity"]),
                unit_cost=int(part.get("unit_cost", 0)),
                percent=percent,
            )
            for part, percent in zip(parts, percents, strict=True)
        ]
    )
    log_action(
        "collab.joint_product.created",
        actor=actor,
        target=joint,
        data={"product": product.pk, "capacity": capacity, "split_rule": split_rule},
    )
    return joint


@transaction.atomic
def joint_product_set_split(
    *,
    actor: Any,
    joint_product: JointProduct,
    split_rule: str,
    remainder_rule: str = RemainderRule.UNITS,
    percents: dict[int, Any] | None = None,
) -> JointProduct:
    """Change the split rule (and the percentages, keyed by part pk). Refused unless they add to 100."""
    joint_product = JointProduct.objects.select_for_update().get(pk=joint_product.pk)
    if split_rule not in SplitRule.values or remainder_rule not in RemainderRule.values:
        raise DomainError(_("Unknown split rule."), field="split_rule")
    parts = list(joint_product.parts.all())
    new_percents = {part.pk: part.percent for part in parts}
    for pk, value in (percents or {}).items():
        if pk not in new_percents:
            raise DomainError(_("Every part must belong to this joint product."), field="percent")
        new_percents[pk] = _percent(value)
    if split_rule == SplitRule.PERCENT or (
        split_rule == SplitRule.COST_PLUS and remainder_rule == RemainderRule.PERCENT
    ):
        rules.check_percentages(list(new_percents.values()))
    for part in parts:
        if part.percent != new_percents[part.pk]:
            part.percent = new_percents[part.pk]
            part.save(update_fields=["percent", "updated_at"])
    before = [joint_product.split_rule, joint_product.remainder_rule]
    joint_product.split_rule = split_rule
    joint_product.remainder_rule = remainder_rule
    joint_product.save(update_fields=["split_rule", "remainder_rule", "updated_at"])
    log_action(
        "collab.joint_product.split_changed",
        actor=actor,
        target=joint_product,
        data={
            "from": before,
            "to": [split_rule, remainder_rule],
            "percents": {str(k): str(v) for k, v in new_percents.items()},
        },
    )
    return joint_product


@transaction.atomic
def part_update(
    *, actor: Any, part: MemberPart, capacity: int | None = None, unit_cost: int | None = None
) -> MemberPart:
    """Change a member's capacity or input cost; the product's stock follows the total capacity."""
    from dure.market import services as market_services

    part = MemberPart.objects.select_for_update().select_related("joint_product__product").get(pk=part.pk)
    joint = part.joint_product
    old_total = sum(joint.parts.values_list("capacity", flat=True))
    changes: dict[str, Any] = {}
    if capacity is not None:
        if capacity < 0:
            raise DomainError(_("Capacity cannot be negative."), field="capacity")
        changes["capacity"] = [part.capacity, capacity]
        part.capacity = capacity
    if unit_cost is not None:
        if unit_cost < 0:
            raise DomainError(_("Costs cannot be negative."), field="unit_cost")
        changes["unit_cost"] = [part.unit_cost, unit_cost]
        part.unit_cost = unit_cost
    part.save()
    new_total = old_total - changes.get("capacity", [0, 0])[0] + changes.get("capacity", [0, 0])[1]
    if "capacity" in changes:
        product = joint.product
        product.refresh_from_db()
        taken = old_total - product.stock if product.stock is not None else 0
        if new_total < taken:
            raise Conflict(
                _("The team has already sold %(taken)d units; capacity cannot drop to %(total)d.")
                % {"taken": taken, "total": new_total},
                code="over_capacity",
            )
        market_services.product_update(
            actor=actor,
            product=product,
            values={"stock": new_total - taken, "capacity_per_window": new_total},
        )
    log_action("collab.part.updated", actor=actor, target=part, data=changes)
    return part


def member_inputs(joint_product: JointProduct, units: Sequence[int]) -> list[rules.MemberInput]:
    parts = list(joint_product.parts.select_related("member__enterprise"))
    return [
        rules.MemberInput(
            enterprise_pk=part.member.enterprise_id,
            name=part.member.enterprise.name,
            units=count,
            unit_cost=part.unit_cost,
            percent=part.percent,
        )
        for part, count in zip(parts, units, strict=True)
    ]


def allocation_for(
    joint_product: JointProduct, units: int, units_by_member: Sequence[int] | None = None
) -> list[int]:
    """Units each part makes (in part order); explicit allocations are checked against capacity."""
    parts = list(joint_product.parts.select_related("member__enterprise"))
    capacities = [part.capacity for part in parts]
    if units_by_member is None:
        return rules.allocate_units(units, capacities, rule=joint_product.allocation_rule)
    if len(units_by_member) != len(parts):
        raise DomainError(_("Give one number of units for each member part."))
    rules.check_allocation(units_by_member, capacities, [part.member.enterprise.name for part in parts])
    if sum(units_by_member) != units:
        raise DomainError(
            _("The allocation covers %(given)d units but %(units)d were sold.")
            % {"given": sum(units_by_member), "units": units}
        )
    return list(units_by_member)


# ---------------------------------------------------------------------------------------------
# Settlements


def _same(settlement: Settlement, result: rules.SplitResult, inputs: dict[str, Any]) -> bool:
    old = [
        (line.enterprise_id, line.units, line.cost, line.revenue_share, line.grant_share, line.amount)
        for line in settlement.lines.all()
    ]
    new = [(x.enterprise_pk, x.units, x.cost, x.revenue_share, x.grant_share, x.amount) for x in result.lines]
    return old == new and settlement.inputs == inputs


@transaction.atomic
def settlement_run(
    *,
    actor: Any,
    joint_product: JointProduct,
    window: Any,
    units_by_member: Sequence[int] | None = None,
) -> Settlement:
    """Settle a joint product's sales in a closed window (refused while it is open).

    Units come from the market's fulfilled sales net of refunds; production is allocated by the
    joint product's allocation rule (or `units_by_member`, checked against capacity); revenue is
    split by its split rule. A recompute with unchanged inputs returns the stored statement; a
    changed one is stored as the next version. Every run is audited.
    """
    joint_product = (
        JointProduct.objects.select_for_update().select_related("product").get(pk=joint_product.pk)
    )
    if not sales.window_is_closed(window):
        raise Conflict(
            _("The sales window '%(name)s' is still open; settle it after it closes.")
            % {"name": window.name},
            code="window_open",
        )
    units, received = sales.product_sales(joint_product.product_id, window.pk)
    allocation = allocation_for(joint_product, units, units_by_member)
    members = member_inputs(joint_product, allocation)
    result = rules.split_revenue(
        received=received,
        members=members,
        rule=joint_product.split_rule,
        remainder_rule=joint_product.remainder_rule,
        grant=joint_product.grant_amount,
    )
    inputs = {
        "units": units,
        "received": received,
        "allocation_rule": joint_product.allocation_rule,
        "allocation": allocation,
        "parts": [
            {"enterprise": m.enterprise_pk, "unit_cost": m.unit_cost, "percent": str(m.percent)}
            for m in members
        ],
        "rule": joint_product.split_rule,
        "remainder_rule": joint_product.remainder_rule,
        "grant": joint_product.grant_amount,
    }
    latest = (
        Settlement.objects.filter(joint_product=joint_product, window_pk=window.pk)
        .prefetch_related("lines")
        .order_by("-version")
        .first()
    )
    if latest is not None and _same(latest, result, inputs):
        log_action(
            "collab.settlement.recomputed",
            actor=actor,
            target=latest,
            data={"version": latest.version, "unchanged": True},
        )
        return latest
    settlement = Settlement.objects.create(
        joint_product=joint_product,
        window_pk=window.pk,
        window_name=str(getattr(window, "name", "")),
        version=(latest.version + 1) if latest else 1,
        rule=joint_product.split_rule,
        remainder_rule=joint_product.remainder_rule,
        received=received,
        units=units,
        grant_amount=joint_product.grant_amount,
        computed_by=actor if getattr(actor, "pk", None) else None,
        inputs=inputs,
    )
    SettlementLine.objects.bulk_create(
        [
            SettlementLine(
                settlement=settlement,
                enterprise_id=line.enterprise_pk,
                position=position,
                units=line.units,
                cost=line.cost,
                revenue_share=line.revenue_share,
                grant_share=line.grant_share,
                amount=line.amount,
            )
            for position, line in enumerate(result.lines)
        ]
    )
    log_action(
        "collab.settlement.computed",
        actor=actor,
        target=settlement,
        data={
            "version": settlement.version,
            "received": received,
            "units": units,
            "lines": [[line.enterprise_pk, line.units, line.amount] for line in result.lines],
        },
    )
    return settlement


def _payout_reference(settlement: Settlement, enterprise_pk: int) -> str:
    return f"collab:settlement:{settlement.pk}:{enterprise_pk}"


@transaction.atomic
def settlement_record_payouts(*, actor: Any, settlement: Settlement) -> int:
    """Write what the lead pays each other member to the circulation ledger (source collaboration).

    Only the newest version of a statement is paid; payouts of an older version of the same
    window are reversed first, so a recompute never counts money twice. Idempotent.
    """
    from dure.circulation import services as circulation

    settlement = (
        Settlement.objects.select_for_update()
        .select_related("joint_product__project__lead")
        .get(pk=settlement.pk)
    )
    newest = (
        Settlement.objects.filter(joint_product=settlement.joint_product, window_pk=settlement.window_pk)
        .order_by("-version")
        .first()
    )
    if newest is None or newest.pk != settlement.pk:
        raise Conflict(_("Only the newest version of a settlement can be paid."), code="stale_settlement")
    if settlement.payouts_recorded_at is not None:
        return 0
    for older in Settlement.objects.filter(
        joint_product=settlement.joint_product,
        window_pk=settlement.window_pk,
        payouts_recorded_at__isnull=False,
    ).exclude(pk=settlement.pk):
        for line in older.lines.all():
            reference = _payout_reference(older, line.enterprise_id)
            if _flow_exists(reference):
                circulation.flow_reverse(reference=reference, actor=actor)
    lead = settlement.joint_product.project.lead
    recorded = 0
    for line in settlement.lines.select_related("enterprise"):
        if line.enterprise_id == lead.pk or line.amount <= 0:
            continue  # the lead keeps its own share; nothing moves
        circulation.flow_record(
            occurred_on=settlement.created_at.date(),
            payer_name=lead.name,
            payer_region=lead.district_code,
            payer_brn=lead.brn,
            payee_name=line.enterprise.name,
            payee_region=line.enterprise.district_code,
            payee_brn=line.enterprise.brn,
            amount=line.amount,
            kind="purchase",
            source="collaboration",
            reference=_payout_reference(settlement, line.enterprise_id),
            actor=actor,
        )
        recorded += 1
    from django.utils import timezone

    settlement.payouts_recorded_at = timezone.now()
    settlement.save(update_fields=["payouts_recorded_at", "updated_at"])
    log_action("collab.settlement.payouts_recorded", actor=actor, target=settlement, data={"flows": recorded})
    return recorded


def _flow_exists(reference: str) -> bool:
    from django.apps import apps

    return apps.get_model("circulation", "Flow").objects.filter(reference=reference).exists()


@transaction.atomic
def joint_product_restock(*, actor: Any, joint_product: JointProduct) -> int:
    """Reset the product's stock to the team's total capacity for a new sales window.

    Stock counts down as orders come in, so after one window the team must say it can bake
    again; refused while a window that sells the product is still open (its orders count).
    """
    from dure.market import services as market_services

    joint_product = (
        JointProduct.objects.select_for_update().select_related("product").get(pk=joint_product.pk)
    )
    if sales.units_ordered_in_open_windows(joint_product.product_id):
        raise Conflict(
            _("A sales window with orders for this product is still open; restock after it closes."),
            code="window_open",
        )
    capacity = sum(joint_product.parts.values_list("capacity", flat=True))
    market_services.product_update(
        actor=actor,
        product=joint_product.product,
        values={"stock": capacity, "capacity_per_window": capacity},
    )
    log_action("collab.joint_product.restocked", actor=actor, target=joint_product, data={"stock": capacity})
    return capacity
