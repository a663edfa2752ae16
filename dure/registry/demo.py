"""The deterministic Gwangju demo registry: 805 enterprises that look real to a local.

Primary types follow the 2017 article (마을기업 52, (예비)사회적기업 136, 자활기업 58,
(사회적)협동조합 559); districts follow the 2024 proportions (북구 399, 광산구 382, 서구 287,
동구 249, 남구 219 of 1,536). Names, numbers and addresses are made up; the roads are real
roads of each district.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dure.core.identifiers import brn_with_check_digit
from dure.core.regions import DISTRICTS_BY_CODE
from dure.registry.importing.importer import parse_file
from dure.registry.models import (
    DEFAULT_AUTHORITY,
    Designation,
    DesignationType,
    Enterprise,
    LegalForm,
    SviGrade,
)
from dure.registry.normalize import normalize_name
from dure.registry.services import primary_type_for

# Copies of the official sample lists (../shared/data). Staff try them on the demo, so no demo
# enterprise may share a 사업자등록번호 or a name with one of their rows: the import would match it
# and report an update where the sample's README promises a new enterprise.
SAMPLE_LISTS = Path(__file__).resolve().parent / "tests" / "data"

TYPE_COUNTS: dict[str, int] = {
    DesignationType.VILLAGE: 52,
    DesignationType.SOCIAL: 98,
    DesignationType.PRE_SOCIAL: 38,
    DesignationType.SELF_SUFFICIENCY: 58,
    DesignationType.COOP: 487,
    DesignationType.SOCIAL_COOP: 72,
}
# 805 × the 2024 shares (399, 382, 287, 249, 219 of 1,536), largest remainders.
DISTRICT_COUNTS: dict[str, int] = {"29170": 209, "29200": 200, "29140": 150, "29110": 131, "29155": 115}

ROADS: dict[str, list[str]] = {
    "29110": [
        "금남로",
        "충장로",
        "제봉로",
        "필문대로",
        "남문로",
        "백서로",
        "지산로",
        "동계천로",
        "서석로",
        "의재로",
    ],
    "29140": [
        "상무대로",
        "치평로",
        "무진대로",
        "화운로",
        "풍암순환로",
        "운천로",
        "상무중앙로",
        "금화로",
        "회재로",
        "월드컵4강로",
    ],
    "29155": [
        "봉선로",
        "백운로",
        "서문대로",
        "대남대로",
        "송암로",
        "진월길",
        "효덕로",
        "월산로",
        "군분로",
        "양림로",
    ],
    "29170": [
        "용봉로",
        "서하로",
        "설죽로",
        "우치로",
        "북문대로",
        "첨단과기로",
        "동문대로",
        "하서로",
        "일곡마을로",
        "삼각로",
    ],
    "29200": [
        "하남산단8번로",
        "임방울대로",
        "사암로",
        "첨단중앙로",
        "수완로",
        "장신로",
        "하남대로",
        "목련로",
        "신창로",
        "용아로",
    ],
}

PREFIXES = [
    "무등",
    "빛고을",
    "희망",
    "나눔",
    "푸른",
    "함께",
    "다울",
    "온새미",
    "두레",
    "마중물",
    "햇살",
    "어울림",
    "들꽃",
    "상생",
    "동행",
    "행복",
    "새날",
    "솔빛",
    "모두의",
    "오월",
    "한마음",
    "다온",
    "누리",
    "초록",
    "별빛",
    "소담",
    "이음",
    "품앗이",
    "마을",
    "우리",
    "참",
    "꿈꾸는",
    "바른",
    "따뜻한",
    "느티",
    "해오름",
    "광산",
    "양림",
    "영산강",
    "극락강",
]


@dataclass(frozen=True)
class Industry:
    key: str
    ksic: str
    label: str
    nouns: tuple[str, ...]
    descriptions: tuple[str, ...]
    offers: str
    needs: str
    sells_online: bool = False
    weight: int = 1


INDUSTRIES: tuple[Industry, ...] = (
    Industry(
        "bakery",
        "C10712",
        "제과점업",
        ("제과", "베이커리", "빵공방", "제빵", "빵집"),
        (
            "우리밀과 지역 농산물로 빵과 케이크를 굽는 제과점입니다. 발달장애 청년 제빵사가 함께 일합니다.",
            "유기농 우리밀 천연발효빵, 쌀케이크, 답례품 쿠키를 만들어 학교와 기관에 납품합니다.",
            "동네 빵집으로 매일 아침 식빵과 단팥빵을 굽고, 명절에는 떡케이크 선물세트를 만듭니다.",
        ),
        "우리밀 빵, 케이크, 쿠키 답례품, 단체 간식 납품",
        "포장재 공동구매, 냉장 배송 협력",
        True,
        4,
    ),
    Industry(
        "lunchbox",
        "I56194",
        "도시락 및 식사용 조리식품",
        ("도시락", "밥상", "반찬가게", "식탁", "급식"),
        (
            "어르신과 1인 가구에 건강한 도시락을 배달하고, 행사 도시락을 주문 제작합니다.",
            "지역 농산물로 반찬과 도시락을 만들어 배달합니다. 취약계층 일자리를 만듭니다.",
            "기관 단체 도시락, 케이터링, 어린이 급식을 준비하고 배달합니다.",
        ),
        "도시락 배달, 행사 케이터링, 반찬 정기배송",
        "식자재 지역 공급처, 배달 차량 공유",
        True,
        3,
    ),
    Industry(
        "care",
        "Q87100",
        "노인 돌봄 서비스",
        ("돌봄", "케어", "요양", "방문돌봄", "돌봄센터"),
        (
            "홀몸 어르신 방문 돌봄과 말벗, 병원 동행 서비스를 제공하는 돌봄 사회적협동조합입니다.",
            "장애인 활동지원과 노인 돌봄 서비스를 하고, 돌봄 노동자가 조합원으로 일합니다.",
            "아이 돌봄과 방과후 돌봄교실을 운영합니다. 맞벌이 가정의 돌봄 공백을 메웁니다.",
        ),
        "방문 돌봄, 아이 돌봄, 병원 동행",
        "돌봄 인력 교육, 차량 지원",
        False,
        4,
    ),
    Industry(
        "education",
        "P85699",
        "기타 교육기관",
        ("교육", "배움터", "진로학교", "체험학교", "아카데미"),
        (
            "청소년 진로체험 교육과 목공·코딩 체험 수업을 학교로 찾아가 진행합니다.",
            "마을 교사들이 모여 만든 교육협동조합으로 생태·역사 체험학습을 운영합니다.",
            "사회적경제 진로체험 교육과 교사 연수를 진행합니다.",
        ),
        "진로체험 수업, 체험학습, 교사 연수",
        "체험 공간, 학교 연계",
        False,
        3,
    ),
    Industry(
        "laundry",
        "S96912",
        "세탁업",
        ("세탁", "빨래방", "크린", "세탁나눔"),
        (
            "어르신과 장애인 가정의 이불 빨래를 수거·배달하는 세탁 사업을 합니다.",
            "병원과 요양원의 린넨 세탁을 맡고 자활 참여자가 일합니다.",
        ),
        "이불·린넨 세탁, 수거 배달",
        "세탁 설비 교체 자금",
        False,
        2,
    ),
    Industry(
        "cleaning",
        "N74220",
        "건물 및 산업설비 청소업",
        ("클린", "청소", "환경", "방역"),
        (
            "공공기관과 아파트 청소, 방역 소독을 하는 자활기업입니다.",
            "친환경 세제로 사무실과 학교를 청소하고 방역합니다.",
        ),
        "건물 청소, 방역 소독",
        "공공기관 계약, 장비 공동구매",
        False,
        3,
    ),
    Industry(
        "craft",
        "C33309",
        "공예품 제조업",
        ("공방", "공예", "목공소", "도자기", "손뜨개"),
        (
            "대나무와 한지로 생활 공예품을 만들고 공예 체험 교실을 엽니다.",
            "폐목재를 되살려 가구와 소품을 만드는 업사이클링 목공방입니다.",
            "광주 전통 공예를 잇는 도자기 공방으로 기념품과 답례품을 만듭니다.",
        ),
        "공예품, 기념품, 공예 체험",
        "판로, 전시 공간",
        True,
        2,
    ),
    Industry(
        "farm",
        "A01110",
        "작물 재배업",
        ("농장", "텃밭", "로컬푸드", "농산", "영농"),
        (
            "친환경 쌀과 채소를 재배해 학교 급식과 꾸러미로 공급합니다.",
            "도시농업 텃밭을 운영하고 제철 채소 꾸러미를 판매합니다.",
        ),
        "친환경 쌀, 제철 채소 꾸러미",
        "가공 시설, 유통 협력",
        True,
        2,
    ),
    Industry(
        "cafe",
        "I56221",
        "커피 전문점",
        ("카페", "커피", "찻집", "로스터리"),
        (
            "장애인 바리스타가 일하는 카페로, 공정무역 원두를 볶아 납품합니다.",
            "마을 사랑방 카페에서 주민 모임과 작은 공연을 엽니다.",
        ),
        "커피, 원두 납품, 다과 케이터링",
        "공간 임대, 판로",
        True,
        2,
    ),
    Industry(
        "culture",
        "R90191",
        "공연시설 운영 및 문화예술",
        ("문화", "극단", "예술", "공연", "마을극장"),
        (
            "마을 축제와 공연을 기획하고 청소년 문화예술 교육을 합니다.",
            "오월 정신을 담은 연극과 거리 공연을 만드는 예술 협동조합입니다.",
        ),
        "공연, 축제 기획, 문화예술 교육",
        "공연장, 후원",
        False,
        2,
    ),
    Industry(
        "printing",
        "C18119",
        "인쇄업",
        ("인쇄", "디자인", "출판"),
        ("친환경 인쇄와 편집 디자인으로 기관 홍보물을 만듭니다.",),
        "인쇄, 홍보물 디자인",
        "공공기관 우선구매",
        False,
        2,
    ),
    Industry(
        "it",
        "J58221",
        "소프트웨어 개발",
        ("IT", "소프트", "디지털", "데이터"),
        ("사회적경제 기업의 홈페이지와 쇼핑몰을 만들고 디지털 교육을 합니다.",),
        "홈페이지 제작, 디지털 교육",
        "개발 인력",
        True,
        1,
    ),
    Industry(
        "housing",
        "F41112",
        "주거 개선 공사업",
        ("집수리", "주거", "건축", "리모델링"),
        (
            "저소득 가구 집수리와 에너지 효율 개선 공사를 합니다.",
            "마을 주거환경 개선과 빈집 재생 사업을 하는 집수리 자활기업입니다.",
        ),
        "집수리, 단열 공사",
        "자재 공동구매",
        False,
        2,
    ),
    Industry(
        "recycle",
        "E38220",
        "재활용 및 자원순환",
        ("자원순환", "재활용", "되살림", "나눔가게"),
        (
            "헌 옷과 생활용품을 모아 되살려 파는 나눔가게를 운영합니다.",
            "폐현수막과 폐자원을 새 제품으로 만드는 자원순환 기업입니다.",
        ),
        "중고 생활용품, 업사이클 제품",
        "수거 차량, 보관 공간",
        True,
        2,
    ),
    Industry(
        "transport",
        "H49231",
        "마을 운송",
        ("나눔택시", "운송", "이동지원"),
        ("교통약자와 어르신의 병원 이동을 돕는 마을 운송 서비스입니다.",),
        "교통약자 이동 지원, 물품 배송",
        "차량 지원",
        False,
        1,
    ),
    Industry(
        "tourism",
        "N75210",
        "여행 및 마을관광",
        ("여행", "마을관광", "투어"),
        ("양림동과 5·18 역사 길을 걷는 공정여행을 운영합니다.",),
        "공정여행, 마을 해설",
        "숙박 협력",
        False,
        1,
    ),
    Industry(
        "food",
        "C10799",
        "지역 특산 가공식품",
        ("장류", "식품", "김치", "떡방앗간", "전통주"),
        (
            "광주 김치와 된장, 고추장을 전통 방식으로 만들어 판매합니다.",
            "지역 쌀로 떡과 한과를 만들어 명절 선물세트와 답례품으로 판매합니다.",
        ),
        "김치, 장류, 떡 선물세트",
        "판로, 냉장 물류",
        True,
        3,
    ),
)

SUFFIX: dict[str, tuple[str, ...]] = {
    DesignationType.COOP: ("협동조합",),
    DesignationType.SOCIAL_COOP: ("사회적협동조합",),
    DesignationType.SOCIAL: ("주식회사", "(주)", "사회적협동조합", "협동조합"),
    DesignationType.PRE_SOCIAL: ("주식회사", "(주)", "협동조합"),
    DesignationType.VILLAGE: ("마을기업", "영농조합법인", "협동조합"),
    DesignationType.SELF_SUFFICIENCY: ("사업단", "(주)", "협동조합"),
}

# Enterprises the later demo stories need, pinned by key (collaboration, market, circulation).
BAKERIES: list[tuple[str, str, str]] = [
    ("우리밀제과협동조합", "29170", DesignationType.COOP),
    ("빵굽는마을 협동조합", "29200", DesignationType.COOP),
    ("무등베이커리 사회적협동조합", "29110", DesignationType.SOCIAL_COOP),
    ("(주)희망제빵", "29140", DesignationType.SOCIAL),
    ("양림동 빵공방 협동조합", "29155", DesignationType.COOP),
    ("꿈꾸는케이크 협동조합", "29200", DesignationType.COOP),
]

REPRESENTATIVE_SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍전고문양손배백허남심노하곽성차주우구민진나"
REPRESENTATIVE_GIVEN = [
    "민준",
    "서연",
    "지훈",
    "수빈",
    "영호",
    "미경",
    "정희",
    "성민",
    "은주",
    "현우",
    "지영",
    "상철",
    "혜진",
    "동현",
    "순자",
    "경수",
    "유진",
    "재원",
    "하늘",
    "다은",
    "태호",
    "보람",
    "용석",
    "명숙",
]


@dataclass
class DemoRegistry:
    enterprises: list[Enterprise] = field(default_factory=list)
    by_key: dict[str, Enterprise] = field(default_factory=dict)


def _brn(rng: random.Random, legal_form: str, used: set[str]) -> str:
    middle_by_form: dict[str, list[str]] = {
        LegalForm.COMPANY: ["81", "86", "87", "88"],
        LegalForm.COOPERATIVE: ["86", "87"],
        LegalForm.SOCIAL_COOPERATIVE: ["82"],
        LegalForm.NONPROFIT: ["82"],
        LegalForm.AGRICULTURAL: ["81", "86"],
        LegalForm.SOLE: [f"{n:02d}" for n in range(1, 80)],
    }
    middle = middle_by_form.get(legal_form, ["86"])
    while True:
        first = (
            rng.choice(["408", "409", "410", "419"]) + rng.choice(middle) + f"{rng.randrange(0, 10000):04d}"
        )
        number = brn_with_check_digit(first)
        if number not in used:
            used.add(number)
            return number


def _legal_form(type_: str, suffix: str) -> str:
    if "사회적협동조합" in suffix:
        return LegalForm.SOCIAL_COOPERATIVE
    if "협동조합" in suffix:
        return LegalForm.COOPERATIVE
    if "영농조합" in suffix:
        return LegalForm.AGRICULTURAL
    if suffix in ("주식회사", "(주)"):
        return LegalForm.COMPANY
    if type_ == DesignationType.SELF_SUFFICIENCY:
        return LegalForm.SOLE
    return LegalForm.OTHER


def sample_list_keys(folder: Path = SAMPLE_LISTS) -> tuple[set[str], set[str]]:
    """The BRNs and the normalised names of every row in the sample lists in ``folder``."""
    brns: set[str] = set()
    names: set[str] = set()
    for path in sorted(folder.glob("*")):
        if path.suffix.lower() not in {".csv", ".xlsx"}:
            continue
        for row in parse_file(path.read_bytes(), filename=path.name).rows:
            if row.brn:
                brns.add(row.brn)
            names.add(row.name_key)
    return brns, names


def _name(
    rng: random.Random, industry: Industry, type_: str, used: set[str], reserved: set[str]
) -> tuple[str, str]:
    for _attempt in range(200):
        suffix = rng.choice(SUFFIX[type_])
        core = rng.choice(PREFIXES) + rng.choice(industry.nouns)
        if suffix == "(주)":
            name = f"(주){core}"
        elif suffix == "주식회사":
            name = f"주식회사 {core}"
        else:
            name = f"{core} {suffix}" if rng.random() < 0.5 else f"{core}{suffix}"
        if name not in used and normalize_name(name) not in reserved:
            used.add(name)
            return name, suffix
    raise RuntimeError("ran out of demo names")


def _designations(rng: random.Random, type_: str, today: dt.date, legal_form: str) -> list[dict[str, Any]]:
    def start(first_year: int, last_year: int) -> dt.date:
        return dt.date(rng.randint(first_year, last_year), rng.randint(1, 12), rng.randint(1, 28))

    items: list[dict[str, Any]] = []
    if type_ == DesignationType.PRE_SOCIAL:
        begin = start(today.year - 2, today.year - 1)
        items.append(
            {
                "type": type_,
                "start_date": begin,
                "end_date": begin.replace(year=begin.year + 3),
                "authority": "광주광역시",
                "round": f"{begin.year}-{rng.randint(1, 2)}차",
            }
        )
    elif type_ == DesignationType.SOCIAL:
        begin = start(2010, today.year - 1)
        items.append(
            {
                "type": type_,
                "start_date": begin,
                "authority": "고용노동부",
                "number": f"{begin.year}-{rng.randint(1, 400):03d}",
                "round": f"{begin.year}-{rng.randint(1, 4)}차",
            }
        )
        if rng.random() < 0.4:  # most certified ones were pre-certified first
            pre = begin.replace(year=begin.year - 2)
            items.append(
                {
                    "type": DesignationType.PRE_SOCIAL,
                    "start_date": pre,
                    "end_date": begin,
                    "authority": "광주광역시",
                    "is_active": False,
                }
            )
        if legal_form == LegalForm.SOCIAL_COOPERATIVE:
            items.append(
                {
                    "type": DesignationType.SOCIAL_COOP,
                    "start_date": start(min(2013, begin.year), begin.year),
                    "authority": "기획재정부",
                }
            )
        elif legal_form == LegalForm.COOPERATIVE:
            items.append(
                {
                    "type": DesignationType.COOP,
                    "start_date": start(min(2013, begin.year), begin.year),
                    "authority": "광주광역시",
                }
            )
    elif type_ == DesignationType.VILLAGE:
        begin = start(2011, today.year - 1)
        items.append(
            {
                "type": type_,
                "start_date": begin,
                "authority": "행정안전부",
                "number": f"광주-{begin.year}-{rng.randint(1, 30):02d}",
                "round": f"{begin.year}",
            }
        )
        if legal_form == LegalForm.COOPERATIVE:
            items.append(
                {
                    "type": DesignationType.COOP,
                    "start_date": start(min(2013, begin.year), begin.year),
                    "authority": "광주광역시",
                }
            )
    elif type_ == DesignationType.SELF_SUFFICIENCY:
        begin = start(2008, today.year - 1)
        items.append(
            {
                "type": type_,
                "start_date": begin,
                "authority": "보건복지부",
                "number": f"자활-{begin.year}-{rng.randint(1, 99):02d}",
            }
        )
        if legal_form == LegalForm.COOPERATIVE:
            items.append(
                {
                    "type": DesignationType.COOP,
                    "start_date": start(2013, today.year - 1),
                    "authority": "광주광역시",
                }
            )
    else:
        begin = start(2013, today.year - 1)
        authority = "기획재정부" if type_ == DesignationType.SOCIAL_COOP else "광주광역시"
        items.append(
            {
                "type": type_,
                "start_date": begin,
                "authority": authority,
                "number": f"{'사협' if type_ == DesignationType.SOCIAL_COOP else '협'}-{begin.year}-{rng.randint(1, 999):03d}",
            }
        )
    for item in items:
        item.setdefault("authority", DEFAULT_AUTHORITY[item["type"]])
        item.setdefault("is_active", item.get("end_date") is None or item["end_date"] >= today)
    return items


def seed_registry(rng: random.Random, *, today: dt.date) -> DemoRegistry:
    """Create the 805 demo enterprises with their designations (bulk, no per-row audit)."""
    # The order of types and districts is shuffled together so that each district gets a mix.
    types: list[str] = [t for t, n in TYPE_COUNTS.items() for _ in range(n)]
    districts: list[str] = [d for d, n in DISTRICT_COUNTS.items() for _ in range(n)]
    assert len(types) == len(districts) == 805
    rng.shuffle(types)
    rng.shuffle(districts)
    weights = [industry.weight for industry in INDUSTRIES]
    used_names: set[str] = {name for name, _d, _t in BAKERIES}
    used_brns, reserved_names = sample_list_keys()
    pinned: dict[int, tuple[str, str]] = {}
    # The six bakeries of the cake project take slots of their own type; their districts are
    # swapped in so that the district totals stay exact.
    for name, district, type_ in BAKERIES:
        slot = next(i for i, t in enumerate(types) if t == type_ and i not in pinned)
        pinned[slot] = (name, district)
        if districts[slot] != district:
            other = next(j for j, d in enumerate(districts) if d == district and j not in pinned)
            districts[slot], districts[other] = districts[other], districts[slot]

    rows: list[tuple[Enterprise, list[dict[str, Any]]]] = []
    for index, (type_, district) in enumerate(zip(types, districts, strict=True)):
        if index in pinned:
            name, _district = pinned[index]
            industry = INDUSTRIES[0]
            suffix = (
                "사회적협동조합"
                if "사회적협동조합" in name
                else ("(주)" if name.startswith("(주)") else "협동조합")
            )
        else:
            industry = rng.choices(INDUSTRIES, weights=weights)[0]
            name, suffix = _name(rng, industry, type_, used_names, reserved_names)
        legal_form = _legal_form(type_, suffix)
        road = rng.choice(ROADS[district])
        district_name = DISTRICTS_BY_CODE[district].name
        address = f"광주광역시 {district_name} {road} {rng.randint(1, 320)}"
        founded = dt.date(rng.randint(2008, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        employees = rng.randint(2, 45)
        vulnerable = (
            rng.randint(0, employees) if type_ != DesignationType.COOP else rng.randint(0, employees // 3)
        )
        svi = type_ == DesignationType.SOCIAL and rng.random() < 0.6
        score = rng.randint(62, 97) if svi else None
        grade = ""
        if score is not None:
            grade = SviGrade.EXCELLENT if score >= 90 else SviGrade.GOOD if score >= 75 else SviGrade.FAIR
        enterprise = Enterprise(
            name=name,
            legal_form=legal_form,
            brn=_brn(rng, legal_form, used_brns) if rng.random() > 0.01 or index in pinned else "",
            representative=rng.choice(REPRESENTATIVE_SURNAMES) + rng.choice(REPRESENTATIVE_GIVEN),
            address=address,
            district_code=district,
            phone=f"062-{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}",
            email=f"hello{index + 1:03d}@dure-demo.kr",
            publish_phone=rng.random() < 0.85,
            publish_email=rng.random() < 0.6,
            founded_on=founded,
            ksic_code=industry.ksic,
            industry=industry.label,
            description=rng.choice(industry.descriptions),
            offers=industry.offers,
            needs=industry.needs,
            social_purpose=rng.choice(
                ["일자리 제공형", "사회서비스 제공형", "지역사회 공헌형", "혼합형", "기타형"]
            )
            if type_ in (DesignationType.SOCIAL, DesignationType.PRE_SOCIAL)
            else "",
            employees_total=employees,
            employees_vulnerable=vulnerable,
            annual_revenue=rng.randint(30, 3000) * 1_000_000,
            svi_grade=grade,
            svi_score=score,
            svi_year=today.year - 1 if svi else None,
            sells_online=industry.sells_online and rng.random() < 0.6,
        )
        if index in pinned:
            enterprise.description = (
                "우리밀과 광주 지역 농산물로 빵과 케이크를 굽습니다. 크리스마스 케이크와 명절 선물세트를 "
                "함께 만드는 제과·제빵 협업 체계의 회원입니다."
            )
            enterprise.offers = "우리밀 케이크, 식빵, 쿠키, 단체 간식 납품"
            enterprise.sells_online = True
        rows.append((enterprise, _designations(rng, type_, today, legal_form)))

    created = Enterprise.objects.bulk_create([e for e, _d in rows], batch_size=500)
    designations: list[Designation] = []
    for enterprise, items in zip(created, (d for _e, d in rows), strict=True):
        for item in items:
            designations.append(Designation(enterprise=enterprise, **item))
        enterprise.primary_type = primary_type_for({i["type"] for i in items if i["is_active"]})
    Designation.objects.bulk_create(designations, batch_size=1000)
    Enterprise.objects.bulk_update(created, ["primary_type"], batch_size=500)

    result = DemoRegistry(enterprises=list(created))
    names = {e.name: e for e in created}
    for number, (name, _district, _type) in enumerate(BAKERIES, start=1):
        result.by_key[f"bakery{number}"] = names[name]
    return result
