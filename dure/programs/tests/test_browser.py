"""On a phone-sized Chromium: a teacher finds the class on the calendar and books 30 + 2 seats."""

from __future__ import annotations

import pytest

from dure.programs.models import Registration
from dure.programs.tests.factories import make_program

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_school_books_a_class_on_a_phone(live_server) -> None:
    from django.db import connections
    from playwright.sync_api import sync_playwright

    program = make_program(
        title="진로체험교실 브라우저반",
        kind="career_class",
        capacity=100,
        allow_groups=True,
        max_group_seats=45,
    )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{live_server.url}/programs/?view=list")
            page.get_by_role("link", name="진로체험교실 브라우저반").first.click()
            page.fill("#id_name", "김담임")
            page.fill("#id_email", "teacher@school.kr")
            page.fill("#id_group_name", "광주서석중학교")
            page.fill("#id_head_count", "30")
            page.fill("#id_companions", "2")
            page.locator("label[for=id_consent]").click()
            assert page.is_checked("#id_consent")
            page.get_by_role("button", name="신청하기").click()
            page.wait_for_url("**/programs/r/**")
            registration = Registration.objects.get(program=program)
            assert registration.seats == 32
            assert page.locator(".programs-code").inner_text() == registration.code
            assert page.locator("img[src$='qr.svg']").evaluate("img => img.naturalWidth") > 0
            # Nothing is wider than the phone screen.
            assert page.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()
            # Queries made while Playwright's event loop runs use their own connection (asgiref
            # keeps one per running loop); close it here, or the test database cannot be dropped.
            connections.close_all()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_month_calendar_reads_on_a_phone(live_server) -> None:
    """The grid keeps the times; the titles, too long for seven columns, are listed below it."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    program = make_program(title="사회적경제 대학 전문가 과정 휴대전화반")
    month = program.sessions.get().starts_at.astimezone().strftime("%Y-%m")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            phone = browser.new_page(viewport={"width": 375, "height": 812})
            phone.goto(f"{live_server.url}/programs/?month={month}")
            assert phone.evaluate("document.documentElement.scrollWidth") <= 375
            in_grid = phone.locator(".programs-month .programs-event__title")
            assert (
                in_grid.evaluate("e => e.getBoundingClientRect().width") <= 1
            )  # read by screen readers, not shown
            listed = phone.locator(".programs-month-list a", has_text=program.title)
            assert listed.is_visible() and listed.evaluate("e => e.getBoundingClientRect().width") > 150
            assert phone.locator(".programs-month thead .cal-short").first.inner_text() == "일"
            assert (
                phone.locator(".programs-month thead .cal-long").first.evaluate(
                    "e => e.getBoundingClientRect().width"
                )
                <= 1
            )

            desktop = browser.new_page(viewport={"width": 1280, "height": 900})
            desktop.goto(f"{live_server.url}/programs/?month={month}")
            assert desktop.locator(".programs-month .programs-event__title").is_visible()
            assert not desktop.locator(".programs-month-list").is_visible()
        finally:
            browser.close()
            connections.close_all()
