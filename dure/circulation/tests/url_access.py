from __future__ import annotations

from typing import Any

from dure.core.identifiers import brn_format, brn_with_check_digit
from dure.core.testing import API_STAFF, UrlAccess

# The matrix world's own_enterprise is the second enterprise made by the make_enterprise fixture.
OWN_BRN = brn_format(brn_with_check_digit("409860002"))


def _own_flows(world: dict[str, Any]) -> None:
    from dure.circulation.services import flow_record

    enterprise = world["own_enterprise"]
    assert enterprise.brn == OWN_BRN.replace("-", "")
    flow_record(
        occurred_on="2025-03-01",
        payer_name="서울 구매처",
        payer_region="11",
        payee_name=enterprise.brn,
        payee_region="29170",
        amount=1000,
        kind="sale",
        source="manual",
        reference="matrix",
    )


URL_ACCESS = [
    UrlAccess(
        "api:get_lm3",
        {**API_STAFF, "enterprise": 200},
        query=f"party={OWN_BRN}",
        setup=_own_flows,
    ),
    UrlAccess("api:get_multiplier", API_STAFF),
]
