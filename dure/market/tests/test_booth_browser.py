"""The booth screen in a real browser: tap products, take the sale, see the day's total."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from dure.market.models import Booth, Order, Product

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
def test_booth_screen_takes_a_sale(live_server: Any, make_user: Any, make_product: Any) -> None:
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from playwright.sync_api import sync_playwright

    seller = make_user("enterprise")
    bread = make_product(name="식빵", price=5000, stock=10)
    jam = make_product(name="잼", price=7000, stock=10)
    today = timezone.localdate()
    booth = Booth.objects.create(
        name="부스", festival="충장축제", starts_on=today, ends_on=today + dt.timedelta(days=1)
    )
    booth.products.set([bread, jam])
    booth.staff.add(seller)
    session = SessionStore()
    session[SESSION_KEY] = str(seller.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = seller.get_session_auth_hash()
    session.save()
    assert session.session_key is not None

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 390, "height": 844})
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/market/booths/{booth.pk}/")
        page.click(f"button.booth-product[data-pk='{bread.pk}']")
        page.click(f"button.booth-product[data-pk='{bread.pk}']")
        page.click(f"button.booth-product[data-pk='{jam.pk}']")
        assert page.inner_text("#booth-sum") == "17,000"
        page.click("label:has(input[value=local_currency])")
        page.click("#booth-take")
        page.wait_for_function("document.getElementById('booth-status').textContent.includes('17,000')")
        page.wait_for_function("document.getElementById('booth-totals').textContent.includes('17,000')")
        browser.close()
    order = Order.objects.get()
    assert (order.channel, order.status, order.total, order.payment_method) == (
        "booth",
        "fulfilled",
        17000,
        "local_currency",
    )
    assert Product.objects.get(pk=bread.pk).stock == 8
