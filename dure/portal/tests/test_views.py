"""Directory, map, profile, news and home pages."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from dure.core.models import AuditLog
from dure.portal.models import NewsPost
from dure.portal.services import news_save, search_rebuild


@pytest.fixture
def enterprises(make_enterprise: Any) -> list[Any]:
    made = [
        make_enterprise(
            "social", name="(주)희망제빵", address="광주광역시 서구 상무대로 1", sells_online=True
        ),
        make_enterprise("coop", name="양림동 빵집 협동조합", address="광주광역시 남구 양림로 2"),
        make_enterprise(
            "coop",
            name="함께돌봄 협동조합",
            address="광주광역시 북구 서하로 6",
            latitude="35.180000",
            longitude="126.910000",
        ),
    ]
    search_rebuild()
    return made


@pytest.mark.django_db
def test_directory_full_page_and_htmx_partial(enterprises: Any, client: Any) -> None:
    page = client.get("/directory/", {"q": "빵", "district": "29155"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "양림동 빵집 협동조합" in html and "(주)희망제빵" not in html
    assert '<form method="get" action="/directory/"' in html  # works without JavaScript
    assert 'hx-push-url="true"' in html
    partial = client.get(
        "/directory/", {"q": "빵"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="directory-results"
    )
    body = partial.content.decode()
    assert "<html" not in body
    assert "(주)희망제빵" in body and "양림동 빵집 협동조합" in body
    assert 'id="count-type-social" hx-swap-oob="true">(1)' in body
    # The folded filter panel says how many filters narrow the list, in the page and in each update.
    assert 'id="active-filters" class="active-filters">(1개 적용)' in html
    narrowed = client.get(
        "/directory/",
        {"q": "빵", "type": ["social", "coop"], "online": "on"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="directory-results",
    ).content.decode()
    assert 'id="active-filters" class="active-filters" hx-swap-oob="true">(3개 적용)' in narrowed
    assert 'id="active-filters" class="active-filters" hx-swap-oob="true"></span>' in body


@pytest.mark.django_db
def test_directory_counts_per_filter_value(enterprises: Any, client: Any) -> None:
    html = client.get("/directory/", {"q": "빵", "online": "on"}).content.decode()
    assert "(주)희망제빵" in html and "양림동 빵집 협동조합" not in html
    # Each facet counts with the other filters applied (here: sells online).
    assert 'id="count-type-social">(1)' in html and 'id="count-type-coop">(0)' in html
    assert "서구 (1)" in html and "남구 (0)" in html


@pytest.mark.django_db
def test_directory_bad_input_is_not_an_error(enterprises: Any, client: Any) -> None:
    response = client.get("/directory/", {"q": "x" * 500, "page": "abc", "svi_grade": "??", "sort": "zzz"})
    assert response.status_code == 200
    # A page number past any 64-bit offset (SQLite raised OverflowError) is an empty last page.
    assert client.get("/directory/", {"page": "9" * 20}).status_code == 200


@pytest.mark.django_db
def test_map_markers_use_district_centre_when_position_unknown(enterprises: Any, client: Any) -> None:
    data = client.get("/map/markers.json").json()
    by_name = {m["name"]: m for m in data["markers"]}
    assert data["count"] == 3
    assert by_name["함께돌봄 협동조합"] == {
        "pk": enterprises[2].pk,
        "name": "함께돌봄 협동조합",
        "type": "coop",
        "district": "29170",
        "lat": 35.18,
        "lng": 126.91,
        "approximate": False,
    }
    assert (
        by_name["(주)희망제빵"]["lat"],
        by_name["(주)희망제빵"]["lng"],
        by_name["(주)희망제빵"]["approximate"],
    ) == (35.1520, 126.8903, True)
    assert [
        m["name"] for m in client.get("/map/markers.json", {"q": "빵", "type": "coop"}).json()["markers"]
    ] == ["양림동 빵집 협동조합"]


@pytest.mark.django_db
def test_map_draws_districts_without_a_tile_server(enterprises: Any, client: Any, settings: Any) -> None:
    settings.DURE_MAP_TILE_URL = ""
    html = client.get("/map/").content.decode()
    assert '"tiles": ""' in html and "광산구" in html
    settings.DURE_MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    assert "tiles.example.org" in client.get("/map/").content.decode()


@pytest.mark.django_db
def test_staff_drag_sets_position_audited(
    enterprises: Any, client_for: Any, staff_user: Any, citizen_user: Any
) -> None:
    target = enterprises[0]
    url = f"/enterprises/{target.pk}/position/"
    assert client_for(citizen_user).post(url, {"lat": "35.1", "lng": "126.8"}).status_code == 403
    bad = client_for(staff_user).post(url, {"lat": "abc", "lng": "126.8"})
    assert bad.status_code == 400
    target.refresh_from_db()
    assert target.latitude is None
    response = client_for(staff_user).post(
        url, data='{"lat": "35.153001", "lng": "126.851002"}', content_type="application/json"
    )
    assert response.status_code == 200
    target.refresh_from_db()
    assert (str(target.latitude), str(target.longitude)) == ("35.153001", "126.851002")
    log = AuditLog.objects.get(action="registry.enterprise.updated", target_pk=str(target.pk))
    assert log.actor_id == staff_user.pk
    assert AuditLog.objects.filter(action="portal.enterprise.position_set").count() == 1


@pytest.mark.django_db
def test_profile_page_masks_unpublished_contacts_and_links_national_systems(
    make_enterprise: Any, client: Any
) -> None:
    enterprise = make_enterprise(
        "social",
        name="(주)희망제빵",
        phone="062-123-4567",
        publish_phone=False,
        email="a@b.kr",
        publish_email=True,
    )
    html = client.get(f"/enterprises/{enterprise.pk}/").content.decode()
    assert "062-123-4567" not in html
    assert "a@b.kr" in html
    assert "https://www.seis.or.kr/" in html
    assert "profile-map" in html  # the district centre stands in for the position
    assert 'name="viewport"' in html


@pytest.mark.django_db
def test_news_drafts_stay_private_and_feed_lists_published(
    client: Any, client_for: Any, staff_user: Any
) -> None:
    published = news_save(
        actor=staff_user, values={"title": "장터 소식", "body": "본문", "status": "published"}
    )
    draft = news_save(actor=staff_user, values={"title": "초안", "body": "본문", "status": "draft"})
    assert published.published_at is not None and draft.published_at is None
    assert client.get(f"/news/{draft.pk}/").status_code == 404
    assert client_for(staff_user).get(f"/news/{draft.pk}/").status_code == 200
    feed = client.get("/news/feed/").content.decode()
    assert "장터 소식" in feed and "초안" not in feed
    home = client.get("/").content.decode()
    assert "장터 소식" in home and "초안" not in home
    assert AuditLog.objects.filter(action="portal.news.created").count() == 2


@pytest.mark.django_db
def test_news_form_requires_alt_text_for_an_image(client_for: Any, staff_user: Any) -> None:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, format="PNG")
    upload = SimpleUploadedFile("a.png", buffer.getvalue(), content_type="image/png")
    response = client_for(staff_user).post(
        "/news/new/",
        {
            "title": "사진 소식",
            "body": "본문",
            "status": "published",
            "summary": "",
            "image_alt": "",
            "image": upload,
        },
    )
    assert response.status_code == 200
    assert NewsPost.objects.count() == 0


@pytest.mark.django_db
def test_home_shows_figures(enterprises: Any, client: Any) -> None:
    NewsPost.objects.create(title="소식", body="b", status="published", published_at=timezone.now())
    html = client.get("/").content.decode()
    assert "/directory/?district=29170" in html
    assert "소식" in html


@pytest.mark.django_db
def test_the_center_is_named_in_the_page_language(client: Any, settings: Any) -> None:
    settings.DURE_CENTER_NAME = "목포사회적경제지원센터"
    settings.DURE_CENTER_NAME_EN = "Mokpo Social Economy Support Center"
    settings.DURE_CENTER_ADDRESS = "전라남도 목포시 어딘가로 1"
    settings.DURE_CENTER_ADDRESS_EN = ""
    korean = client.get("/").content.decode()
    assert "목포사회적경제지원센터" in korean and "전라남도 목포시 어딘가로 1" in korean
    assert "Gwangsan-gu" not in korean and "광산구 하남산단" not in korean
    client.cookies["django_language"] = "en"
    english = client.get("/").content.decode()
    assert "Mokpo Social Economy Support Center" in english and "목포사회적경제지원센터" not in english
    assert "전라남도 목포시 어딘가로 1" in english  # no English address given: the Korean one


@pytest.mark.django_db
def test_an_enterprise_member_reaches_its_profile_from_the_main_menu(
    client_for: Any, make_user: Any, make_enterprise: Any
) -> None:
    from dure.accounts.models import EnterpriseMembership

    owner = make_user("enterprise", name="정대표")
    enterprise = make_enterprise()
    EnterpriseMembership.objects.create(user=owner, enterprise=enterprise, role="owner")
    page = client_for(owner).get("/").content.decode()
    nav = page.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert f'href="/enterprises/{enterprise.pk}/edit/"' in nav and "내 기업" in nav
    citizen = client_for(make_user("citizen")).get("/").content.decode()
    assert "내 기업" not in citizen.split('class="site-nav"', 1)[1].split("</nav>", 1)[0]
    # API tokens are folded away on the settings page: open only after creating one.
    settings_page = client_for(owner).get("/accounts/settings/").content.decode()
    assert '<details class="settings-tokens">' in settings_page
