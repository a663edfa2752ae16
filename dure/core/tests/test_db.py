"""The plain model read of the search's hot path gives what the ORM gives, on both databases."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from dure.core.db import models_by_column
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
