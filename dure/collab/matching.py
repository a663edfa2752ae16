"""Partner finding: rank registry enterprises for a need written in plain Korean, with reasons.

Score (points, highest first; ties by name then pk so the ranking is deterministic):
- industry: the requested KSIC code or industry label matches (+30); a KSIC class that shares
  the first three characters (+10);
- words: content words of the need (kiwipiepy nouns, verbs' stems, foreign words and numbers)
  found in the enterprise's name, industry, description or offers, 6 points per word (max 36),
  plus character bigrams of the need found there (compounds that tokenisation splits), 1 point
  per bigram (max 12);
- complementary: words of the need found in what the enterprise offers (+4 each, max 12), and
  what the enterprise needs found in the need's words (+3);
- distance: same district +8, neighbouring district +5, same region +3, elsewhere 0;
- past collaborations: +4 per project it took part in (max 8);
- SVI grade: 탁월 +5, 우수 +3, 양호 +1;
- requested type (primary type) +6; requested capacity: +3 when employees ≥ capacity / 50.
Only enterprises that are active and have some topical evidence (industry or words) are ranked.
"""

from __future__ import annotations

import functools
import itertools
import math
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from dure.core.regions import DISTRICTS, District, is_local
from dure.registry.models import Enterprise

_KIWI: Any = None
_KIWI_LOCK = threading.Lock()

# Districts of Gwangju that share a border (동구, 서구, 남구, 북구, 광산구).
GWANGJU_NEIGHBOURS: dict[str, set[str]] = {
    "29110": {"29140", "29155", "29170"},
    "29140": {"29110", "29155", "29170", "29200"},
    "29155": {"29110", "29140", "29200"},
    "29170": {"29110", "29140", "29200"},
    "29200": {"29140", "29155", "29170"},
}
# Another region's districts (DURE_DISTRICTS_FILE) count as neighbours when their offices are
# this close: districts that share a border mostly have offices within it.
NEIGHBOUR_KM = 12.0


def _km(a: District, b: District) -> float:
    north = (a.latitude - b.latitude) * 111.0
    east = (a.longitude - b.longitude) * 111.0 * math.cos(math.radians((a.latitude + b.latitude) / 2))
    return math.hypot(north, east)


def neighbours_of(districts: tuple[District, ...]) -> dict[str, set[str]]:
    if all(d.code in GWANGJU_NEIGHBOURS for d in districts):
        return GWANGJU_NEIGHBOURS
    return {
        a.code: {b.code for b in districts if b.code != a.code and _km(a, b) <= NEIGHBOUR_KM}
        for a in districts
    }


NEIGHBOURS: dict[str, set[str]] = neighbours_of(DISTRICTS)
SVI_POINTS = {"탁월": 5, "우수": 3, "양호": 1}
CONTENT_TAGS = ("NNG", "NNP", "SL", "SN", "XR", "VV", "VA")
COMPOUND_TAGS = ("NNG", "NNP", "NP")
STOP_WORDS = {"함께", "기업", "만들", "하", "있", "되", "위하", "곳", "것", "수", "등", "우리", "찾", "필요"}


def _kiwi() -> Any:
    global _KIWI
    if _KIWI is None:
        with _KIWI_LOCK:
            if _KIWI is None:
                from kiwipiepy import Kiwi

                _KIWI = Kiwi(load_typo_dict=False, load_multi_dict=False)
    return _KIWI


def tokens(text: str) -> list[str]:
    """Content words of a Korean text (nouns, stems of verbs and adjectives, foreign words)."""
    return list(_tokens(text))


@functools.lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    # Registry texts repeat a lot (offers and needs by industry): tokenise each text once.
    if not text.strip():
        return ()
    words: list[str] = []
    previous: Any = None
    for token in _kiwi().tokenize(text):
        # Adjacent nouns written as one word form a compound the registry also writes as one
        # word ('우리' + '밀' → '우리밀'): keep the compound as well as its parts.
        if (
            previous is not None
            and previous.tag in COMPOUND_TAGS
            and token.tag in COMPOUND_TAGS
            and previous.start + previous.len == token.start
        ):
            compound = text[previous.start : token.start + token.len]
            if compound not in words:
                words.append(compound)
        previous = token
        if (
            token.tag in CONTENT_TAGS
            and token.form not in STOP_WORDS
            and (len(token.form) > 1 or token.tag == "NNG")
            and token.form not in words
        ):
            words.append(token.form)
    return tuple(words)


def bigrams(text: str) -> set[str]:
    compact = re.sub(r"\s+", " ", text)
    grams: set[str] = set()
    for word in compact.split(" "):
        word = re.sub(r"[^\w]", "", word)
        for i in range(len(word) - 1):
            grams.add(word[i : i + 2])
    return grams


@dataclass
class Suggestion:
    enterprise: Enterprise
    score: int
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        e = self.enterprise
        return {
            "enterprise": e.pk,
            "name": e.name,
            "industry": e.industry,
            "district_code": e.district_code,
            "primary_type": e.primary_type,
            "score": self.score,
            "reasons": self.reasons,
        }


def _distance_points(district: str, candidate: str) -> tuple[int, str]:
    if district and candidate == district:
        return 8, _("same district")
    if district and candidate in NEIGHBOURS.get(district, set()):
        return 5, _("neighbouring district")
    if is_local(candidate):
        return 3, _("in the region")
    return 0, ""


def suggest_partners(
    *,
    need: str,
    industry: str = "",
    district: str = "",
    type: str = "",  # noqa: A002  (the filter's public name)
    capacity: int | None = None,
    exclude: set[int] | None = None,
    limit: int = 10,
) -> list[Suggestion]:
    words = tokens(need)
    need_grams = bigrams(need)
    queryset = (
        Enterprise.objects.filter(status="active", merged_into__isnull=True)
        .exclude(pk__in=exclude or set())
        .annotate(projects=Count("collab_projects", distinct=True))
        .only(
            "pk",
            "name",
            "industry",
            "ksic_code",
            "description",
            "offers",
            "needs",
            "district_code",
            "svi_grade",
            "primary_type",
            "employees_total",
        )
    )
    # Narrow to enterprises with some topical evidence before scoring in Python.
    evidence = Q()
    for word in words:
        evidence |= Q(description__contains=word) | Q(offers__contains=word) | Q(name__contains=word)
        evidence |= Q(industry__contains=word)
    if industry:
        evidence |= Q(ksic_code__startswith=industry[:3]) | Q(industry__contains=industry)
    if not words and not industry:
        return []
    suggestions: list[Suggestion] = []
    for enterprise in queryset.filter(evidence):
        score = 0
        reasons: list[str] = []
        if industry:
            if industry in (enterprise.ksic_code, enterprise.industry):
                score += 30
                reasons.append(_("industry matches (%(industry)s)") % {"industry": enterprise.industry})
            elif enterprise.ksic_code[:3] == industry[:3]:
                score += 10
                reasons.append(_("related industry (%(industry)s)") % {"industry": enterprise.industry})
        text = " ".join([enterprise.name, enterprise.industry, enterprise.description, enterprise.offers])
        found = [w for w in words if w in text]
        if found:
            score += min(36, 6 * len(found))
            reasons.append(_("mentions %(words)s") % {"words": ", ".join(found)})
        grams = {g for g in need_grams if g in text}
        score += min(12, len(grams))
        offered = [w for w in words if w in enterprise.offers]
        if offered:
            score += min(12, 4 * len(offered))
            reasons.append(_("offers %(words)s") % {"words": ", ".join(offered)})
        needs_met = [w for w in tokens(enterprise.needs)[:6] if w in need] if enterprise.needs else []
        if needs_met:
            score += 3
            reasons.append(_("needs what the team brings: %(words)s") % {"words": ", ".join(needs_met)})
        if not found and not (industry and score >= 10):
            continue
        points, label = _distance_points(district, enterprise.district_code)
        if points:
            score += points
            reasons.append(label)
        if enterprise.projects:
            score += min(8, 4 * enterprise.projects)
            reasons.append(_("%(n)d past collaboration projects") % {"n": enterprise.projects})
        if enterprise.svi_grade in SVI_POINTS:
            score += SVI_POINTS[enterprise.svi_grade]
            reasons.append(_("SVI grade %(grade)s") % {"grade": enterprise.svi_grade})
        if type and enterprise.primary_type == type:
            score += 6
            reasons.append(_("requested type"))
        if capacity and enterprise.employees_total and enterprise.employees_total * 50 >= capacity:
            score += 3
            reasons.append(_("size fits the capacity asked for"))
        suggestions.append(Suggestion(enterprise, score, reasons))
    suggestions.sort(key=lambda s: (-s.score, s.enterprise.name, s.enterprise.pk))
    return suggestions[:limit]


def propose_teams(
    *, need: str, lead: Enterprise | None = None, size: int | None = None, count: int = 3, **filters: Any
) -> list[dict[str, Any]]:
    """Whole teams from the top suggestions that satisfy the support rule (best total score first)."""
    from dure.collab import rules

    size = size or rules.min_members()
    pool = suggest_partners(need=need, limit=8, exclude={lead.pk} if lead else None, **filters)
    fixed = [lead] if lead else []
    teams: list[dict[str, Any]] = []
    for combo in itertools.combinations(pool, size - len(fixed)):
        enterprises = fixed + [s.enterprise for s in combo]
        check = rules.support_check(enterprises)
        if not check.ok:
            continue
        teams.append(
            {
                "members": [
                    {"enterprise": e.pk, "name": e.name, "district_code": e.district_code}
                    for e in enterprises
                ],
                "score": sum(s.score for s in combo),
                "local": check.local,
            }
        )
    teams.sort(key=lambda t: (-t["score"], [m["enterprise"] for m in t["members"]]))
    return teams[:count]


def region_prefix() -> str:
    return str(settings.DURE_REGION_PREFIX)
