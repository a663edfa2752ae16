"""The plain model read of the search's hot path gives what the ORM gives, on both databases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dure.core.db import ColumnRead, models_by_column, models_by_columns
from dure.core.models import AuditLog
from dure.registry.models import Designation, Enterprise


@pytest.mark.django_db
def test_models_by_column_reads_every_field_as_the_orm_does(make_enterprise: Any) -> None:
    first = make_enterprise("social", name="하나", latitude="35.1500000", annual_revenue=12_000_000)
    second = make_enterprise("coop", name="둘")
    Designation.objects.create(enterprise=second, type="coop", start_date=dt.date(2020, 1, 2))
    read = {e.pk: e for e in models_by_column(Enterprise, "id", [second.pk, first.pk, 999_999])}
    assert set(read) == {first.pk, second.pk}
    for enterprise in (first, second):
        fresh = Enterprise.objects.get(pk=enterprise.pk)
        for field in Enterprise._meta.concrete_fields:
            assert getattr(read[enterprise.pk], field.attname) == getattr(fresh, field.attname), field.name
        assert not read[enterprise.pk]._state.adding
    designations = models_by_column(Designation, "enterprise_id", [second.pk], order_by="start_date, id")
    expected = Designation.objects.filter(enterprise=second).order_by("start_date", "pk")
    assert [(d.pk, d.start_date, d.type) for d in designations] == [
        (d.pk, d.start_date, d.type) for d in expected
    ]
    assert dt.date(2020, 1, 2) in [d.start_date for d in designations]
    assert models_by_column(Enterprise, "id", []) == []


def test_models_by_column_refuses_models_whose_fields_need_converting() -> None:
    with pytest.raises(ValueError, match="converters"):
        models_by_column(AuditLog, "id", [1])


@pytest.mark.django_db
def test_models_by_column_with_fields_reads_those_and_defers_the_rest(
    make_enterprise: Any, django_assert_num_queries: Any
) -> None:
    enterprise = make_enterprise("social", name="셋", annual_revenue=5_000_000)
    (read,) = models_by_column(Enterprise, "id", [enterprise.pk], fields=("id", "name", "district_code"))
    with django_assert_num_queries(0):
        assert (read.pk, read.name, read.district_code) == (enterprise.pk, "셋", enterprise.district_code)
    assert "annual_revenue" in read.get_deferred_fields()
    # Named in any order, each value lands in its own field.
    (shuffled,) = models_by_column(Enterprise, "id", [enterprise.pk], fields=("district_code", "name", "id"))
    assert (shuffled.pk, shuffled.name, shuffled.district_code) == (
        enterprise.pk,
        "셋",
        enterprise.district_code,
    )
    with django_assert_num_queries(1):
        assert read.annual_revenue == 5_000_000


def test_models_by_column_refuses_unknown_fields_and_a_read_without_its_key() -> None:
    with pytest.raises(ValueError, match="no concrete fields"):
        models_by_column(Enterprise, "id", [1], fields=("id", "nickname"))
    with pytest.raises(ValueError, match="primary key"):
        models_by_column(Enterprise, "id", [1], fields=("name",))


@pytest.mark.django_db
def test_models_by_columns_gives_what_separate_reads_give(make_enterprise: Any) -> None:
    first = make_enterprise("social", name="넷")
    second = make_enterprise("coop", name="다섯")
    Designation.objects.create(enterprise=first, type="coop", start_date=dt.date(2021, 5, 6))
    pks = [second.pk, first.pk]
    enterprises, designations, nothing = models_by_columns(
        [
            ColumnRead(Enterprise, "id", pks, order_by="id"),
            ColumnRead(Designation, "enterprise_id", pks, order_by="start_date, id"),
            ColumnRead(Designation, "enterprise_id", []),
        ]
    )
    assert [e.pk for e in enterprises] == [
        e.pk for e in models_by_column(Enterprise, "id", pks, order_by="id")
    ]
    separate = models_by_column(Designation, "enterprise_id", pks, order_by="start_date, id")
    read = [d for d in designations if isinstance(d, Designation)]
    assert [(d.pk, d.start_date) for d in read] == [(d.pk, d.start_date) for d in separate]
    assert len(designations) == 3 and nothing == []


@pytest.mark.django_db
def test_the_public_dict_reads_only_the_public_fields(
    make_enterprise: Any, django_assert_num_queries: Any
) -> None:
    from dure.registry.presenters import (
        PUBLIC_DESIGNATION_FIELDS,
        PUBLIC_ENTERPRISE_FIELDS,
        enterprise_public_dict,
    )

    enterprise = make_enterprise("social", name="여섯", latitude="35.1500000", longitude="126.8500000")
    Designation.objects.create(enterprise=enterprise, type="coop", start_date=dt.date(2019, 1, 1))
    (narrow,) = models_by_column(Enterprise, "id", [enterprise.pk], fields=PUBLIC_ENTERPRISE_FIELDS)
    designations = models_by_column(
        Designation,
        "enterprise_id",
        [enterprise.pk],
        order_by="start_date, id",
        fields=PUBLIC_DESIGNATION_FIELDS,
    )
    full = Enterprise.objects.get(pk=enterprise.pk)
    with django_assert_num_queries(0):
        shown = enterprise_public_dict(narrow, designations=designations)
    assert shown == enterprise_public_dict(
        full, designations=list(full.designations.order_by("start_date", "pk"))
    )


@pytest.mark.django_db
def test_insert_once_turns_a_lost_race_into_the_services_own_refusal() -> None:
    from dure.accounts.models import User
    from dure.core.db import insert_once
    from dure.core.errors import Conflict

    User.objects.create_user(email="once@example.org", password="a-Long-pass-phrase-9")
    refusal = Conflict("already there")
    with pytest.raises(Conflict) as raised:
        insert_once(
            lambda: User.objects.create_user(email="once@example.org", password="x-Long-pass-9"), refusal
        )
    assert raised.value is refusal
    # The surrounding transaction is still usable (the savepoint took the failed INSERT).
    assert User.objects.filter(email="once@example.org").count() == 1
