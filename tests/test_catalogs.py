"""The Korean catalogs agree with each other and with their sources.

Django merges every app's catalog into one (LOCALE_PATHS first, then INSTALLED_APPS in order) and
the first translation of a msgid wins. Two apps translating the same English word differently is
therefore a bug waiting to show: one of them silently reads the other's word (a booking's
"confirmed" read 주문 확인, the market's order wording). A word whose Korean depends on what it
names takes a context (pgettext, `{% translate … context … %}`) instead.
"""

from __future__ import annotations

import gettext
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1] / "dure"
CATALOGS = sorted(ROOT.glob("**/locale/ko/LC_MESSAGES/django.mo"))


def _catalog(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        translations = gettext.GNUTranslations(handle)
    return {key: value for key, value in translations._catalog.items() if key}  # type: ignore[attr-defined]


def test_every_app_has_a_compiled_korean_catalog() -> None:
    apps = {path.parents[3].name for path in CATALOGS}
    assert {"dure", "registry", "portal", "market", "collab", "circulation", "spaces", "programs"} <= apps


def test_no_two_catalogs_translate_the_same_words_differently() -> None:
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for path in CATALOGS:
        app = path.parents[3].name
        for key, value in _catalog(path).items():
            if isinstance(key, str):
                seen[key][app] = value
    differing = {
        key.replace("\x04", " | "): apps for key, apps in seen.items() if len(set(apps.values())) > 1
    }
    assert differing == {}


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_no_translation_is_empty(path: Path) -> None:
    assert [key for key, value in _catalog(path).items() if not value.strip()] == []


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: p.parents[3].name)
def test_no_entry_is_left_fuzzy(path: Path) -> None:
    # makemessages guesses a translation for a new msgid from a similar old one and marks it
    # fuzzy; compilemessages leaves fuzzy entries out, so the page would show the English.
    po = path.with_suffix(".po").read_text(encoding="utf-8")
    assert [line for line in po.splitlines() if line.startswith("#,") and "fuzzy" in line] == []
