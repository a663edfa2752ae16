from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from dure.circulation.models import DeclaredShare, Flow, Party, PartyKind
from dure.circulation.services import declared_share_set, flow_record, flow_reverse, party_resolve
from dure.core.errors import Conflict, DomainError, NotFound
from dure.core.models import AuditLog

BAKERY = "419-81-87646"


def _record(**overrides: Any) -> Flow:
    values: dict[str, Any] = {
        "occurred_on": dt.date(2025, 2, 14),
        "payer_name": "서울 구매처",
        "payer_region": "11",
        "payee_name": BAKERY,
        "payee_region": "29200",
        "amount": 100_000_000,
        "kind": "sale",
        "source": "manual",
        "reference": "ref-1",
    }
    values.update(overrides)
    return flow_record(**values)


@pytest.mark.django_db
def test_flow_record_resolves_parties_and_is_idempotent() -> None:
    flow = _record()
    assert flow.amount == 100_000_000
    assert flow.payee.brn == "4198187646"
    assert flow.payee.kind == PartyKind.ENTERPRISE
    assert flow.payer.brn == ""
    assert flow.payer.region_code == "11"
    assert AuditLog.objects.filter(action="circulation.flow.recorded").count() == 1
    again = _record(amount=5)
    assert again.pk == flow.pk
    assert Flow.objects.count() == 1
    assert AuditLog.objects.filter(action="circulation.flow.recorded").count() == 1


@pytest.mark.django_db
def test_brn_with_and_without_hyphens_is_one_party(make_enterprise: Any) -> None:
    enterprise = make_enterprise(name="우리밀빵집", brn="4198187646", district_code="29200")
    a = _record(reference="a")
    b = _record(reference="b", payee_name="4198187646")
    c = _record(reference="c", payee_name="빵집", payee_brn="419-81-87646")
    assert a.payee_id == b.payee_id == c.payee_id
    party = Party.objects.get(pk=a.payee_id)
    assert party.enterprise_id == enterprise.pk
    assert party.name == "우리밀빵집"


@pytest.mark.django_db
def test_named_parties_are_keyed_by_name_and_region() -> None:
    a = party_resolve(name="직원 가계(광산구)", region="29200")
    b = party_resolve(name="직원 가계(광산구)", region="29200")
    c = party_resolve(name="직원 가계(광산구)", region="29170")
    assert a.pk == b.pk != c.pk
    assert a.kind == PartyKind.HOUSEHOLD
    assert party_resolve(name="국세청", region="36").kind == PartyKind.INSTITUTION
    assert party_resolve(name="온라인 쇼핑몰", region="11").kind == PartyKind.OUTSIDE


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": "12.5"}, "amount"),
        ({"kind": "gift"}, "kind"),
        ({"source": "rumour"}, "source"),
        ({"payer_region": "seoul"}, "payer_region"),
        ({"occurred_on": "14/02/2025"}, "occurred_on"),
    ],
)
def test_flow_record_refuses_bad_input_and_writes_nothing(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(DomainError) as error:
        _record(**overrides)
    assert error.value.field == field
    assert Flow.objects.count() == 0
    assert Party.objects.count() == 0
    assert AuditLog.objects.count() == 0


@pytest.mark.django_db
def test_invalid_brn_is_refused() -> None:
    with pytest.raises(DomainError):
        _record(payee_name="206-18-12345")
    with pytest.raises(DomainError):
        _record(payee_name="빵집", payee_brn="2061812345")
    assert Flow.objects.count() == 0


@pytest.mark.django_db
def test_flow_reverse_writes_one_negative_flow() -> None:
    flow = _record()
    reversal = flow_reverse(reference="ref-1")
    assert reversal.amount == -100_000_000
    assert reversal.reference == "ref-1:reversal"
    assert reversal.reverses_id == flow.pk
    assert reversal.occurred_on == flow.occurred_on
    assert flow_reverse(reference="ref-1").pk == reversal.pk
    assert Flow.objects.count() == 2
    with pytest.raises(Conflict):
        flow_reverse(reference="ref-1:reversal")
    with pytest.raises(NotFound):
        flow_reverse(reference="nope")
    assert Flow.objects.count() == 2


@pytest.mark.django_db
def test_ledger_is_append_only() -> None:
    flow = _record()
    flow.amount = 1
    with pytest.raises(TypeError):
        flow.save()
    with pytest.raises(TypeError):
        flow.delete()
    with pytest.raises(TypeError):
        Flow.objects.all().update(amount=1)
    with pytest.raises(TypeError):
        Flow.objects.all().delete()
    assert Flow.objects.get().amount == 100_000_000


@pytest.mark.django_db
def test_declared_share_set_and_correct() -> None:
    party = party_resolve(name="동네 마트(광산구)", region="29200")
    declared_share_set(party=party, year=2025, share="0.6")
    declared_share_set(party=party, year=2025, share=0.65)
    assert DeclaredShare.objects.get().share == Decimal("0.6500")
    with pytest.raises(DomainError):
        declared_share_set(party=party, year=2025, share=1.5)
    assert DeclaredShare.objects.get().share == Decimal("0.6500")


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_reference_records_one_flow() -> None:
    party_resolve(name="서울 구매처", region="11")
    party_resolve(name=BAKERY, region="29200")
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def worker() -> None:
        try:
            barrier.wait()
            results.append(_record(reference="same").pk)
        except BaseException as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if connection.vendor == "sqlite":
        # SQLite serialises writers; a locked database is an acceptable refusal there.
        assert all("locked" in str(e) for e in errors)
    else:
        assert errors == []
    assert Flow.objects.filter(reference="same").count() == 1
    assert len(set(results)) == 1
