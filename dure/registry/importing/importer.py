"""The import itself: read → map and validate every row → match → write in bulk, in one transaction.

Identity: an enterprise is the one with the row's 사업자등록번호; a row without one (or whose
number is not yet known) matches an enterprise with no number by normalised name and district.
Rows of one file that share an identity are merged into one enterprise in file order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import _jsonable, current_ip
from dure.core.models import AuditLog
from dure.registry.importing.headers import (
    EXPECTED_HEADERS,
    FORMATS,
    detect_format,
    find_header,
    headers_seen,
)
from dure.registry.importing.reader import Table, UnreadableFile, cell_text, read_tables
from dure.registry.importing.rows import ImportRow, Rejection, RowMapper
from dure.registry.models import Designation, Enterprise
from dure.registry.normalize import normalize_name
from dure.registry.services import primary_type_for

BATCH = 500
TARGET_TYPE = "registry.enterprise"
# Enterprise fields an import may set (what the official lists carry).
IMPORTED_FIELDS = (
    "name",
    "brn",
    "crn",
    "representative",
    "address",
    "district_code",
    "phone",
    "website",
    "founded_on",
    "ksic_code",
    "industry",
    "description",
    "social_purpose",
    "legal_form",
)
DESIGNATION_COMPARED = ("authority", "number", "round", "end_date", "is_active")

Progress = Callable[[int, int], None]


@dataclass
class ImportResult:
    format: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0
    rejected: list[Rejection] = field(default_factory=list)
    headers: list[str] = field(default_factory=list)
    header_line: int = 0
    rows_total: int = 0
    dry_run: bool = False

    def summary(self) -> dict[str, Any]:
        """The command's --json object."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "flagged": self.flagged,
            "rejected": [r.public() for r in self.rejected],
        }

    def stored(self) -> dict[str, Any]:
        """What an ImportJob keeps: the summary plus the rejected rows' cells and the header."""
        data = self.summary()
        data["rejected"] = [{**r.public(), "values": r.values} for r in self.rejected]
        data.update(
            {
                "format": self.format,
                "headers": self.headers,
                "header_line": self.header_line,
                "rows_total": self.rows_total,
                "dry_run": self.dry_run,
            }
        )
        return data


@dataclass
class _Parsed:
    fmt: str
    table: Table
    header_labels: list[str]
    header_line: int
    rows: list[ImportRow]
    rejected: list[Rejection]
    total: int


def parse_file(
    data: bytes, *, filename: str = "", fmt: str = "auto", progress: Progress | None = None
) -> _Parsed:
    """Read, find the header, detect the format, map and validate every row. No database access."""
    if fmt != "auto" and fmt not in FORMATS:
        raise UnreadableFile(_("Unknown format %(format)s.") % {"format": fmt}, expected=list(FORMATS))
    try:
        tables = read_tables(data, filename)
    except UnreadableFile as error:
        error.expected = error.expected or EXPECTED_HEADERS
        error.message = " ".join(
            [
                error.message,
                _("Headers found: %(found)s. Expected headers such as: %(expected)s.")
                % {"found": _("(none)"), "expected": ", ".join(EXPECTED_HEADERS)},
            ]
        )
        raise
    found: list[str] = []
    for table in tables:
        header = find_header(table)
        if header is None:
            found = found or headers_seen(table)
            continue
        body = [(line, cells) for line, cells in table.rows if line > header.line]
        chosen = fmt
        if fmt == "auto":
            kind_index = header.columns.get("kind")
            kinds = [
                cell_text(c[kind_index])
                for _l, c in body[:50]
                if kind_index is not None and kind_index < len(c)
            ]
            detected = detect_format(header, kinds)
            if detected is None:
                raise UnreadableFile(
                    _(
                        "The list's format could not be recognised from its header (%(found)s). "
                        "Choose the format: %(formats)s."
                    )
                    % {"found": ", ".join(h for h in header.labels if h), "formats": ", ".join(FORMATS)},
                    found=[h for h in header.labels if h],
                    expected=list(FORMATS),
                )
            chosen = detected
        mapper = RowMapper(header, chosen)
        rows: list[ImportRow] = []
        rejected: list[Rejection] = []
        total = len(body)
        for index, (line, cells) in enumerate(body, start=1):
            outcome = mapper.map(line, cells)
            if isinstance(outcome, Rejection):
                rejected.append(outcome)
            else:
                rows.append(outcome)
            if progress is not None and index % 1000 == 0:
                progress(index, total)
        if progress is not None:
            progress(total, total)
        return _Parsed(chosen, table, header.labels, header.line, rows, rejected, total)
    raise UnreadableFile(
        " ".join(
            [
                _("No header row was found."),
                _("Headers found: %(found)s. Expected headers such as: %(expected)s.")
                % {"found": ", ".join(found) or _("(none)"), "expected": ", ".join(EXPECTED_HEADERS)},
            ]
        ),
        found=found,
        expected=EXPECTED_HEADERS,
    )


def _same(old: Any, new: Any) -> bool:
    if old is None or old == "":
        return new is None or new == ""
    return old == new


def _merge_rows(rows: list[ImportRow]) -> list[tuple[ImportRow, list[dict[str, Any]]]]:
    """One entry per identity in file order: merged enterprise values + all its designations."""
    merged: dict[tuple[str, str], tuple[ImportRow, list[dict[str, Any]]]] = {}
    for row in rows:
        entry = merged.get(row.key)
        if entry is None:
            merged[row.key] = (row, [row.designation])
            continue
        first, designations = entry
        first.values.update(row.values)
        if row.designation not in designations:
            designations.append(row.designation)
    return list(merged.values())


def _designation_key(values: dict[str, Any]) -> tuple[Any, ...]:
    start = values.get("start_date")
    return (values["type"], start, "" if start else (values.get("round") or values.get("number") or ""))


class _Writer:
    def __init__(self, *, actor: Any, filename: str):
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.user = actor if getattr(actor, "is_authenticated", False) else None
        label = getattr(self.user, "email", "") if self.user else (actor if isinstance(actor, str) else "")
        self.actor_label = (label or "")[:200]
        self.ip = current_ip.get()
        self.filename = filename
        self.audit: list[AuditLog] = []

    def log(self, action: str, enterprise: Enterprise, data: dict[str, Any]) -> None:
        self.audit.append(
            AuditLog(
                actor=self.user,
                actor_label=self.actor_label,
                action=action,
                target_type=TARGET_TYPE,
                target_pk=str(enterprise.pk),
                target_repr=str(enterprise.name)[:300],
                data=_jsonable({**data, "source": "import", "file": self.filename}),
                ip=self.ip,
            )
        )

    def designation(self, enterprise_id: int | None, values: dict[str, Any]) -> Designation:
        cleaned = {"authority": "", "number": "", "round": "", "is_active": True, **values}
        if cleaned.get("end_date") and "is_active" not in values:
            cleaned["is_active"] = cleaned["end_date"] >= self.today
        return Designation(enterprise_id=enterprise_id, created_at=self.now, updated_at=self.now, **cleaned)


def write(
    entries: list[tuple[ImportRow, list[dict[str, Any]]]], *, actor: Any, filename: str
) -> tuple[int, int, int]:
    """Create, update or leave each merged entry; returns (created, updated, unchanged)."""
    writer = _Writer(actor=actor, filename=filename)
    fields = ("pk", "brn", "name", "district_code", "primary_type", *IMPORTED_FIELDS)
    existing = list(Enterprise.objects.filter(merged_into__isnull=True).only(*fields).order_by("pk"))
    by_brn = {e.brn: e for e in existing if e.brn}
    by_name: dict[str, Enterprise] = {}
    for enterprise in existing:
        if not enterprise.brn:
            by_name.setdefault(f"{normalize_name(enterprise.name)}|{enterprise.district_code}", enterprise)

    matched: list[tuple[Enterprise, ImportRow, list[dict[str, Any]]]] = []
    new: list[tuple[ImportRow, list[dict[str, Any]]]] = []
    for row, designations in entries:
        target = by_brn.get(row.brn) if row.brn else None
        if target is None:
            target = by_name.pop(f"{row.name_key}|{row.district}", None)
        if target is None:
            new.append((row, designations))
        else:
            matched.append((target, row, designations))

    # Existing designations of the matched enterprises, and every active type they hold.
    matched_ids = {e.pk for e, _r, _d in matched}
    held: dict[int, list[Designation]] = {}
    if matched_ids:
        for designation in Designation.objects.only(
            "pk", "enterprise_id", "type", "start_date", *DESIGNATION_COMPARED
        ).iterator(chunk_size=5000):
            if designation.enterprise_id in matched_ids:
                held.setdefault(designation.enterprise_id, []).append(designation)

    note = _("Imported without a business registration number; check it and add it.")
    # New enterprises.
    to_create: list[Enterprise] = []
    for row, designations in new:
        values = dict(row.values)
        if row.flagged:
            values["needs_review"] = True
            values["review_note"] = note
        types = {d["type"] for d in designations if d.get("is_active", True)}
        to_create.append(
            Enterprise(
                **values, primary_type=primary_type_for(types), created_at=writer.now, updated_at=writer.now
            )
        )
    Enterprise.objects.bulk_create(to_create, batch_size=BATCH)
    new_designations: list[Designation] = []
    for enterprise, (row, designations) in zip(to_create, new, strict=True):
        for values in designations:
            new_designations.append(writer.designation(enterprise.pk, values))
        after = {k: v for k, v in row.values.items() if v not in ("", None)}
        if row.flagged:
            after["needs_review"] = True
        writer.log(
            "registry.enterprise.created",
            enterprise,
            {"after": after, "designations": designations},
        )

    # Known enterprises: changed fields, new or changed designations.
    to_update: list[Enterprise] = []
    update_fields: set[str] = set()
    changed_designations: list[Designation] = []
    changed_designation_fields: set[str] = set()
    added_to_known: list[tuple[Enterprise, Designation]] = []
    updated = unchanged = 0
    for enterprise, row, designations in matched:
        changes: dict[str, list[Any]] = {}
        for name, value in row.values.items():
            old = getattr(enterprise, name)
            if not _same(old, value):
                changes[name] = [old, value]
                setattr(enterprise, name, value)
        current = held.get(enterprise.pk, [])
        by_key = {
            _designation_key(
                {"type": d.type, "start_date": d.start_date, "round": d.round, "number": d.number}
            ): d
            for d in current
        }
        touched = bool(changes)
        for values in designations:
            found = by_key.get(_designation_key(values))
            if found is None:
                designation = writer.designation(enterprise.pk, values)
                added_to_known.append((enterprise, designation))
                current.append(designation)
                by_key[_designation_key(values)] = designation
                touched = True
                continue
            d_changes = {}
            for name in DESIGNATION_COMPARED:
                if name in values and not _same(getattr(found, name), values[name]):
                    d_changes[name] = [getattr(found, name), values[name]]
                    setattr(found, name, values[name])
            if d_changes and found.pk:
                found.updated_at = writer.now
                changed_designations.append(found)
                changed_designation_fields.update(d_changes)
                writer.log(
                    "registry.designation.updated",
                    enterprise,
                    {"designation": found.pk, "changes": d_changes},
                )
                touched = True
        primary = primary_type_for({d.type for d in current if d.is_active})
        if primary != enterprise.primary_type:
            enterprise.primary_type = primary
            update_fields.add("primary_type")
            touched = True
        if changes:
            update_fields.update(changes)
            writer.log("registry.enterprise.updated", enterprise, {"changes": changes})
        if touched:
            enterprise.updated_at = writer.now
            to_update.append(enterprise)
            updated += 1
        else:
            unchanged += 1
    if to_update:
        Enterprise.objects.bulk_update(to_update, sorted(update_fields | {"updated_at"}), batch_size=BATCH)
    if changed_designations:
        Designation.objects.bulk_update(
            changed_designations, sorted(changed_designation_fields | {"updated_at"}), batch_size=BATCH
        )
    Designation.objects.bulk_create(new_designations + [d for _e, d in added_to_known], batch_size=BATCH)
    for enterprise, designation in added_to_known:
        after = {
            name: getattr(designation, name)
            for name in ("type", "authority", "number", "start_date", "end_date", "round", "is_active")
        }
        writer.log("registry.designation.added", enterprise, {"designation": designation.pk, "after": after})
    AuditLog.objects.bulk_create(writer.audit, batch_size=BATCH)
    return len(to_create), updated, unchanged


def import_file(
    data: bytes,
    *,
    filename: str = "",
    fmt: str = "auto",
    dry_run: bool = False,
    actor: Any = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import one file atomically. Raises UnreadableFile (nothing written) when it cannot be read."""
    parsed = parse_file(data, filename=filename, fmt=fmt, progress=progress)
    result = ImportResult(
        format=parsed.fmt,
        rejected=parsed.rejected,
        headers=parsed.header_labels,
        header_line=parsed.header_line,
        rows_total=parsed.total,
        dry_run=dry_run,
        flagged=sum(1 for row in parsed.rows if row.flagged),
    )
    entries = _merge_rows(parsed.rows)
    with transaction.atomic():
        result.created, result.updated, result.unchanged = write(entries, actor=actor, filename=filename)
        AuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            actor_label=(
                getattr(actor, "email", "")
                if getattr(actor, "is_authenticated", False)
                else (actor if isinstance(actor, str) else "")
            )[:200],
            action="registry.import.completed",
            data=_jsonable({"file": filename, **result.summary(), "format": parsed.fmt}),
            ip=current_ip.get(),
        )
        if dry_run:
            transaction.set_rollback(True)
    return result


__all__ = ["ImportResult", "UnreadableFile", "import_file", "parse_file"]
