"""The import itself: read → map and validate every row → match → write in bulk, in one transaction.

Identity: an enterprise is the one with the row's 사업자등록번호; a row without one (or whose
number is not yet known) matches an enterprise with no number by normalised name and district.
Rows of one file that share an identity are merged into one enterprise in file order.
"""

from __future__ import annotations

import gc
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dure.core.audit import _jsonable, current_ip
from dure.core.models import AuditLog
from dure.registry.importing import bulk
from dure.registry.importing.headers import (
    EXPECTED_HEADERS,
    FORMATS,
    SIGNATURES,
    detect_format,
    find_header,
    headers_seen,
)
from dure.registry.importing.reader import Table, UnreadableFile, cell_text, read_tables
from dure.registry.importing.rows import ImportRow, Rejection, RowMapper
from dure.registry.models import Designation, Enterprise
from dure.registry.normalize import normalize_name
from dure.registry.services import primary_type_for

IMPORT_LOCK_KEY = 0x44555245_0003  # "DURE", issue 3
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
    headers_by_sheet: dict[str, list[str]] = field(default_factory=dict)
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
                "headers_by_sheet": self.headers_by_sheet,
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
    # A workbook with lists on several sheets: each sheet's header, by sheet name.
    headers_by_sheet: dict[str, list[str]] = field(default_factory=dict)


def _combined(parts: list[_Parsed]) -> _Parsed:
    """The lists of several sheets as one import; each rejection says its sheet."""
    for part in parts:
        for rejection in part.rejected:
            rejection.sheet = part.table.sheet
    formats = list(dict.fromkeys(part.fmt for part in parts))
    first = parts[0]
    return _Parsed(
        fmt=", ".join(formats),
        table=first.table,
        header_labels=first.header_labels,
        header_line=first.header_line,
        rows=[row for part in parts for row in part.rows],
        rejected=[rejection for part in parts for rejection in part.rejected],
        total=sum(part.total for part in parts),
        headers_by_sheet={part.table.sheet: part.header_labels for part in parts},
    )


def format_signatures() -> list[str]:
    """Each list format as staff choose it (its label, the code `--format` takes) and headers
    that tell it apart, for the message when a header fits none of them or several."""
    from dure.registry.models import ImportJob

    labels = dict(ImportJob.FORMAT_CHOICES)
    return [f"{labels[fmt]} ({fmt}): {', '.join(SIGNATURES[fmt][:3])}" for fmt in FORMATS]


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
    parts: list[_Parsed] = []
    unrecognised: UnreadableFile | None = None
    # Every sheet with a list in it is read: a workbook may hold one sheet per district or per
    # year. Sheets without a header (a cover page, notes) are passed over.
    with_header = [(table, header) for table in tables if (header := find_header(table)) is not None]
    if not with_header:
        for table in tables:
            found = found or headers_seen(table)
    lists = [
        (table, header, [(line, cells) for line, cells in table.rows if line > header.line])
        for table, header in with_header
    ]
    grand_total = sum(len(body) for _t, _h, body in lists)
    done = 0
    for table, header, body in lists:
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
                expected = format_signatures()
                unrecognised = unrecognised or UnreadableFile(
                    _(
                        "The list's format could not be recognised from its header (%(found)s). "
                        "Choose the format of the list and import it again: %(formats)s."
                    )
                    % {"found": ", ".join(h for h in header.labels if h), "formats": "; ".join(expected)},
                    found=[h for h in header.labels if h],
                    expected=expected,
                )
                continue
            chosen = detected
        mapper = RowMapper(header, chosen)
        rows: list[ImportRow] = []
        rejected: list[Rejection] = []
        for line, cells in body:
            outcome = mapper.map(line, cells)
            if isinstance(outcome, Rejection):
                rejected.append(outcome)
            else:
                rows.append(outcome)
            done += 1
            if progress is not None and done % 1000 == 0:
                progress(done, grand_total)
        parts.append(_Parsed(chosen, table, header.labels, header.line, rows, rejected, len(body)))
    if progress is not None and parts:
        progress(grand_total, grand_total)
    if len(parts) == 1:
        return parts[0]
    if parts:
        return _combined(parts)
    if unrecognised is not None:
        raise unrecognised
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
        key = _designation_key(row.designation)
        for designation in designations:
            if _designation_key(designation) == key:
                designation.update(row.designation)  # the same designation: the later row wins
                break
        else:
            designations.append(row.designation)
    return list(merged.values())


def _designation_key(values: dict[str, Any]) -> tuple[Any, ...]:
    start = values.get("start_date")
    return (values["type"], start, "" if start else (values.get("round") or values.get("number") or ""))


def _actor_parts(actor: Any) -> tuple[Any, str]:
    user = actor if getattr(actor, "is_authenticated", False) else None
    if user is not None:
        return user.pk, (getattr(user, "email", "") or str(user))[:200]
    return None, (actor if isinstance(actor, str) else "")[:200]


class _Audit:
    """AuditLog rows with log_action's semantics (actor, action, target, data), written in bulk."""

    def __init__(self, *, actor: Any, filename: str, now: Any):
        self.actor_id, self.actor_label = _actor_parts(actor)
        self.ip = current_ip.get()
        self.filename = filename
        self.now = now
        self.table = bulk.Table(AuditLog)
        self.rows: list[list[Any]] = []

    def log(self, action: str, pk: int, name: str, data: dict[str, Any]) -> None:
        self.rows.append(
            self.table.row(
                {
                    "created_at": self.now,
                    "actor_id": self.actor_id,
                    "actor_label": self.actor_label,
                    "action": action,
                    "target_type": TARGET_TYPE,
                    "target_pk": str(pk),
                    "target_repr": name[:300],
                    "data": {**data, "source": "import", "file": self.filename},
                    "ip": self.ip,
                    "personal_data": False,
                }
            )
        )

    def flush(self) -> None:
        # Nothing refers to an audit entry: the database numbers them as they arrive.
        self.table.insert(self.rows, with_pk=False)


def _designation_values(values: dict[str, Any], today: Any) -> dict[str, Any]:
    cleaned = {"authority": "", "number": "", "round": "", "start_date": None, "end_date": None, **values}
    if "is_active" not in values:
        cleaned["is_active"] = not (cleaned["end_date"] and cleaned["end_date"] < today)
    return cleaned


def write(
    entries: list[tuple[ImportRow, list[dict[str, Any]]]], *, actor: Any, filename: str
) -> tuple[int, int, int, list[int]]:
    """Create, update or leave each merged entry; returns (created, updated, unchanged, the pks
    of the enterprises created or changed)."""
    now = timezone.now()
    today = timezone.localdate()
    audit = _Audit(actor=actor, filename=filename, now=now)
    enterprises = bulk.Table(Enterprise)
    designations_table = bulk.Table(Designation)
    loaded = (
        "id",
        "brn",
        "name",
        "district_code",
        "primary_type",
        *[f for f in IMPORTED_FIELDS if f not in ("brn", "name", "district_code")],
    )
    existing = [
        dict(zip(loaded, values, strict=True))
        for values in Enterprise.objects.filter(merged_into__isnull=True).order_by("pk").values_list(*loaded)
    ]
    by_brn = {e["brn"]: e for e in existing if e["brn"]}
    by_name: dict[str, dict[str, Any]] = {}
    for enterprise in existing:
        if not enterprise["brn"]:
            by_name.setdefault(
                f"{normalize_name(enterprise['name'])}|{enterprise['district_code']}", enterprise
            )

    matched: list[tuple[dict[str, Any], ImportRow, list[dict[str, Any]]]] = []
    new: list[tuple[ImportRow, list[dict[str, Any]]]] = []
    for row, designations in entries:
        target = by_brn.get(row.brn) if row.brn else None
        if target is None and by_name:
            target = by_name.pop(f"{row.name_key}|{row.district}", None)
        if target is None:
            new.append((row, designations))
        else:
            matched.append((target, row, designations))

    # New enterprises and their designations.
    note = _("Imported without a business registration number; check it and add it.")
    ids = enterprises.reserve_ids(len(new))
    enterprise_rows = []
    designation_rows = []
    for pk, (row, designations) in zip(ids, new, strict=True):
        values = dict(row.values)
        if row.flagged:
            values["needs_review"] = True
            values["review_note"] = note
        cleaned = [_designation_values(d, today) for d in designations]
        values["primary_type"] = primary_type_for({d["type"] for d in cleaned if d["is_active"]})
        enterprise_rows.append(enterprises.row({**values, "id": pk, "created_at": now, "updated_at": now}))
        for designation in cleaned:
            designation_rows.append(
                designations_table.row(
                    {**designation, "enterprise_id": pk, "created_at": now, "updated_at": now}
                )
            )
        audit.log(
            "registry.enterprise.created", pk, row.values["name"], {"after": values, "designations": cleaned}
        )

    # Known enterprises: changed fields, new or changed designations.
    held: dict[int, list[dict[str, Any]]] = {}
    if matched:
        matched_ids = {e["id"] for e, _r, _d in matched}
        d_fields = ("id", "enterprise_id", "type", "start_date", *DESIGNATION_COMPARED)
        for values in Designation.objects.order_by("pk").values_list(*d_fields):
            if values[1] in matched_ids:
                held.setdefault(values[1], []).append(dict(zip(d_fields, values, strict=True)))
    enterprise_updates: list[dict[str, Any]] = []
    update_fields: set[str] = set()
    designation_updates: list[dict[str, Any]] = []
    designation_update_fields: set[str] = set()
    added: list[tuple[dict[str, Any], dict[str, Any]]] = []
    updated = unchanged = 0
    for enterprise, row, designations in matched:
        changes: dict[str, list[Any]] = {}
        for name, value in row.values.items():
            old = enterprise[name]
            if not _same(old, value):
                changes[name] = [old, value]
                enterprise[name] = value
        current = held.get(enterprise["id"], [])
        by_key = {_designation_key(d): d for d in current}
        touched = bool(changes)
        for values in designations:
            key = _designation_key(values)
            found = by_key.get(key)
            if found is None:
                designation = _designation_values(values, today)
                added.append((enterprise, designation))
                current.append(designation)
                by_key[key] = designation
                touched = True
                continue
            d_changes = {}
            for name in DESIGNATION_COMPARED:
                if name in values and not _same(found[name], values[name]):
                    d_changes[name] = [found[name], values[name]]
                    found[name] = values[name]
            if d_changes and found.get("id"):
                found["pk"] = found["id"]
                found["updated_at"] = now
                designation_updates.append(found)
                designation_update_fields.update(d_changes)
                audit.log(
                    "registry.designation.updated",
                    enterprise["id"],
                    enterprise["name"],
                    {"designation": found["id"], "changes": d_changes},
                )
                touched = True
        primary = primary_type_for({d["type"] for d in current if d["is_active"]})
        if primary != enterprise["primary_type"]:
            enterprise["primary_type"] = primary
            update_fields.add("primary_type")
            touched = True
        if changes:
            update_fields.update(changes)
            audit.log(
                "registry.enterprise.updated", enterprise["id"], enterprise["name"], {"changes": changes}
            )
        if touched:
            enterprise["pk"] = enterprise["id"]
            enterprise["updated_at"] = now
            enterprise_updates.append(enterprise)
            updated += 1
        else:
            unchanged += 1

    added_ids = designations_table.reserve_ids(len(designation_rows) + len(added))
    for designation_row, pk in zip(designation_rows, added_ids, strict=False):
        designation_row[designations_table.index["id"]] = pk
    for (enterprise, designation), pk in zip(added, added_ids[len(designation_rows) :], strict=True):
        designation_rows.append(
            designations_table.row(
                {
                    **designation,
                    "id": pk,
                    "enterprise_id": enterprise["id"],
                    "created_at": now,
                    "updated_at": now,
                }
            )
        )
        audit.log(
            "registry.designation.added",
            enterprise["id"],
            enterprise["name"],
            {"designation": pk, "after": designation},
        )
    enterprises.insert(enterprise_rows)
    designations_table.insert(designation_rows)
    enterprises.update(sorted(update_fields | {"updated_at"}), enterprise_updates)
    designations_table.update(sorted(designation_update_fields | {"updated_at"}), designation_updates)
    audit.flush()
    return len(new), updated, unchanged, [*ids, *(e["id"] for e in enterprise_updates)]


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
    # Hundreds of thousands of short-lived dicts and lists: the cyclic collector would run again
    # and again over them for nothing (15–20 % of a large import). It runs once at the end.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _import_file(data, filename=filename, fmt=fmt, dry_run=dry_run, actor=actor, progress=progress)
    finally:
        if collecting:
            gc.enable()


def _import_file(
    data: bytes,
    *,
    filename: str,
    fmt: str,
    dry_run: bool,
    actor: Any,
    progress: Progress | None,
) -> ImportResult:
    parsed = parse_file(data, filename=filename, fmt=fmt, progress=progress)
    result = ImportResult(
        format=parsed.fmt,
        rejected=parsed.rejected,
        headers=parsed.header_labels,
        header_line=parsed.header_line,
        headers_by_sheet=parsed.headers_by_sheet,
        rows_total=parsed.total,
        dry_run=dry_run,
        flagged=sum(1 for row in parsed.rows if row.flagged),
    )
    entries = _merge_rows(parsed.rows)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # One import at a time: the identity snapshot must not go stale under another import.
            # (SQLite's IMMEDIATE transactions already serialise writers.)
            # The enterprise table is locked against writes (reads go on) until the import commits,
            # so no enterprise can appear or change between the identity snapshot and the writes.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [IMPORT_LOCK_KEY])
                cursor.execute(
                    f"LOCK TABLE {connection.ops.quote_name(Enterprise._meta.db_table)} "
                    "IN SHARE ROW EXCLUSIVE MODE"
                )
        result.created, result.updated, result.unchanged, touched = write(
            entries, actor=actor, filename=filename
        )
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
        elif touched:
            # The portal's search index follows in the background, so a big import stays fast.
            from dure.portal.tasks import search_reindex_enterprises

            transaction.on_commit(lambda: search_reindex_enterprises.enqueue(enterprise_pks=list(touched)))
    return result


__all__ = ["ImportResult", "UnreadableFile", "import_file", "parse_file"]
