"""Demo flows: the cake project's sales, the bakeries' purchases and wages, and a small regional
network around them, for the two years before this one and this year so far (deterministic).

Runs after the market and collaboration demos; their sales are already in the ledger through
`flow_record`. Amounts are made up but of a plausible size for Gwangju's small enterprises.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dure.circulation.services import declared_share_set, flow_record, party_for_enterprise, party_group_save
from dure.core.regions import district_name

OUTSIDE_BUYERS = [("서울 온라인 주문", "11"), ("경기 기업 단체주문", "41"), ("전남 학교급식", "46")]
OUTSIDE_SUPPLIERS = [("우리밀 재배 농가(전남)", "46", "purchase"), ("포장재 업체(경기)", "41", "purchase")]
LOCAL_SHOPS = [("동네 마트", 0.55), ("전통시장 상인회", 0.7)]


def _pay(context: dict[str, Any], **values: Any) -> None:
    counter = context.setdefault("_circulation_n", [0])
    counter[0] += 1
    flow_record(source=values.pop("source", "manual"), reference=f"demo:{counter[0]}", **values)


def seed(context: dict[str, Any]) -> None:
    rng = context["rng"]
    today: dt.date = context["today"]
    registry = context["registry"]
    bakeries = [registry.by_key[f"bakery{n}"] for n in range(1, 7)]
    bakery_ids = {b.pk for b in bakeries}
    # A flour mill and a packaging cooperative among the registered enterprises, and some others.
    others = [e for e in registry.enterprises if e.pk not in bakery_ids and e.brn and e.district_code]
    rng.shuffle(others)
    mill, packaging, *network = others[:16]
    years = context.get("circulation_years") or [today.year - 2, today.year - 1, today.year]
    for index, year in enumerate(years):
        last_day = dt.date(year, 12, 31) if year < today.year else today
        december = dt.date(year, 12, 20) if year < today.year else None
        local_bias = 0.35 + 0.1 * index  # the bakeries buy a little more locally every year
        for bakery in bakeries:
            region = bakery.district_code
            if december is not None:
                # The Christmas cake: about 1,600 cakes at 32,000 won among six bakeries.
                cakes = 260 + rng.randint(0, 20)
                for buyer, buyer_region in OUTSIDE_BUYERS:
                    share = rng.randint(15, 30)
                    _pay(
                        context,
                        occurred_on=december,
                        payer_name=buyer,
                        payer_region=buyer_region,
                        payee_name=bakery.brn,
                        payee_region=region,
                        amount=cakes * share // 100 * 32_000,
                        kind="sale",
                        source="collaboration",
                    )
                _pay(
                    context,
                    occurred_on=december,
                    payer_name=f"{district_name(region)} 주민",
                    payer_region=region,
                    payee_name=bakery.brn,
                    payee_region=region,
                    amount=cakes * 30 // 100 * 32_000,
                    kind="sale",
                    source="collaboration",
                )
            day = min(last_day, dt.date(year, 6, 30))
            sales = rng.randint(60, 120) * 1_000_000 * (day.timetuple().tm_yday) // 365
            _pay(
                context,
                occurred_on=day,
                payer_name="서울 온라인 주문",
                payer_region="11",
                payee_name=bakery.brn,
                payee_region=region,
                amount=sales,
                kind="sale",
            )
            budget = sales * 8 // 10
            local_flour = int(budget * 0.3 * local_bias)
            _pay(
                context,
                occurred_on=day,
                payer_name=bakery.brn,
                payer_region=region,
                payee_name=mill.brn,
                payee_region=mill.district_code,
                amount=local_flour,
                kind="purchase",
            )
            _pay(
                context,
                occurred_on=day,
                payer_name=bakery.brn,
                payer_region=region,
                payee_name=packaging.brn,
                payee_region=packaging.district_code,
                amount=int(budget * 0.1 * local_bias),
                kind="purchase",
            )
            for name, supplier_region, kind in OUTSIDE_SUPPLIERS:
                _pay(
                    context,
                    occurred_on=day,
                    payer_name=bakery.brn,
                    payer_region=region,
                    payee_name=name,
                    payee_region=supplier_region,
                    amount=int(budget * 0.15 * (1 - local_bias)),
                    kind=kind,
                )
            _pay(
                context,
                occurred_on=day,
                payer_name=bakery.brn,
                payer_region=region,
                payee_name=f"직원 가계({district_name(region)})",
                payee_region=region,
                amount=int(budget * 0.4),
                kind="wage",
            )
            _pay(
                context,
                occurred_on=day,
                payer_name=bakery.brn,
                payer_region=region,
                payee_name="국세청",
                payee_region="36",
                amount=int(sales * 0.05),
                kind="tax",
            )
        # The regional network around them: other enterprises sell out of the region and buy here.
        day = min(last_day, dt.date(year, 9, 30))
        for position, enterprise in enumerate(network):
            region = enterprise.district_code
            income = rng.randint(20, 200) * 1_000_000 * day.timetuple().tm_yday // 365
            buyer, buyer_region = OUTSIDE_BUYERS[position % len(OUTSIDE_BUYERS)]
            _pay(
                context,
                occurred_on=day,
                payer_name=buyer,
                payer_region=buyer_region,
                payee_name=enterprise.brn,
                payee_region=region,
                amount=income,
                kind="sale",
            )
            partner = network[(position + 1) % len(network)]
            _pay(
                context,
                occurred_on=day,
                payer_name=enterprise.brn,
                payer_region=region,
                payee_name=partner.brn,
                payee_region=partner.district_code,
                amount=income * rng.randint(10, 30) // 100,
                kind="purchase",
            )
            _pay(
                context,
                occurred_on=day,
                payer_name=enterprise.brn,
                payer_region=region,
                payee_name=f"직원 가계({district_name(region)})",
                payee_region=region,
                amount=income * rng.randint(25, 45) // 100,
                kind="wage",
            )
            _pay(
                context,
                occurred_on=day,
                payer_name=enterprise.brn,
                payer_region=region,
                payee_name="포장재 업체(경기)",
                payee_region="41",
                amount=income * rng.randint(10, 25) // 100,
                kind="purchase",
            )
        # The mill and the packaging cooperative report their own outlays too.
        for supplier, local_share in ((mill, 0.6), (packaging, 0.45)):
            code = supplier.district_code
            total = rng.randint(80, 120) * 1_000_000 * day.timetuple().tm_yday // 365
            _pay(
                context,
                occurred_on=day,
                payer_name=supplier.brn,
                payer_region=code,
                payee_name=f"직원 가계({district_name(code)})",
                payee_region=code,
                amount=int(total * local_share),
                kind="wage",
            )
            _pay(
                context,
                occurred_on=day,
                payer_name=supplier.brn,
                payer_region=code,
                payee_name="우리밀 재배 농가(전남)",
                payee_region="46",
                amount=int(total * (1 - local_share)),
                kind="purchase",
            )
        # Households spend part of their wages in local shops and part online.
        for code in sorted({b.district_code for b in bakeries} | {e.district_code for e in network}):
            household = f"직원 가계({district_name(code)})"
            for shop, _share in LOCAL_SHOPS:
                _pay(
                    context,
                    occurred_on=last_day,
                    payer_name=household,
                    payer_region=code,
                    payee_name=f"{shop}({district_name(code)})",
                    payee_region=code,
                    amount=rng.randint(20, 60) * 1_000_000,
                    kind="purchase",
                )
            _pay(
                context,
                occurred_on=last_day,
                payer_name=household,
                payer_region=code,
                payee_name="온라인 쇼핑몰",
                payee_region="11",
                amount=rng.randint(40, 80) * 1_000_000,
                kind="purchase",
            )
    # Local shops declare a survey share instead of reporting outlays.
    from dure.circulation.models import Party

    for shop, share in LOCAL_SHOPS:
        for party in Party.objects.filter(name__startswith=shop):
            for year in years:
                declared_share_set(party=party, year=year, share=share)
    party_group_save(
        name="우리밀 크리스마스 더좋은 케이크",
        description="여섯 빵집의 공동 케이크 사업 (협업사업)",
        parties=[party_for_enterprise(enterprise=b) for b in bakeries],
    )
