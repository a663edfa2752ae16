import datetime as dt

import pytest

from dure.core.errors import DomainError
from dure.core.models import AuditLog
from dure.registry import services
from dure.registry.models import Designation, Enterprise


@pytest.mark.django_db
def test_create_derives_district_and_audits(staff_user):
    enterprise = services.enterprise_create(
        actor=staff_user,
        values={
            "name": "희망세탁나눔 협동조합",
            "brn": "409-86-33769",
            "address": "광주광역시 광산구 수완로 1",
        },
        designations=[{"type": "coop", "start_date": dt.date(2015, 3, 2)}],
    )
    assert (enterprise.brn, enterprise.district_code, enterprise.primary_type) == (
        "4098633769",
        "29200",
        "coop",
    )
    actions = list(AuditLog.objects.filter(target_pk=str(enterprise.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["registry.designation.added", "registry.enterprise.created"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "brn": "206-18-12345"}, "brn"),
        ({"name": "x", "brn": "12345"}, "brn"),
        ({"name": "x", "employees_total": 3, "employees_vulnerable": 4}, "employees_vulnerable"),
        ({"name": "x", "founded_on": dt.date(2999, 1, 1)}, "founded_on"),
        ({"name": "x", "crn": "123"}, "crn"),
    ],
)
def test_create_rejects_bad_input_and_writes_nothing(values, field):
    with pytest.raises(DomainError) as error:
        services.enterprise_create(actor=None, values=values)
    assert error.value.field == field
    assert not Enterprise.objects.exists()
    assert not AuditLog.objects.exists()


@pytest.mark.django_db
def test_duplicate_brn_is_refused(make_enterprise):
    make_enterprise(brn="409-86-33769")
    with pytest.raises(DomainError) as error:
        make_enterprise(brn="4098633769")
    assert error.value.field == "brn"
    assert Enterprise.objects.count() == 1


@pytest.mark.django_db
def test_update_audits_before_and_after(staff_user, make_enterprise):
    enterprise = make_enterprise(name="옛이름 협동조합", phone="062-111-2222")
    changes = services.enterprise_update(
        actor=staff_user, enterprise=enterprise, values={"name": "새이름 협동조합", "phone": "062-111-2222"}
    )
    assert changes == {"name": ["옛이름 협동조합", "새이름 협동조합"]}
    entry = AuditLog.objects.get(action="registry.enterprise.updated")
    assert entry.data == {"changes": {"name": ["옛이름 협동조합", "새이름 협동조합"]}}
    assert entry.actor == staff_user
    assert (
        services.enterprise_update(
            actor=staff_user, enterprise=enterprise, values={"name": "새이름 협동조합"}
        )
        == {}
    )
    assert AuditLog.objects.filter(action="registry.enterprise.updated").count() == 1


@pytest.mark.django_db
def test_primary_type_follows_the_stated_order(make_enterprise):
    enterprise = make_enterprise(designation="social_coop")
    assert enterprise.primary_type == "social_coop"
    services.designation_add(
        actor=None, enterprise=enterprise, values={"type": "social", "start_date": dt.date(2020, 1, 1)}
    )
    enterprise.refresh_from_db()
    assert enterprise.primary_type == "social"
    social = enterprise.designations.get(type="social")
    services.designation_update(actor=None, designation=social, values={"is_active": False})
    enterprise.refresh_from_db()
    assert enterprise.primary_type == "social_coop"
    services.designation_remove(actor=None, designation=enterprise.designations.get(type="social_coop"))
    enterprise.refresh_from_db()
    assert enterprise.primary_type == ""


@pytest.mark.django_db
def test_designation_dates_must_be_ordered(make_enterprise):
    enterprise = make_enterprise()
    with pytest.raises(DomainError):
        services.designation_add(
            actor=None,
            enterprise=enterprise,
            values={"type": "pre_social", "start_date": dt.date(2024, 1, 1), "end_date": dt.date(2023, 1, 1)},
        )
    assert enterprise.designations.count() == 1


@pytest.mark.django_db
def test_merge_moves_everything_and_fills_gaps(staff_user, make_enterprise, make_user):
    from dure.accounts.models import EnterpriseMembership

    target = make_enterprise(name="희망세탁", brn="", designation="coop", phone="")
    source = make_enterprise(
        name="(주)희망세탁", brn="409-86-33769", designation="social", phone="062-123-4567"
    )
    member = make_user("enterprise")
    EnterpriseMembership.objects.create(user=member, enterprise=source, role="owner")
    preview = services.merge_preview(source=source, target=target)
    assert preview["filled"]["brn"] == "4098633769" and preview["filled"]["phone"] == "062-123-4567"
    services.enterprise_merge(actor=staff_user, source=source, target=target)
    target.refresh_from_db()
    source.refresh_from_db()
    assert (target.brn, target.phone, target.primary_type) == ("4098633769", "062-123-4567", "social")
    assert set(target.designations.values_list("type", flat=True)) == {"coop", "social"}
    assert (source.status, source.merged_into, source.brn) == ("closed", target, "")
    assert EnterpriseMembership.objects.get(user=member).enterprise == target
    assert Designation.objects.filter(enterprise=source).count() == 0
    assert AuditLog.objects.filter(action="registry.enterprise.merged").count() == 1


@pytest.mark.django_db
def test_merge_into_itself_is_refused(make_enterprise):
    enterprise = make_enterprise()
    with pytest.raises(DomainError):
        services.enterprise_merge(actor=None, source=enterprise, target=enterprise)
