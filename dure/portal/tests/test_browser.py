"""Browser checks: axe-core on the public pages (no serious or critical violation), keyboard, phone width."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "var", "vendor", "axe", "axe.min.js")


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def site(make_enterprise: Any) -> Iterator[dict[str, Any]]:
    from dure.portal.services import news_save, search_rebuild

    bakery = make_enterprise(
        "social",
        name="(주)희망제빵",
        address="광주광역시 서구 상무대로 1",
        offers="우리밀 빵, 케이크",
        description="발달장애 청년 제빵사가 함께 일합니다.",
        phone="062-123-4567",
        publish_phone=False,
    )
    make_enterprise("coop", name="양림동 빵집 협동조합", address="광주광역시 남구 양림로 2", offers="식빵")
    news_save(
        actor=None, values={"title": "장터 소식", "body": "본문", "summary": "요약", "status": "published"}
    )
    search_rebuild()
    yield {"bakery": bakery}
    # Made while Playwright's event loop runs (the `browser` fixture), these queries used their own
    # connection (asgiref keeps one per running loop); close it here, or the test database cannot
    # be dropped.
    from django.db import connections

    connections.close_all()


def _serious_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=os.path.abspath(AXE))
    result = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".filter(v => v.impact === 'serious' || v.impact === 'critical')"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)}))"
    )
    return result


def test_public_pages_have_no_serious_accessibility_violations(
    live_server: Any, browser: Any, site: Any
) -> None:
    page = browser.new_page()
    found: dict[str, Any] = {}
    from dure.spaces.tests.factories import make_room

    room = make_room("다목적실")
    public = ["/", "/directory/?q=빵", "/map/", f"/enterprises/{site['bakery'].pk}/", "/news/"]
    # A table wider than the screen scrolls inside its wrapper, which must then be reachable by
    # keyboard and named (site.js); one that fits gets no extra tab stop.
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    phone.goto(live_server.url + f"/spaces/rooms/{room.pk}/")
    phone.wait_for_load_state("load")
    assert phone.locator(".table-wrap[tabindex]").count() == 0
    phone.evaluate(
        """() => document.querySelector('main').insertAdjacentHTML('beforeend',
             '<h2>넓은 표</h2><div class="table-wrap" id="wide"><table><tr><td style="min-width:2000px">가</td></tr></table></div>')"""
    )
    phone.set_viewport_size({"width": 360, "height": 812})  # a resize marks the wrappers again
    phone.wait_for_selector("#wide[tabindex='0'][role='region']")
    assert phone.get_attribute("#wide", "aria-label") == "넓은 표"
    assert not _serious_violations(phone)
    for path in [*public, "/programs/", "/market/", "/spaces/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        violations = _serious_violations(page)
        if violations:
            found[path] = violations
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
    # Keyboard: the skip link comes first and shows where focus is.
    page.goto(live_server.url + "/directory/")
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => [document.activeElement.className, getComputedStyle(document.activeElement).outlineStyle]"
    )
    assert focused[0] == "skip-link"
    assert focused[1] != "none"
    # A phone-sized screen: the profile does not scroll sideways; the unpublished phone stays masked.
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    phone.goto(live_server.url + f"/enterprises/{site['bakery'].pk}/")
    assert phone.evaluate("() => document.documentElement.scrollWidth") <= 375
    assert "062-123-4567" not in phone.content()


def test_directory_live_results_and_map(live_server: Any, browser: Any, site: Any) -> None:
    page = browser.new_page()
    page.goto(live_server.url + "/directory/")
    page.fill("#id_q", "제빵")
    page.wait_for_url("**/directory/?*q=*")
    page.wait_for_selector("#directory-results >> text=(주)희망제빵")
    assert "양림동 빵집 협동조합" not in page.inner_text("#directory-results")
    # The pushed URL reproduces the same results when opened fresh.
    fresh = browser.new_page()
    fresh.goto(page.url)
    assert "(주)희망제빵" in fresh.inner_text("#directory-results")
    page.goto(live_server.url + "/map/")
    page.wait_for_selector(".district-label")
    labels = page.locator(".district-label").all_inner_texts()
    assert sorted(labels) == sorted(["동구", "서구", "남구", "북구", "광산구"])
    page.wait_for_selector(".leaflet-marker-icon, .marker-cluster")
    # The district names stay readable: none is drawn over a marker or a cluster's count. Measured
    # once the map has stopped moving (its opening zoom animates): the same boxes over 10 frames.
    overlaps = page.evaluate(
        """async () => {
          const boxes = (sel) => [...document.querySelectorAll(sel)].map((el) => el.getBoundingClientRect());
          const key = () => JSON.stringify(boxes(".district-label, .leaflet-marker-icon"));
          const frame = () => new Promise((done) => requestAnimationFrame(done));
          let last = key(), still = 0;
          for (let i = 0; i < 600 && still < 10; i++) {
            await frame();
            const now = key();
            still = now === last ? still + 1 : 0;
            last = now;
          }
          const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
          const markers = boxes(".leaflet-marker-icon");
          return boxes(".district-label").filter((l) => markers.some((m) => meet(l, m))).length;
        }"""
    )
    assert overlaps == 0


def test_every_checkbox_and_radio_button_can_be_seen(live_server: Any, browser: Any, site: Any) -> None:
    # KRDS hides native checkboxes and radio buttons outside its own `.krds-form-check` pattern;
    # the consent boxes of the sign-up form and the directory's filters must still be visible.
    page = browser.new_page()
    tiny: dict[str, list[str]] = {}
    for path in ["/accounts/signup/", "/directory/?q=빵", "/map/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        found = page.evaluate(
            """() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
                 .filter((el) => { const r = el.getBoundingClientRect(); return r.width < 16 || r.height < 16; })
                 .map((el) => el.name || el.id)"""
        )
        count = page.locator("input[type=checkbox], input[type=radio]").count()
        assert count, path
        if found:
            tiny[path] = found
    assert not tiny, tiny


def test_on_a_phone_the_results_come_before_the_folded_filters(
    live_server: Any, browser: Any, site: Any
) -> None:
    phone = browser.new_page(viewport={"width": 375, "height": 812})
    phone.goto(live_server.url + "/directory/?q=빵&district=29155")
    phone.wait_for_load_state("load")
    assert phone.evaluate("() => document.getElementById('directory-filters').open") is False
    assert "(1개 적용)" in phone.inner_text("#directory-filters > summary")
    first = phone.locator("#directory-results a[href^='/enterprises/']").first
    assert first.bounding_box()["y"] < 812  # a result is on the first screen
    phone.click("#directory-filters > summary")
    phone.check("#id_online")
    phone.wait_for_url("**online=on*")
    phone.wait_for_selector("#active-filters >> text=(2개 적용)")
    wide = browser.new_page(viewport={"width": 1200, "height": 900})
    wide.goto(live_server.url + "/directory/?q=빵")
    assert wide.is_visible("#id_district") and not wide.is_visible("#directory-filters > summary")


def test_staff_pages_have_no_serious_accessibility_violations(
    live_server: Any, browser: Any, site: Any, staff_user: Any
) -> None:
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(staff_user)
    context = browser.new_context(viewport={"width": 375, "height": 812})
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    found: dict[str, Any] = {}
    bakery = site["bakery"].pk
    for path in [
        "/staff/enterprises/",
        f"/staff/enterprises/{bakery}/",
        "/staff/imports/",
        "/market/staff/orders/",
        "/circulation/dashboard/",
        "/collab/",
        "/accounts/settings/",
    ]:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        violations = _serious_violations(page)
        if violations:
            found[path] = violations
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 380, path
    # The back-office menu is folded on a phone: the upload form is on the first screen. So is
    # the main menu: the header is the logo, a 메뉴 button and the language and login row.
    page.goto(live_server.url + "/staff/imports/")
    assert page.evaluate("() => document.querySelector('details.site-nav__menu').open") is False
    assert page.locator("header.site-header").bounding_box()["height"] < 200
    page.click("details.site-nav__menu > summary")
    assert page.is_visible("details.site-nav__menu a[href='/directory/']")
    found["/staff/imports/ (main menu open)"] = _serious_violations(page)
    page.click("details.site-nav__menu > summary")
    assert page.evaluate("() => document.querySelector('details.staff-menu').open") is False
    assert page.locator("input[type=file]").bounding_box()["y"] < 812
    page.click("details.staff-menu > summary")
    assert page.is_visible("details.staff-menu a[aria-current=page]")
    found["/staff/imports/ (menu open)"] = _serious_violations(page)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 380
    page.set_viewport_size({"width": 1200, "height": 900})
    page.reload()
    assert page.evaluate("() => document.querySelector('details.staff-menu').open") is True
    assert page.evaluate("() => document.querySelector('details.site-nav__menu').open") is True
    assert page.is_visible("details.site-nav__menu a[href='/directory/']")
    found = {path: violations for path, violations in found.items() if violations}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
