"""The project report: sales, buyers, members' revenue, people reached, local share of spending."""

from __future__ import annotations

from typing import Any

from dure.collab import sales, selectors
from dure.collab.models import Project
from dure.core.regions import is_local


def public_sales(project: Project) -> dict[str, int]:
    """Public facts: units settled across every sales window (no money)."""
    summary = selectors.project_settlement_summary(project)
    return {"units": summary["units"], "windows": len(summary["settlements"])}


def closed_windows_for(project: Project) -> list[dict[str, Any]]:
    """Sales windows the project's joint products were offered in, for the settle form."""
    rows = []
    for joint in selectors.joint_products_for(project):
        for window in sales.windows_for_product(joint.product_id):
            rows.append({"joint_product": joint, "window": window, "closed": sales.window_is_closed(window)})
    return rows


def project_report(project: Project) -> dict[str, Any]:
    summary = selectors.project_settlement_summary(project)
    product_pks = [joint.product_id for joint in selectors.joint_products_for(project)]
    local_members = [m for m in project.members.all() if is_local(m.enterprise.district_code)]
    paid = sum(line["amount"] for line in summary["lines"])
    paid_local = sum(
        line["amount"]
        for line in summary["lines"]
        if line["enterprise"] in {m.enterprise_id for m in local_members}
    )
    return {
        "received": summary["received"],
        "units": summary["units"],
        "grant": summary["grant"] or project.grant_amount,
        "buyers": sales.buyer_count(product_pks),
        "lines": summary["lines"],
        "reached_count": project.reached_count,
        "reached_label": project.reached_label,
        "members": len(project.members.all()),
        "local_members": len(local_members),
        # Share of the settlement paid to members inside the region (from this app's own data).
        "settlement_local_share": (paid_local / paid) if paid else None,
        # Share of the members' recorded spending that stayed local (circulation measures).
        "spending_local_share": sales.spending_local_share([m.enterprise for m in project.members.all()]),
    }


def live_allocation(joint: Any) -> dict[str, Any]:
    """Units ordered in still-open windows and who makes them (the joint product's allocation rule)."""
    from dure.collab import rules

    parts = list(joint.parts.all())
    units = sales.units_ordered_in_open_windows(joint.product_id)
    capacities = [part.capacity for part in parts]
    allocation = rules.allocate_units(min(units, sum(capacities)), capacities, rule=joint.allocation_rule)
    return {"units": units, "rows": list(zip(parts, allocation, strict=True))}
