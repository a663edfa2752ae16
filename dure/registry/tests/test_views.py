import pytest
from django.urls import reverse

from dure.core.models import AuditLog
from dure.registry.models import Enterprise


@pytest.mark.django_db
def test_staff_edits_an_enterprise_through_the_back_office(client_for, staff_user, make_enterprise):
    enterprise = make_enterprise(name="옛이름")
    client = client_for(staff_user)
    page = client.get(reverse("registry:enterprise_edit", args=[enterprise.pk]))
    form = page.context["form"]
    data = {
        name: (value if value is not None else "")
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update({"name": "새이름", "status": "active", "legal_form": "cooperative"})
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    response = client.post(reverse("registry:enterprise_edit", args=[enterprise.pk]), data)
    assert response.status_code == 302
    enterprise.refresh_from_db()
    assert enterprise.name == "새이름"
    assert AuditLog.objects.get(action="registry.enterprise.updated").data["changes"]["name"] == [
        "옛이름",
        "새이름",
    ]
    # The change history names what happened and each field in words, choices by their labels.
    from django.utils import translation

    with translation.override("ko"):
        page_text = client.get(reverse("registry:enterprise_edit", args=[enterprise.pk])).content.decode()
    history = page_text.rsplit('<table class="data">', 1)[1]
    assert "registry.enterprise.updated" not in history and "legal_form" not in history
    assert "personal_data_viewed" not in history
    # Opening the record is logged, but the history lists changes, not views.
    assert AuditLog.objects.filter(action="registry.enterprise.personal_data_viewed").exists()
    assert "연락처 열람" not in history
    rows = client.get(reverse("registry:enterprise_edit", args=[enterprise.pk])).context["history"]
    changed = next(row for row in rows if row["changes"])
    with translation.override("ko"):
        assert str(changed["action"]) == "기업 정보 변경"
    labels = {str(c["field"]): (str(c["old"]), str(c["new"])) for c in changed["changes"]}
    assert labels == {"이름": ("옛이름", "새이름"), "법인 형태": ("기타", "협동조합")}


@pytest.mark.django_db
def test_back_office_rejects_a_bad_number_and_changes_nothing(client_for, staff_user):
    response = client_for(staff_user).post(
        reverse("registry:enterprise_create"),
        {"name": "새 협동조합", "brn": "206-18-12345", "legal_form": "cooperative", "status": "active"},
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode() or "검증" in response.content.decode()
    assert not Enterprise.objects.exists()


@pytest.mark.django_db
def test_list_filters_and_query_count(client_for, staff_user, make_enterprise, django_assert_max_num_queries):
    for _ in range(5):
        make_enterprise(designation="village")
    make_enterprise(designation="social")
    client = client_for(staff_user)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("registry:enterprise_list"), {"type": "social"})
    assert response.context["count"] == 1


@pytest.mark.django_db
def test_merge_preview_then_merge(client_for, staff_user, make_enterprise):
    a, b = make_enterprise(name="중복"), make_enterprise(name="원본")
    client = client_for(staff_user)
    preview = client.get(reverse("registry:enterprise_merge"), {"source": a.pk, "target": b.pk})
    assert preview.context["preview"] is not None
    a.refresh_from_db()
    assert a.merged_into is None  # the preview changed nothing
    done = client.post(reverse("registry:enterprise_merge"), {"source": a.pk, "target": b.pk, "confirm": "1"})
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.merged_into == b


@pytest.mark.django_db
def test_expiring_designations_are_listed(client_for, staff_user, make_enterprise):
    import datetime as dt

    from django.utils import timezone

    from dure.registry.services import designation_add

    enterprise = make_enterprise(designation=None)
    today = timezone.localdate()
    designation_add(
        actor=None,
        enterprise=enterprise,
        values={
            "type": "pre_social",
            "start_date": today - dt.timedelta(days=1000),
            "end_date": today + dt.timedelta(days=30),
        },
    )
    response = client_for(staff_user).get(reverse("registry:designations_expiring"))
    assert [d.enterprise for d in response.context["rows"]] == [enterprise]


@pytest.mark.django_db
def test_opening_a_record_in_the_back_office_is_logged_as_personal_data_access(
    client_for, staff_user, make_enterprise
):
    enterprise = make_enterprise()
    client_for(staff_user).get(reverse("registry:enterprise_edit", args=[enterprise.pk]))
    entry = AuditLog.objects.get(personal_data=True)
    assert (entry.actor, entry.action, entry.target_pk, entry.data["fields"]) == (
        staff_user,
        "registry.enterprise.personal_data_viewed",
        str(enterprise.pk),
        ["representative", "phone", "email"],
    )


@pytest.mark.django_db
def test_the_back_office_address_opens_its_enterprise_list(client_for, staff_user):
    response = client_for(staff_user).get("/staff/", follow=True)
    assert response.redirect_chain == [(reverse("registry:enterprise_list"), 302)]
    assert response.status_code == 200


@pytest.mark.django_db
def test_back_office_menu_groups_every_app_and_marks_the_current_page(client_for, staff_user):
    from django.utils import translation

    with translation.override("ko"):
        response = client_for(staff_user).get(reverse("registry:import_list"), HTTP_ACCEPT_LANGUAGE="ko")
    groups = response.context["staff_nav_groups"]
    # One group per app that declares a staff menu, in INSTALLED_APPS order, registry first.
    assert [str(g["label"]) for g in groups] == [
        "기업 DB",
        "공개 포털",
        "장터",
        "협업사업",
        "지역순환경제",
        "열린 공간",
        "프로그램",
    ]
    registry = groups[0]["items"]
    assert [item["url"] for item in registry][-1] == reverse("registry:import_list")
    assert [item["current"] for item in registry] == [False] * 5 + [True]
    assert not any(item["current"] for group in groups[1:] for item in group["items"])
    html = response.content.decode()
    assert f'<a href="{reverse("registry:import_list")}" aria-current="page">' in html
    assert '<details class="staff-menu" open data-fold-on-phone>' in html
    assert "업무 메뉴" in html


@pytest.mark.django_db
def test_back_office_menu_is_not_given_to_people_outside_the_center(client_for, make_user):
    response = client_for(make_user("enterprise")).get(reverse("portal:home"))
    assert response.context["staff_nav_groups"] == []
