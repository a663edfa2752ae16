"""On a phone-sized Chromium: a room's week is a list of days, its month a grid that fits."""

from __future__ import annotations

import pytest

from dure.spaces.tests.factories import make_room, working_day

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_room_calendar_fits_a_phone(live_server) -> None:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    room = make_room("작은 회의실", area_m2=24)
    day = working_day(7).isoformat()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            phone = browser.new_page(viewport={"width": 375, "height": 812})
            phone.goto(f"{live_server.url}/spaces/rooms/{room.pk}/?view=week&date={day}")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
            assert "24m²" in phone.locator(".room-meta").inner_text()
            days = phone.locator(".calendar-week td")
            assert days.count() == 7
            labels = phone.locator(".calendar-week .calendar-day")
            assert labels.first.is_visible() and "요일" in labels.first.inner_text()
            # Each day is a full-width row, not a 50-pixel column.
            assert all(days.nth(i).evaluate("e => e.getBoundingClientRect().width") > 300 for i in range(7))

            phone.goto(f"{live_server.url}/spaces/rooms/{room.pk}/?view=month&date={day}")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375

            desktop = browser.new_page(viewport={"width": 1280, "height": 900})
            desktop.goto(f"{live_server.url}/spaces/rooms/{room.pk}/?view=week&date={day}")
            assert not desktop.locator(".calendar-week .calendar-day").first.is_visible()
            assert desktop.locator(".calendar-week thead th").first.is_visible()
        finally:
            browser.close()
            connections.close_all()
