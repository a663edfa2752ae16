"""Writing the ledger: parties, flows, reversals and declared shares.

The market and collaboration apps call `flow_record` / `flow_reverse` with exactly these
signatures; the import command and the enterprise forms call them too.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dure.circulation.models import DeclaredShare, Flow, FlowKind, FlowSource, Party, PartyGroup, PartyKind
from dure.core.audit import log_action
from dure.core.errors import Conflict, DomainError, NotFound
from dure.core.identifiers import brn_compact, brn_format, brn_is_valid
from dure.registry.models import Enterprise

_BRN_LIKE = re.compile(r"^\s*\d{3}\s*-?\s*\d{2}\s*-?\s*\d{5}\s*$")
_REGION = re.compile(r"^\d{2,10}$")
_HOUSEHOLD_WORDS = ("가계", "가구", "주민", "직원", "household", "residents")
_INSTITUTION_ENDINGS = ("청", "공사", "공단", "학교", "대학교", "시", "구")
_INSTITUTION_WORDS = ("기관", "institution", "ministry", "city hall")


def looks_like_brn(value: str) -> bool:
    """A 사업자등록번호 typed with or without hyphens (3-2-5 digits)."""
    return bool(_BRN_LIKE.match(value or ""))


def guess_party_kind(name: str) -> str:
    """Named parties: households and institutions by their wording, everything else 'outside'."""
    lowered = name.strip().lower()
    if any(word in lowered for word in _HOUSEHOLD_WORDS):
        return PartyKind.HOUSEHOLD
    if lowered.endswith(_INSTITUTION_ENDINGS) or any(word in lowered for word in _INSTITUTION_WORDS):
        return PartyKind.INSTITUTION
    return PartyKind.OUTSIDE


def clean_region(value: Any, *, field: str) -> str:
    region = re.sub(r"\s", "", str(value or ""))
    if not _REGION.match(region):
        raise DomainError(_("A region code is 2 to 10 digits (e.g. 29 or 29200)."), field=field)
    return region


def _party_for_brn(*, brn: str, name: str, region: str) -> Party:
    known = Party.objects.filter(brn=brn).first()
    if known is not None and known.enterprise_id is not None and (not region or known.region_code == region):
        return known  # the common case: nothing to link or move
    enterprise = Enterprise.objects.filter(brn=brn).order_by("pk").first()
    display = name.strip()
    if not display or looks_like_brn(display):
        display = enterprise.name if enterprise is not None else brn_format(brn)
    party, created = Party.objects.get_or_create(
        brn=brn,
        defaults={
            "kind": PartyKind.ENTERPRISE,
            "name": display[:200],
            "region_code": region,
            "enterprise": enterprise,
        },
    )
    if not created:
        changes: dict[str, Any] = {}
        if enterprise is not None and party.enterprise_id != enterprise.pk:
            changes["enterprise"] = enterprise
            if looks_like_brn(party.name):
                changes["name"] = enterprise.name[:200]
        if region and party.region_code != region:
            # The party's region is the latest one seen; each flow keeps its own.
            changes["region_code"] = region
        if changes:
            Party.objects.filter(pk=party.pk).update(**changes)
            for key, value in changes.items():
                setattr(party, key, value)
    return party


def party_resolve(*, name: str, region: str, brn: str = "", kind: str = "") -> Party:
    """The party a name stands for: an enterprise by 사업자등록번호, else a named party in a region."""
    name = (name or "").strip()
    region = clean_region(region, field="region")
    if brn:
        if not brn_is_valid(brn):
            raise DomainError(_("'%(value)s' is not a valid business registration number.") % {"value": brn})
        return _party_for_brn(brn=brn_compact(brn), name=name, region=region)
    if looks_like_brn(name):
        if not brn_is_valid(name):
            raise DomainError(_("'%(value)s' is not a valid business registration number.") % {"value": name})
        return _party_for_brn(brn=brn_compact(name), name=name, region=region)
    if not name:
        raise DomainError(_("A payer and a payee need a name or a business registration number."))
    if kind and kind not in PartyKind.values:
        raise DomainError(_("Unknown party kind '%(value)s'.") % {"value": kind})
    party, _created = Party.objects.get_or_create(
        name=name[:200], region_code=region, brn="", defaults={"kind": kind or guess_party_kind(name)}
    )
    return party


def _clean_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as error:
        raise DomainError(_("A date is written YYYY-MM-DD."), field="occurred_on") from error


def _clean_amount(value: Any) -> int:
    if isinstance(value, bool):
        raise DomainError(_("The amount must be a whole number of won."), field="amount")
    if isinstance(value, int):
        amount = value
    else:
        try:
            number = Decimal(str(value).replace(",", "").strip())
        except (InvalidOperation, ValueError) as error:
            raise DomainError(_("The amount must be a whole number of won."), field="amount") from error
        if number != number.to_integral_value():
            raise DomainError(_("The amount must be a whole number of won."), field="amount")
        amount = int(number)
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero won."), field="amount")
    if amount >= 10**17:
        raise DomainError(_("The amount is too large."), field="amount")
    return amount


@transaction.atomic
def flow_record(
    *,
    occurred_on: dt.date | str,
    payer_name: str,
    payer_region: str,
    payee_name: str,
    payee_region: str,
    amount: int,
    kind: str,
    source: str,
    reference: str,
    payer_brn: str = "",
    payee_brn: str = "",
    actor: Any = None,
) -> Flow:
    """Record one payment. Idempotent on `reference`: a known reference returns the existing flow."""
    reference = (reference or "").strip()
    if len(reference) > 200:
        raise DomainError(_("A reference has at most 200 characters."), field="reference")
    if reference:
        existing = Flow.objects.filter(reference=reference).first()
        if existing is not None:
            return existing
    date = _clean_date(occurred_on)
    won = _clean_amount(amount)
    if kind not in FlowKind.values:
        raise DomainError(_("Unknown flow kind '%(value)s'.") % {"value": kind}, field="kind")
    if source not in FlowSource.values:
        raise DomainError(_("Unknown flow source '%(value)s'.") % {"value": source}, field="source")
    payer_region = clean_region(payer_region, field="payer_region")
    payee_region = clean_region(payee_region, field="payee_region")
    payer = party_resolve(name=payer_name, region=payer_region, brn=payer_brn)
    payee = party_resolve(name=payee_name, region=payee_region, brn=payee_brn)
    if payer.pk == payee.pk:
        raise DomainError(_("Payer and payee are the same party."))
    user = actor if getattr(actor, "is_authenticated", False) else None
    try:
        with transaction.atomic():
            flow = Flow.objects.create(
                occurred_on=date,
                payer=payer,
                payee=payee,
                payer_region=payer_region,
                payee_region=payee_region,
                amount=won,
                kind=kind,
                source=source,
                reference=reference,
                created_by=user,
            )
    except IntegrityError:
        # Another request recorded the same reference first: that flow is the answer.
        existing = Flow.objects.filter(reference=reference).first() if reference else None
        if existing is None:
            raise
        return existing
    log_action(
        "circulation.flow.recorded",
        actor=actor,
        target=flow,
        data={"amount": won, "kind": kind, "source": source, "reference": reference},
    )
    return flow


@transaction.atomic
def flow_reverse(*, reference: str, actor: Any = None) -> Flow:
    """Cancel a flow with a reversing entry (negative amount, same date and parties).

    Idempotent: reversing twice returns the first reversal. The reversal keeps the original date
    so that the measures of the original period come out corrected.
    """
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Name the reference of the flow to reverse."), field="reference")
    original = Flow.objects.select_for_update().filter(reference=reference).first()
    if original is None:
        raise NotFound(_("No flow has the reference '%(value)s'.") % {"value": reference})
    if original.reverses_id is not None:
        raise Conflict(_("A reversing flow cannot itself be reversed."))
    existing = Flow.objects.filter(reverses=original).first()
    if existing is not None:
        return existing
    user = actor if getattr(actor, "is_authenticated", False) else None
    reversal_reference = f"{reference}:reversal"[:200]
    try:
        with transaction.atomic():
            reversal = Flow.objects.create(
                occurred_on=original.occurred_on,
                payer_id=original.payer_id,
                payee_id=original.payee_id,
                payer_region=original.payer_region,
                payee_region=original.payee_region,
                amount=-original.amount,
                kind=original.kind,
                source=original.source,
                reference=reversal_reference,
                reverses=original,
                created_by=user,
            )
    except IntegrityError:
        existing = Flow.objects.filter(reverses=original).first()
        if existing is None:
            raise
        return existing
    log_action(
        "circulation.flow.reversed",
        actor=actor,
        target=reversal,
        data={"reverses": reference, "amount": reversal.amount},
    )
    return reversal


@transaction.atomic
def declared_share_set(
    *, party: Party, year: int, share: Decimal | float | str, actor: Any = None
) -> DeclaredShare:
    """Declare (or correct) a party's survey share of local spending for a year."""
    try:
        value = Decimal(str(share)).quantize(Decimal("0.0001"))
    except (InvalidOperation, ValueError) as error:
        raise DomainError(_("The share is a number between 0 and 1."), field="share") from error
    if value < 0 or value > 1:
        raise DomainError(_("The share is a number between 0 and 1."), field="share")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("The year must be between 2000 and 2100."), field="year")
    user = actor if getattr(actor, "is_authenticated", False) else None
    declared, created = DeclaredShare.objects.update_or_create(
        party=party, year=int(year), defaults={"share": value, "declared_by": user}
    )
    log_action(
        "circulation.declared_share.set",
        actor=actor,
        target=declared,
        data={"party": party.pk, "year": int(year), "share": str(value), "created": created},
    )
    return declared


def party_for_enterprise(*, enterprise: Enterprise) -> Party:
    """The enterprise's party (made on first use), linked by 사업자등록번호 when it has one."""
    if enterprise.brn:
        party = Party.objects.filter(brn=enterprise.brn).first()
        if party is not None:
            if party.enterprise_id != enterprise.pk:
                Party.objects.filter(pk=party.pk).update(enterprise=enterprise)
                party.enterprise = enterprise
            return party
    party = Party.objects.filter(enterprise=enterprise).order_by("pk").first()
    if party is not None:
        return party
    region = enterprise.district_code or ""
    if not _REGION.match(region):
        raise DomainError(_("The enterprise has no district code; its region is unknown."))
    if enterprise.brn:
        return _party_for_brn(brn=enterprise.brn, name=enterprise.name, region=region)
    party, _created = Party.objects.get_or_create(
        name=enterprise.name[:200],
        region_code=region,
        brn="",
        defaults={"kind": PartyKind.ENTERPRISE, "enterprise": enterprise},
    )
    return party


@transaction.atomic
def party_group_save(
    *, name: str, parties: list[Party], description: str = "", actor: Any = None
) -> PartyGroup:
    """Create or update a named group (a project, a set of enterprises) measured as one organisation."""
    name = (name or "").strip()
    if not name:
        raise DomainError(_("A group needs a name."), field="name")
    if not parties:
        raise DomainError(_("A group needs at least one party."), field="parties")
    group, created = PartyGroup.objects.update_or_create(
        name=name[:200], defaults={"description": description}
    )
    group.parties.set(parties)
    log_action(
        "circulation.party_group.saved",
        actor=actor,
        target=group,
        data={"parties": [p.pk for p in parties], "created": created},
    )
    return group


def _line_key(*parts: Any) -> str:
    import hashlib

    return hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:24]


@transaction.atomic
def outlays_report(
    *,
    enterprise: Enterprise,
    year: int,
    outlays: list[dict[str, Any]],
    wages: list[dict[str, Any]],
    actor: Any = None,
) -> list[Flow]:
    """An enterprise's yearly outlays and wage totals by residence district, as flows on 31 December.

    Each line's reference is derived from its content and its position among identical lines of the
    same report, so sending the same report twice records it once. All lines or none.
    """
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("The year must be between 2000 and 2100."), field="year")
    payer = party_for_enterprise(enterprise=enterprise)
    occurred_on = dt.date(int(year), 12, 31)
    seen: dict[str, int] = {}
    flows: list[Flow] = []
    payer_name = payer.brn or payer.name
    for line in outlays:
        supplier_brn = line.get("supplier_brn", "") or ""
        region = line.get("supplier_region", "") or ""
        if supplier_brn and not region:
            supplier = Enterprise.objects.filter(brn=brn_compact(supplier_brn)).first()
            region = supplier.district_code if supplier is not None else ""
        if not region:
            raise DomainError(
                _("Give the supplier's region, or the number of an enterprise registered here."),
                field="supplier_region",
            )
        key = _line_key(
            "outlay", line["supplier_name"], brn_compact(supplier_brn), region, line["amount"], line["kind"]
        )
        seen[key] = seen.get(key, 0) + 1
        flows.append(
            flow_record(
                occurred_on=occurred_on,
                payer_name=payer_name,
                payer_region=payer.region_code,
                payee_name=line["supplier_name"],
                payee_region=region,
                payee_brn=supplier_brn,
                amount=line["amount"],
                kind=line["kind"],
                source=FlowSource.MANUAL,
                reference=f"outlay:{payer.pk}:{year}:{key}:{seen[key]}",
                actor=actor,
            )
        )
    for line in wages:
        region = clean_region(line["district"], field="district")
        from dure.core.regions import district_name, region_name

        # A stable party name (not translated): the household aggregate is keyed by name and region.
        household = f"{enterprise.name} 직원 가계({district_name(region) or region_name(region, english=False) or region})"
        key = _line_key("wage", region, line["amount"])
        seen[key] = seen.get(key, 0) + 1
        flows.append(
            flow_record(
                occurred_on=occurred_on,
                payer_name=payer_name,
                payer_region=payer.region_code,
                payee_name=household,
                payee_region=region,
                amount=line["amount"],
                kind=FlowKind.WAGE,
                source=FlowSource.MANUAL,
                reference=f"wages:{payer.pk}:{year}:{key}:{seen[key]}",
                actor=actor,
            )
        )
    return flows
