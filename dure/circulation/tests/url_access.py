from __future__ import annotations

from typing import Any

from dure.core.identifiers import brn_format, brn_with_check_digit
from dure.core.testing import API_STAFF, PUBLIC, STAFF_ONLY, UrlAccess

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


def _public_flows(world: dict[str, Any]) -> None:
    from dure.circulation.services import flow_record

    for n in range(4):
        flow_record(
            occurred_on="2025-03-01",
            payer_name=f"지역 가게 {n}",
            payer_region="29170",
            payee_name=f"지역 농가 {n}",
            payee_region="29200",
            amount=1000 + n,
            kind="purchase",
            source="manual",
            reference=f"public-{n}",
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

OWN_ENTERPRISE_PAGE = {
    "anonymous": 302,
    "citizen": 404,
    "enterprise": 200,
    "council": 404,
    "reviewer": 404,
    "institution": 404,
    "staff": 200,
}


def _own(world: dict[str, Any]) -> dict[str, Any]:
    return {"pk": world["own_enterprise"].pk}


def _own_flow(world: dict[str, Any]) -> dict[str, Any]:
    from dure.circulation.models import Flow

    return {"pk": world["own_enterprise"].pk, "flow_pk": Flow.objects.get(reference="matrix").pk}


def _own_outlay(world: dict[str, Any]) -> None:
    from dure.circulation.services import flow_record

    flow_record(
        occurred_on="2025-12-31",
        payer_name=world["own_enterprise"].brn,
        payer_region="29170",
        payee_name="농가",
        payee_region="46",
        amount=1000,
        kind="purchase",
        source="manual",
        reference="matrix",
    )


URL_ACCESS += [
    UrlAccess("circulation:public", PUBLIC),
    UrlAccess("circulation:public_csv", PUBLIC, kwargs=lambda w: {"key": "rounds"}, setup=_public_flows),
    UrlAccess("circulation:dashboard", STAFF_ONLY),
    UrlAccess("circulation:dashboard_csv", STAFF_ONLY, kwargs=lambda w: {"key": "rounds"}),
    UrlAccess("circulation:enterprise_figures", OWN_ENTERPRISE_PAGE, kwargs=_own),
    UrlAccess("circulation:enterprise_outlays", OWN_ENTERPRISE_PAGE, kwargs=_own),
    UrlAccess("circulation:enterprise_share", OWN_ENTERPRISE_PAGE, kwargs=_own),
    UrlAccess(
        "circulation:enterprise_flow_reverse",
        {**OWN_ENTERPRISE_PAGE, "enterprise": 302, "staff": 302},
        kwargs=_own_flow,
        method="post",
        data=lambda w: {},
        setup=_own_outlay,
    ),
]
