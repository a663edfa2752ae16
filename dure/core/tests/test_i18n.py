import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_korean_first_whatever_the_browser_says(client):
    response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "ko"
    assert "<h1>로그인</h1>" in response.content.decode()


@pytest.mark.django_db
def test_the_language_switch_keeps_the_page(client):
    page = reverse("accounts:login")
    response = client.post(reverse("set_language"), {"language": "en", "next": page})
    assert response.status_code == 302 and response["Location"] == page
    english = client.get(page)
    assert english["Content-Language"] == "en"
    assert "<h1>Log in</h1>" in english.content.decode()
