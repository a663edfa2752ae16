"""Portal part of the demo: news stories, one enterprise whose edits need approval, the search index."""

from __future__ import annotations

import datetime as dt
from typing import Any

from dure.portal.models import EnterprisePortalSettings, NewsPost, NewsStatus
from dure.portal.services import search_rebuild

NEWS: list[tuple[str, str, str]] = [
    (
        "2026 사회적경제 한마당 장터가 열립니다",
        "광주 사회적경제기업 60여 곳이 5·18기념공원에서 이틀간 장터를 엽니다.",
        "광주사회적경제지원센터는 올해도 사회적경제 한마당 장터를 엽니다. 빵과 케이크, 도시락, "
        "공예품, 친환경 세제까지 지역 사회적경제기업 60여 곳이 참여합니다.\n\n"
        "장터에서는 공공구매 상담 부스와 협동조합 설립 상담 부스도 운영합니다.",
    ),
    (
        "협동조합 설립 기초 교육 수강생 모집",
        "협동조합을 준비하는 시민을 위한 4주 과정 기초 교육입니다.",
        "협동조합의 원칙, 정관 작성, 설립 신고 절차, 회계 기초를 4주 동안 함께 공부합니다. "
        "교육은 센터 교육장에서 열리며 수강료는 없습니다.",
    ),
    (
        "제과·제빵 6개 기업, 크리스마스 케이크 공동 생산",
        "광주 지역 제과·제빵 사회적경제기업 여섯 곳이 함께 크리스마스 케이크를 만듭니다.",
        "우리밀과 지역 농산물로 만든 케이크를 공공기관과 시민에게 공동으로 판매합니다. "
        "주문은 사회적경제 장터에서 받습니다.",
    ),
    (
        "돌봄 분야 사회적협동조합 간담회",
        "돌봄 노동자가 조합원인 사회적협동조합들이 모여 공공 돌봄 협력을 논의했습니다.",
        "방문 돌봄, 아이 돌봄 분야 사회적협동조합 12곳이 참여해 인력 교육과 차량 공동 이용을 논의했습니다.",
    ),
]


def seed(context: dict[str, Any]) -> None:
    now = context["now"]
    author = context["users"].get("education")
    for number, (title, summary, body) in enumerate(NEWS):
        NewsPost.objects.create(
            title=title,
            summary=summary,
            body=body,
            status=NewsStatus.PUBLISHED,
            published_at=now - dt.timedelta(days=3 * number + 1),
            author=author,
        )
    NewsPost.objects.create(
        title="(초안) 사회적경제 기업 사진 공모전",
        summary="",
        body="공모 요강을 준비하고 있습니다.",
        status=NewsStatus.DRAFT,
        author=author,
    )
    # bakery2's edits go through staff approval, so the demo shows the queue.
    EnterprisePortalSettings.objects.create(
        enterprise=context["registry"].by_key["bakery2"], require_approval=True
    )
    search_rebuild()
