"""Precision at k of the partner ranking on the labelled needs (dure/collab/tests/labelled_needs.py)."""

from __future__ import annotations

from typing import Any

from dure.collab.matching import suggest_partners


def is_relevant(enterprise: Any, label: dict[str, Any]) -> bool:
    if label.get("industry") and enterprise.industry != label["industry"]:
        return False
    return all(phrase in enterprise.description for phrase in label.get("description_all", []))


def precision_at_k(labelled: list[dict[str, Any]], k: int = 5) -> dict[str, Any]:
    """Mean over the needs of (relevant among the top k) / k, with each need's figure."""
    rows = []
    for item in labelled:
        suggestions = suggest_partners(need=item["need"], limit=k, **item.get("filters", {}))
        hits = sum(1 for s in suggestions if is_relevant(s.enterprise, item["relevant"]))
        rows.append({"need": item["need"], "hits": hits, "precision": hits / k})
    mean = sum(r["precision"] for r in rows) / len(rows) if rows else 0.0
    return {"k": k, "precision": mean, "needs": rows}
