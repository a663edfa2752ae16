"""Needs a center officer might type, with the partners the officer would pick from the demo registry.

The officer's picks are written as what they look for in an enterprise's record (its industry and
phrases of its description), so the labels are the officer's reading of the records, not of our
scorer. `dure collab_precision` and test_matching.py measure precision at 5 on these.
"""

from __future__ import annotations

LABELLED_NEEDS: list[dict] = [
    {
        "need": "크리스마스 케이크를 함께 만들 우리밀 제빵 기업",
        "relevant": {"industry": "제과점업", "description_all": ["우리밀", "케이크"]},
    },
    {
        "need": "학교로 찾아가는 청소년 진로체험 수업을 같이 운영할 곳",
        "relevant": {"industry": "기타 교육기관", "description_all": ["진로체험"]},
    },
    {
        "need": "혼자 사시는 어르신 댁을 방문해 말벗과 병원 동행을 해 줄 돌봄 기관",
        "relevant": {"industry": "노인 돌봄 서비스", "description_all": ["홀몸 어르신"]},
    },
    {
        "need": "명절 선물세트에 넣을 떡과 한과를 만드는 식품 기업",
        "relevant": {"industry": "지역 특산 가공식품", "description_all": ["떡과 한과"]},
    },
    {
        "need": "요양원 린넨 세탁을 맡아 줄 세탁 사업단",
        "relevant": {"industry": "세탁업", "description_all": ["린넨"]},
    },
    {
        "need": "학교 급식에 친환경 쌀과 채소를 공급할 농장",
        "relevant": {"industry": "작물 재배업", "description_all": ["친환경 쌀"]},
    },
    {
        "need": "폐현수막을 새 제품으로 업사이클링할 자원순환 기업",
        "relevant": {"industry": "재활용 및 자원순환", "description_all": ["폐현수막"]},
    },
    {
        "need": "기관 행사에 단체 도시락과 케이터링을 납품할 기업",
        "relevant": {"industry": "도시락 및 식사용 조리식품", "description_all": ["도시락"]},
    },
    {
        "need": "장애인 바리스타가 일하는 카페에서 공정무역 원두를 납품받고 싶어요",
        "relevant": {"industry": "커피 전문점", "description_all": ["바리스타"]},
    },
    {
        "need": "저소득 가구 집수리와 단열 에너지 효율 개선 공사",
        "relevant": {"industry": "주거 개선 공사업", "description_all": ["에너지 효율"]},
    },
    {
        "need": "대나무와 한지 공예 체험 교실을 함께 열 공방",
        "relevant": {"industry": "공예품 제조업", "description_all": ["한지"]},
    },
    {
        "need": "5·18 역사 길을 걷는 공정여행 해설",
        "relevant": {"industry": "여행 및 마을관광", "description_all": ["공정여행"]},
    },
    {
        "need": "맞벌이 가정 아이들 방과후 돌봄을 함께 할 곳",
        "relevant": {"industry": "노인 돌봄 서비스", "description_all": ["방과후"]},
    },
    {
        "need": "발달장애 청년이 일하는 빵집과 함께 일자리 사업을 하고 싶어요",
        "relevant": {"industry": "제과점업", "description_all": ["발달장애"]},
    },
    {
        "need": "연말 단체 간식으로 답례품 쿠키를 대량 주문하려고 합니다",
        "relevant": {"industry": "제과점업", "description_all": ["쿠키"]},
    },
    {
        "need": "어르신과 1인 가구에 건강한 도시락 배달",
        "relevant": {"industry": "도시락 및 식사용 조리식품", "description_all": ["1인 가구"]},
    },
    {
        "need": "주민이 모이는 마을 사랑방 카페",
        "relevant": {"industry": "커피 전문점", "description_all": ["사랑방"]},
    },
    {
        "need": "교통약자 어르신 병원 이동 지원 차량",
        "relevant": {"industry": "마을 운송"},
    },
    {
        "need": "공공기관 홍보물을 친환경으로 인쇄할 곳",
        "relevant": {"industry": "인쇄업"},
    },
    {
        "need": "우리 조합 온라인 쇼핑몰과 홈페이지를 만들어 줄 기업",
        "relevant": {"industry": "소프트웨어 개발"},
    },
]
