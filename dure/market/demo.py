"""Demo market: an open sales window (30 products, 12 enterprises), a festival booth,
institutions with priority-purchase targets, and some past orders."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from dure.market.models import Booth, Channel, PaymentMethod
from dure.market.services import (
    booth_sale_record,
    fair_answer_create,
    fair_create,
    fair_meeting_schedule,
    fair_need_create,
    institution_create,
    order_place,
    order_transition,
    product_create,
    target_set,
    window_create,
)
from dure.market.services.purchasing import purchase_import

# (name, price, stock or None, category, vat_mode, tags)
ProductSpec = tuple[str, int, int | None, str, str, tuple[str, ...]]

BAKERY_PRODUCTS: list[list[ProductSpec]] = [
    [
        ("우리밀 통밀식빵", 6000, 30, "빵·과자", "exempt", ("local_ingredients",)),
        ("쌀 카스텔라", 9000, 12, "빵·과자", "included", ("local_ingredients",)),
    ],
    [
        ("천연발효 깜빠뉴", 8000, 20, "빵·과자", "exempt", ("local_ingredients",)),
        ("우리밀 쿠키 선물세트", 15000, 25, "선물세트", "included", ("vulnerable_workers",)),
    ],
    [
        ("단팥빵 5개입", 7500, None, "빵·과자", "exempt", ()),
        ("쌀 롤케이크", 18000, 8, "케이크", "included", ("local_ingredients",)),
    ],
    [
        ("무화과 호밀빵", 8500, 15, "빵·과자", "exempt", ("local_ingredients",)),
        ("떡케이크 1호", 32000, 6, "케이크", "included", ("local_ingredients",)),
    ],
    [
        ("유기농 바게트", 5000, 40, "빵·과자", "exempt", ("eco_friendly",)),
        ("답례품 쿠키 10개입", 12000, None, "선물세트", "included", ("vulnerable_workers",)),
    ],
    [
        ("옥수수 치아바타", 6500, 18, "빵·과자", "exempt", ()),
        ("딸기 생크림 케이크", 35000, 5, "케이크", "included", ("local_ingredients",)),
    ],
]
OTHER_PRODUCTS: dict[str, list[ProductSpec]] = {
    "도시락 및 식사용 조리식품": [
        ("건강 도시락", 8000, 40, "도시락·반찬", "included", ("local_ingredients", "vulnerable_workers")),
        ("반찬 3종 세트", 12000, 20, "도시락·반찬", "exempt", ("local_ingredients",)),
        ("행사용 주먹밥 세트", 25000, None, "도시락·반찬", "included", ()),
    ],
    "작물 재배업": [
        ("무농약 쌈채소 1kg", 9000, 30, "농산물", "exempt", ("eco_friendly", "local_ingredients")),
        ("광주 햅쌀 10kg", 38000, 20, "농산물", "exempt", ("local_ingredients",)),
    ],
    "커피 전문점": [
        ("공정무역 원두 500g", 16000, 25, "음료", "included", ("eco_friendly",)),
        ("드립백 선물세트", 14000, None, "선물세트", "included", ("vulnerable_workers",)),
    ],
    "공예품 제조업": [
        ("업사이클 가죽 지갑", 28000, 10, "공예품", "included", ("eco_friendly",)),
        ("천연 비누 세트", 15000, 30, "생활용품", "included", ("eco_friendly", "vulnerable_workers")),
        ("도자기 머그컵", 22000, 12, "공예품", "included", ()),
    ],
    "지역 특산 가공식품": [
        ("무등산 수박 식혜", 6000, 35, "음료", "exempt", ("local_ingredients",)),
        ("남도 매실청", 18000, 15, "가공식품", "included", ("local_ingredients",)),
        ("전통 된장 1kg", 20000, None, "가공식품", "exempt", ("local_ingredients",)),
    ],
    "재활용 및 자원순환": [
        ("재생지 노트 3권", 7000, 40, "생활용품", "included", ("eco_friendly",)),
        ("커피박 화분", 12000, 9, "생활용품", "included", ("eco_friendly", "vulnerable_workers")),
        ("장바구니", 5000, None, "생활용품", "included", ("eco_friendly",)),
    ],
}
INSTITUTIONS = [
    ("광주광역시청", "public", "29", 900_000_000),
    ("광주광역시교육청", "public", "29", 600_000_000),
    ("광주 북구청", "public", "29170", 250_000_000),
    ("한국전력공사", "public", "29200", 400_000_000),
    ("광주은행", "company", "29140", 120_000_000),
]


def _create_products(context: dict[str, Any]) -> list[Any]:
    from dure.registry.models import Enterprise

    registry = context["registry"]
    products = []
    for number, specs in enumerate(BAKERY_PRODUCTS, start=1):
        enterprise = registry.by_key[f"bakery{number}"]
        products += [_product(enterprise, spec) for spec in specs]
    used = {registry.by_key[f"bakery{n}"].pk for n in range(1, 7)}
    for industry, specs in OTHER_PRODUCTS.items():
        enterprise = (
            Enterprise.objects.filter(industry=industry, status="active", sells_online=True)
            .exclude(pk__in=used)
            .order_by("pk")
            .first()
        )
        if enterprise is None:
            continue
        used.add(enterprise.pk)
        products += [_product(enterprise, spec) for spec in specs]
    return products


def _product(enterprise: Any, spec: ProductSpec) -> Any:
    name, price, stock, category, vat_mode, tags = spec
    return product_create(
        actor=None,
        enterprise=enterprise,
        name=name,
        price=price,
        stock=stock,
        vat_mode=vat_mode,
        category=category,
        unit="개",
        description=f"{enterprise.name}에서 만든 {name}입니다.",
        **dict.fromkeys(tags, True),
    )


def seed(context: dict[str, Any]) -> None:
    rng = context["rng"]
    users = context["users"]
    now: dt.datetime = context["now"]
    today: dt.date = context["today"]
    products = _create_products(context)
    # A few products stay in the enterprises' standing catalogue, sold at any time.
    for product in products[-3:]:
        product.direct_sale = True
        product.save(update_fields=["direct_sale"])
    window = window_create(
        actor=None,
        name=f"{today.year} 겨울 사회적경제 장터",
        description="광주 사회적경제기업 12곳의 빵, 먹거리, 생활용품을 한 번에 주문하고 센터에서 찾아가세요.",
        opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=12),
        capacity=None,
        product_pks=[p.pk for p in products[:-3]],
        delivery=True,
        delivery_note="광주 시내",
        delivery_minimum=30_000,
        pickup_points=[
            {
                "name": "광주사회적경제지원센터 1층 홍보전시실",
                "address": "광주광역시 서구 천변좌로 268",
                "times": "평일 10:00–18:00",
            },
            {
                "name": "북구 용봉동 마을카페",
                "address": "광주광역시 북구 용봉로 77",
                "times": "토 11:00–15:00",
            },
        ],
    )
    context["market_window"] = window
    context["market_products"] = products

    # Past orders from citizens: some already handed over.
    citizen = users.get("citizen")
    limited = [p for p in products[:-3] if p.stock is None or p.stock >= 15]
    pickups = list(window.pickup_points.order_by("pk"))
    for index in range(12):
        picks = rng.sample(limited, 2)
        order = order_place(
            buyer={
                "name": rng.choice(["김민지", "이서준", "박하은", "최도윤", "정유나"]),
                "email": f"demo{index}@example.org",
                "phone": f"010-{rng.randint(1000, 9999)}-{rng.randint(1000, 9999)}",
                "region_code": rng.choice(["29110", "29140", "29155", "29170", "29200"]),
            },
            items=[{"product": p.pk, "quantity": rng.randint(1, 2)} for p in picks],
            consent=True,
            user=citizen if index % 4 == 0 else None,
            window=window,
            pickup_point=pickups[index % len(pickups)],
            notify=False,
        )
        for status in ["confirmed", "ready", "fulfilled"][: index % 4]:
            order = order_transition(actor=None, order=order, to_status=status)

    # Festival booth running now (so that the booth screen has a day to show).
    booth = Booth.objects.create(
        name="사회적경제 나눔장터 부스",
        festival="추억의 충장축제",
        location="광주광역시 동구 충장로 일대",
        region_code="29110",
        starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=2),
    )
    booth_products = [p for p in products if p.category in ("빵·과자", "음료", "생활용품")][:8]
    booth.products.set(booth_products)
    booth.staff.set([u for u in (users.get("marketing"), users.get("owner")) if u is not None])
    for index in range(6):
        product = booth_products[index % len(booth_products)]
        booth_sale_record(
            actor=None,
            booth=booth,
            sale_uuid=str(uuid.UUID(int=rng.getrandbits(128))),
            items=[{"product": product.pk, "quantity": 1}],
            payment_method=[PaymentMethod.CASH, PaymentMethod.LOCAL_CURRENCY, PaymentMethod.CARD_AT_PICKUP][
                index % 3
            ],
        )
    context["market_booth"] = booth

    # Public purchasing: institutions with targets, purchases on Dure and imported ones.
    institutions = []
    buyer = users.get("buyer")
    for name, kind, region, target in INSTITUTIONS:
        institution = institution_create(
            actor=None,
            name=name,
            kind=kind,
            region_code=region,
            users=[buyer] if buyer and name == "광주광역시청" else (),
        )
        target_set(actor=None, institution=institution, year=today.year, amount=target)
        target_set(
            actor=None, institution=institution, year=today.year, amount=target // 2, enterprise_type="social"
        )
        institutions.append(institution)
    city = institutions[0]
    for index in range(3):
        product = products[index * 5]
        order = order_place(
            buyer={
                "name": buyer.name if buyer else "서구매",
                "email": buyer.email if buyer else "buyer@dure.kr",
            },
            items=[{"product": product.pk, "quantity": 3}],
            consent=True,
            window=window,
            user=buyer,
            channel=Channel.INSTITUTION,
            institution=city,
            notify=False,
        )
        order_transition(actor=None, order=order, to_status="fulfilled")
    from dure.registry.models import Enterprise

    suppliers = list(Enterprise.objects.filter(status="active").exclude(primary_type="").order_by("pk")[:40])
    for institution in institutions:
        rows = ["구매일자,기업명,사업자등록번호,품목,금액"]
        for _ in range(rng.randint(8, 16)):
            supplier = rng.choice(suppliers)
            day = dt.date(today.year, rng.randint(1, max(1, today.month)), rng.randint(1, 28))
            if day > today:
                day = today
            amount = rng.randint(5, 300) * 100_000
            rows.append(
                f"{day.isoformat()},{supplier.name},{supplier.brn},{rng.choice(['행사 도시락', '기념품', '청소 용역', '인쇄물', '간식'])},{amount}"
            )
        purchase_import(
            actor=None, institution=institution, content="\n".join(rows).encode(), filename="purchases.csv"
        )

    # A consultation fair with needs, answers and 1:1 meetings.
    fair = fair_create(
        actor=None,
        name=f"{today.year} 사회적경제 공공구매 상담회",
        held_on=today + dt.timedelta(days=20),
        venue="광주사회적경제지원센터 커뮤니티홀",
    )
    need = fair_need_create(
        actor=None,
        fair=fair,
        institution=city,
        title="연말 행사 기념품 500개",
        description="지역 사회적경제기업 제품으로 준비하려 합니다.",
        budget=10_000_000,
    )
    fair_need_create(
        actor=None, fair=fair, institution=institutions[1], title="학교 행사 도시락", budget=5_000_000
    )
    start = timezone.make_aware(dt.datetime.combine(fair.held_on, dt.time(14, 0)))
    for number in range(1, 4):
        bakery = context["registry"].by_key[f"bakery{number}"]
        fair_answer_create(
            actor=None, need=need, enterprise=bakery, message="우리밀 쿠키 선물세트로 제안드립니다."
        )
        fair_meeting_schedule(
            actor=None,
            fair=fair,
            institution=city,
            enterprise=bakery,
            starts_at=start + dt.timedelta(minutes=20 * (number - 1)),
            table=f"{number}",
        )
