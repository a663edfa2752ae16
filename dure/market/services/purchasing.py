"""Public purchasing (우선구매): institutions, yearly targets, purchases, consultation fairs."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import log_action
from dure.core.db import insert_once
from dure.core.errors import Conflict, DomainError, PermissionDeniedError
from dure.market.access import is_staff
from dure.market.models import (
    Fair,
    FairAnswer,
    FairMeeting,
    FairNeed,
    Institution,
    InstitutionKind,
    InstitutionPurchase,
    Order,
    PurchaseSource,
    PurchaseTarget,
)


@transaction.atomic
def purchase_record_from_order(*, order: Order, refund: bool = False) -> list[InstitutionPurchase]:
    """An institution's order on Dure counts toward its purchases when fulfilled; a refund reverses it."""
    institution_id = order.institution_id
    if institution_id is None:  # a citizen's or booth order: no institution purchase to record
        return []
    per_enterprise: dict[int, int] = defaultdict(int)
    enterprises: dict[int, Any] = {}
    items: dict[int, list[str]] = defaultdict(list)
    for line in order.lines.select_related("enterprise"):
        per_enterprise[line.enterprise_id] += line.line_total
        enterprises[line.enterprise_id] = line.enterprise
        items[line.enterprise_id].append(line.product_name)
    when = order.refunded_at if refund else order.fulfilled_at
    rows = []
    for enterprise_pk, amount in sorted(per_enterprise.items()):
        enterprise = enterprises[enterprise_pk]
        reference = f"order:{order.pk}:{enterprise_pk}" + (":refund" if refund else "")
        row, _created = InstitutionPurchase.objects.get_or_create(
            institution_id=institution_id,
            reference=reference,
            defaults={
                "purchased_on": timezone.localdate(when or timezone.now()),
                "enterprise": enterprise,
                "enterprise_name": enterprise.name,
                "enterprise_brn": enterprise.brn,
                "enterprise_type": enterprise.primary_type,
                "item": ", ".join(items[enterprise_pk])[:300],
                "amount": -amount if refund else amount,
                "source": PurchaseSource.DURE,
                "order": order,
            },
        )
        rows.append(row)
    return rows


# Institutions, targets, imports -------------------------------------------------------------

IMPORT_COLUMNS = {
    "purchased_on": ("구매일자", "구매일", "일자", "date", "purchased_on"),
    "enterprise_name": ("기업명", "업체명", "기관명", "상호", "enterprise", "enterprise_name"),
    "enterprise_brn": ("사업자등록번호", "사업자번호", "brn"),
    "item": ("품목", "품명", "내용", "item"),
    "amount": ("금액", "구매금액", "구매액", "amount"),
    "enterprise_type": ("기업유형", "유형", "type", "enterprise_type"),
}
TYPE_ALIASES = {
    "사회적기업": "social",
    "예비사회적기업": "pre_social",
    "마을기업": "village",
    "자활기업": "self_sufficiency",
    "협동조합": "coop",
    "사회적협동조합": "social_coop",
}


def can_manage_institution(user: Any, institution: Institution) -> bool:
    if is_staff(user):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return institution.users.filter(pk=user.pk).exists()


def _check_institution_actor(actor: Any, institution: Institution) -> None:
    if actor is not None and not can_manage_institution(actor, institution):
        raise PermissionDeniedError(_("You may only manage your own institution's purchases."))


@transaction.atomic
def institution_create(
    *,
    actor: Any,
    name: str,
    kind: str = InstitutionKind.PUBLIC,
    region_code: str = "",
    brn: str = "",
    users: Any = (),
) -> Institution:
    if actor is not None and not is_staff(actor):
        raise PermissionDeniedError(_("Only center staff may add institutions."))
    if not str(name or "").strip():
        raise DomainError(_("An institution needs a name."), field="name")
    if kind not in InstitutionKind.values:
        raise DomainError(_("Unknown institution kind."), field="kind")
    taken = DomainError(_("An institution with this name exists already."), field="name")
    if Institution.objects.filter(name=name.strip()).exists():
        raise taken
    institution = insert_once(
        lambda: Institution.objects.create(name=name.strip(), kind=kind, region_code=region_code, brn=brn),
        taken,
    )
    if users:
        institution.users.set(users)
    log_action("market.institution.created", actor=actor, target=institution)
    return institution


@transaction.atomic
def target_set(
    *, actor: Any, institution: Institution, year: int, amount: int, enterprise_type: str = ""
) -> PurchaseTarget:
    if actor is not None and not is_staff(actor):
        raise PermissionDeniedError(_("Only center staff may set purchase targets."))
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise DomainError(_("The target must be a whole number of won, zero or more."), field="amount")
    if not 2000 <= int(year) <= 2100:
        raise DomainError(_("Enter a valid year."), field="year")
    if enterprise_type and enterprise_type not in TYPE_ALIASES.values():
        raise DomainError(_("Unknown enterprise type."), field="enterprise_type")
    target, created = PurchaseTarget.objects.update_or_create(
        institution=institution, year=year, enterprise_type=enterprise_type, defaults={"amount": amount}
    )
    log_action(
        "market.target.set",
        actor=actor,
        target=target,
        data={"year": year, "amount": amount, "type": enterprise_type, "created": created},
    )
    return target


def _read_rows(content: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        import openpyxl

        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001  (openpyxl raises many kinds on a bad file)
            raise DomainError(_("The file could not be read as XLSX."), field="file") from error
        sheet = workbook.worksheets[0]
        return [
            ["" if c is None else (c.isoformat()[:10] if isinstance(c, dt.date) else str(c)) for c in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    for encoding in ("utf-8-sig", "cp949"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise DomainError(_("The file is neither UTF-8 nor CP949 text."), field="file")
    if "\x00" in text:
        raise DomainError(_("The file could not be read as CSV."), field="file")
    return [row for row in csv.reader(io.StringIO(text))]


def _header_map(rows: list[list[str]]) -> tuple[int, dict[str, int]]:
    """Find the header row (title rows may sit above it) and map our fields to its columns."""
    for index, row in enumerate(rows[:10]):
        cells = [str(c).strip().lower() for c in row]
        found = {}
        for field, names in IMPORT_COLUMNS.items():
            for position, cell in enumerate(cells):
                if cell in names:
                    found[field] = position
                    break
        if {"purchased_on", "enterprise_name", "amount"} <= set(found):
            return index, found
    raise DomainError(
        _("No header row found: the file needs the columns 구매일자, 기업명 and 금액."), field="file"
    )


def _parse_date(value: str) -> dt.date:
    text = value.strip()[:10].replace(".", "-").replace("/", "-")
    match = re.match(r"^(\d{4})-?(\d{1,2})-?(\d{1,2})$", text)
    if not match:
        raise ValueError(value)
    return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


@transaction.atomic
def purchase_import(*, actor: Any, institution: Institution, content: bytes, filename: str) -> dict[str, Any]:
    """Import purchases made outside Dure (CSV in UTF-8 or CP949, or XLSX).

    Every row is checked first; rows with errors are reported by line and skipped. A row already
    imported (same content at the same position among equal rows) is counted unchanged.
    """
    from dure.core.identifiers import brn_compact
    from dure.registry.models import Enterprise

    _check_institution_actor(actor, institution)
    rows = _read_rows(content, filename)
    header_index, columns = _header_map(rows)
    created = unchanged = 0
    rejected: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for offset, row in enumerate(rows[header_index + 1 :], start=header_index + 2):
        if not any(str(c).strip() for c in row):
            continue

        def cell(field: str, row: list[str] = row) -> str:
            position = columns.get(field)
            return str(row[position]).strip() if position is not None and position < len(row) else ""

        try:
            purchased_on = _parse_date(cell("purchased_on"))
        except ValueError:
            rejected.append({"line": offset, "message": _("The date is not valid.")})
            continue
        name = cell("enterprise_name")
        if not name:
            rejected.append({"line": offset, "message": _("The enterprise name is missing.")})
            continue
        amount_text = re.sub(r"[,\s원₩]", "", cell("amount"))
        if not re.fullmatch(r"-?\d+(\.0+)?", amount_text or "x"):
            rejected.append({"line": offset, "message": _("The amount is not a number of won.")})
            continue
        amount = int(float(amount_text))
        brn = brn_compact(cell("enterprise_brn")) if cell("enterprise_brn") else ""
        enterprise = Enterprise.objects.filter(brn=brn).first() if brn else None
        if enterprise is None:
            enterprise = Enterprise.objects.filter(name=name).exclude(status="closed").first()
        type_text = cell("enterprise_type")
        enterprise_type = TYPE_ALIASES.get(
            type_text.replace(" ", ""), type_text if type_text in TYPE_ALIASES.values() else ""
        )
        if not enterprise_type and enterprise is not None:
            enterprise_type = enterprise.primary_type
        fingerprint = "|".join([purchased_on.isoformat(), name, brn, cell("item"), str(amount)])
        seen[fingerprint] = seen.get(fingerprint, 0) + 1
        reference = "import:" + hashlib.sha256(f"{fingerprint}|{seen[fingerprint]}".encode()).hexdigest()[:40]
        _row, was_created = InstitutionPurchase.objects.get_or_create(
            institution=institution,
            reference=reference,
            defaults={
                "purchased_on": purchased_on,
                "enterprise": enterprise,
                "enterprise_name": name[:200],
                "enterprise_brn": brn if brn and len(brn) == 10 else (enterprise.brn if enterprise else ""),
                "enterprise_type": enterprise_type,
                "item": cell("item")[:300],
                "amount": amount,
                "source": PurchaseSource.IMPORTED,
            },
        )
        created += was_created
        unchanged += not was_created
    result = {"created": created, "unchanged": unchanged, "rejected": rejected}
    log_action(
        "market.purchases.imported",
        actor=actor,
        target=institution,
        data={"file": filename, "created": created, "unchanged": unchanged, "rejected": len(rejected)},
    )
    return result


def purchase_report(*, year: int, institution_pks: Any = None) -> dict[str, Any]:
    """Target, actual and rate per institution and per enterprise type for one year."""
    from dure.registry.models import DesignationType

    institutions = Institution.objects.all().order_by("name", "pk")
    if institution_pks is not None:
        institutions = institutions.filter(pk__in=list(institution_pks))
    pks = [i.pk for i in institutions]
    targets = PurchaseTarget.objects.filter(year=year, institution_id__in=pks)
    overall_target = {t.institution_id: t.amount for t in targets if t.enterprise_type == ""}
    type_target: dict[str, int] = defaultdict(int)
    for t in targets:
        if t.enterprise_type:
            type_target[t.enterprise_type] += t.amount
    purchases = InstitutionPurchase.objects.filter(
        institution_id__in=pks, purchased_on__gte=dt.date(year, 1, 1), purchased_on__lte=dt.date(year, 12, 31)
    )
    actual = {
        row["institution_id"]: int(row["total"] or 0)
        for row in purchases.values("institution_id").annotate(total=Sum("amount"))
    }
    from_dure = {
        row["institution_id"]: int(row["total"] or 0)
        for row in purchases.filter(source=PurchaseSource.DURE)
        .values("institution_id")
        .annotate(total=Sum("amount"))
    }
    type_actual = {
        row["enterprise_type"]: int(row["total"] or 0)
        for row in purchases.values("enterprise_type").annotate(total=Sum("amount"))
    }

    def rate(actual_amount: int, target_amount: int | None) -> float | None:
        if not target_amount:
            return None
        return round(actual_amount * 100 / target_amount, 1)

    institution_rows = [
        {
            "institution": i,
            "pk": i.pk,
            "name": i.name,
            "kind": i.kind,
            "target": overall_target.get(i.pk, 0),
            "actual": actual.get(i.pk, 0),
            "on_dure": from_dure.get(i.pk, 0),
            "imported": actual.get(i.pk, 0) - from_dure.get(i.pk, 0),
            "rate": rate(actual.get(i.pk, 0), overall_target.get(i.pk)),
        }
        for i in institutions
    ]
    type_rows = []
    for value, label in [*DesignationType.choices, ("", _("other / unknown"))]:
        if value == "" and not type_actual.get(""):
            continue
        type_rows.append(
            {
                "type": value,
                "label": str(label),
                "target": type_target.get(value, 0),
                "actual": type_actual.get(value, 0),
                "rate": rate(type_actual.get(value, 0), type_target.get(value)),
            }
        )
    total_target = sum(overall_target.values())
    total_actual = sum(actual.values())
    return {
        "year": year,
        "institutions": institution_rows,
        "types": type_rows,
        "total": {"target": total_target, "actual": total_actual, "rate": rate(total_actual, total_target)},
    }


# Consultation fairs (상담회) -----------------------------------------------------------------


@transaction.atomic
def fair_create(*, actor: Any, name: str, held_on: dt.date, venue: str = "", slot_minutes: int = 20) -> Fair:
    if actor is not None and not is_staff(actor):
        raise PermissionDeniedError(_("Only center staff may organise fairs."))
    if not str(name or "").strip():
        raise DomainError(_("A fair needs a name."), field="name")
    fair = Fair.objects.create(name=name.strip(), held_on=held_on, venue=venue, slot_minutes=slot_minutes)
    log_action("market.fair.created", actor=actor, target=fair)
    return fair


@transaction.atomic
def fair_need_create(
    *,
    actor: Any,
    fair: Fair,
    institution: Institution,
    title: str,
    description: str = "",
    budget: int | None = None,
) -> FairNeed:
    _check_institution_actor(actor, institution)
    if not str(title or "").strip():
        raise DomainError(_("Say what is needed."), field="title")
    if budget is not None and budget < 0:
        raise DomainError(_("The budget cannot be negative."), field="budget")
    need = FairNeed.objects.create(
        fair=fair, institution=institution, title=title.strip(), description=description, budget=budget
    )
    log_action("market.fair_need.created", actor=actor, target=need)
    return need


@transaction.atomic
def fair_answer_create(*, actor: Any, need: FairNeed, enterprise: Any, message: str) -> FairAnswer:
    from dure.market.access import can_manage_enterprise_pk

    if actor is not None and not can_manage_enterprise_pk(actor, enterprise.pk):
        raise PermissionDeniedError(_("You may only answer for your own enterprise."))
    if not str(message or "").strip():
        raise DomainError(_("Write your proposal."), field="message")
    answered = Conflict(_("Your enterprise has answered this need already."), code="answered")
    if FairAnswer.objects.filter(need=need, enterprise=enterprise).exists():
        raise answered
    answer = insert_once(
        lambda: FairAnswer.objects.create(need=need, enterprise=enterprise, message=message.strip()), answered
    )
    log_action("market.fair_answer.created", actor=actor, target=answer)
    return answer


@transaction.atomic
def fair_meeting_schedule(
    *,
    actor: Any,
    fair: Fair,
    institution: Institution,
    enterprise: Any,
    starts_at: dt.datetime,
    table: str = "",
) -> FairMeeting:
    """Book a 1:1 slot; neither side may be booked twice at the same time (database-enforced)."""
    if actor is not None and not is_staff(actor):
        raise PermissionDeniedError(_("Only center staff schedule meetings."))
    Fair.objects.select_for_update().get(pk=fair.pk)
    busy = FairMeeting.objects.filter(fair=fair, starts_at=starts_at)
    if busy.filter(institution=institution).exists() or busy.filter(enterprise=enterprise).exists():
        raise Conflict(_("One side already has a meeting at that time."), code="slot_taken")
    if table and busy.filter(table=table).exists():
        raise Conflict(_("That table is taken at that time."), code="table_taken")
    meeting = FairMeeting.objects.create(
        fair=fair, institution=institution, enterprise=enterprise, starts_at=starts_at, table=table
    )
    log_action("market.fair_meeting.scheduled", actor=actor, target=meeting)
    return meeting
