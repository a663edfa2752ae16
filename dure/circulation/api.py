"""/api/v1/circulation: LM3 for a party or group, and the region's network multiplier."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from dure.circulation import measures
from dure.circulation.access import access_parties_for_figures
from dure.circulation.schemas import Lm3Out, MultiplierOut
from dure.core.api_helpers import require_staff

router = Router(tags=["circulation"])


class Lm3Query(Schema):
    party: list[str] = []
    region: str = ""
    start: dt.date | None = None
    end: dt.date | None = None
    boundary: str | None = None


class MultiplierQuery(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    rounds: int = 4
    boundary: str | None = None


@router.get("/lm3", response=Lm3Out, summary="LM3 of a party or a group")
def get_lm3(request: HttpRequest, query: Query[Lm3Query]) -> dict:
    """`party` (repeatable: several make one group) is a 사업자등록번호 or a party name; dates inclusive.

    Staff may ask for any party; an enterprise's members for their own enterprise only.
    """
    parties = access_parties_for_figures(request.user, query.party, region=query.region)
    prefix = measures.region_prefix(query.boundary)
    result = measures.lm3([p.pk for p in parties], start=query.start, end=query.end, boundary=prefix)
    return {
        "parties": [p.pk for p in parties],
        "start": query.start.isoformat() if query.start else None,
        "end": query.end.isoformat() if query.end else None,
        "boundary": prefix,
        **result.as_dict(),
    }


@router.get(
    "/multiplier", response=MultiplierOut, summary="Rounds, LM_n and the full multiplier of the region"
)
def get_multiplier(request: HttpRequest, query: Query[MultiplierQuery]) -> dict:
    """Rounds 1ᵀAᵏf for k = 0..n−1, LM_1..LM_n and 1ᵀ(I−A)⁻¹f / 1ᵀf (staff only)."""
    require_staff(request)
    prefix = measures.region_prefix(query.boundary)
    result = measures.network(start=query.start, end=query.end, boundary=prefix, rounds=query.rounds)
    return {
        "start": query.start.isoformat() if query.start else None,
        "end": query.end.isoformat() if query.end else None,
        "boundary": prefix,
        **result.as_dict(),
        "leakage_by_kind": measures.leakage_by_kind(start=query.start, end=query.end, boundary=prefix),
    }
