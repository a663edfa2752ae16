"""Error pages are the site's own, in the visitor's language, and a NUL in a page's query is a
400, not a database error."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_the_sites_own_page_in_korean(client: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "페이지를 찾을 수 없습니다" in page and 'class="site-header"' in page
    assert "Not Found" not in page
    client.cookies["django_language"] = "en"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


@pytest.mark.parametrize(
    "address", ["/market/?q=%00", "/programs/certificates/verify/?code=%00", "/directory/?q=a%00"]
)
def test_a_nul_in_a_pages_query_is_a_400_page(address: str) -> None:
    response = Client(raise_request_exception=False).get(address)
    assert response.status_code == 400
    assert "요청을 읽을 수 없습니다" in response.content.decode()


def test_the_api_keeps_answering_problem_documents_for_a_nul(client: Any) -> None:
    response = client.get("/api/v1/products?q=%00")
    assert response.status_code == 400 and response["Content-Type"] == "application/problem+json"


def test_the_server_error_page_needs_no_request_context() -> None:
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "<h1>" in html and ("Dure" in html or "두레" in html)
