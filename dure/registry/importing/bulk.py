"""Fast bulk writes for the import's hot path.

Django's bulk_create compiles every value of every row through the field machinery, which costs
more than the whole rest of an import. Here the rows are plain tuples: primary keys are reserved
up front (from the sequence on PostgreSQL; above the current maximum on SQLite, where the import's
IMMEDIATE transaction holds the write lock), PostgreSQL receives them with COPY, SQLite with one
executemany. Every concrete column is written, defaults taken from the model fields.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.db import connection, models


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, set | frozenset):
        return sorted(value)
    return str(value)


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=_json_default)


def _column(field: models.Field[Any, Any]) -> str:
    """The quoted database column of a concrete field."""
    if field.column is None:  # never for a concrete field
        raise ValueError(f"{field} has no database column")
    return connection.ops.quote_name(field.column)


def _concrete_field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):  # a reverse relation: nothing to write
        raise ValueError(f"{model.__name__}.{name} is not a concrete field")
    return field


def _converter(field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of this field becomes a database value (None: as it is)."""
    sqlite = connection.vendor == "sqlite"
    if isinstance(field, models.JSONField):
        return dumps
    if isinstance(field, models.DateTimeField):
        if not sqlite:
            return None
        adapt = connection.ops.adapt_datetimefield_value
        cache: dict[Any, Any] = {}

        def convert(value: Any) -> Any:
            # An import stamps every row with the same "now": adapt it once.
            if value not in cache:
                cache[value] = adapt(value)
            return cache[value]

        return convert
    if isinstance(field, models.DateField):
        return (lambda v: v.isoformat()) if sqlite else None
    if isinstance(field, models.DecimalField):
        return (lambda v: str(v)) if sqlite else None
    return None


class Table:
    """The columns of one model, their defaults and converters."""

    def __init__(self, model: type[models.Model]):
        self.model = model
        self.fields = [f for f in model._meta.concrete_fields]
        self.names = [f.attname for f in self.fields]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.defaults = [None if f.primary_key else f.get_default() for f in self.fields]
        self.converters = [(i, c) for i, f in enumerate(self.fields) if (c := _converter(f)) is not None]
        self.quoted_table = connection.ops.quote_name(model._meta.db_table)
        self.quoted_columns = [_column(f) for f in self.fields]

    def row(self, values: dict[str, Any]) -> list[Any]:
        row = list(self.defaults)
        index = self.index
        for name, value in values.items():
            row[index[name]] = value
        return row

    def prepare(self, row: list[Any]) -> list[Any]:
        for i, convert in self.converters:
            value = row[i]
            if value is not None:
                row[i] = convert(value)
        return row

    def reserve_ids(self, count: int) -> list[int]:
        if count == 0:
            return []
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # One block of the sequence instead of `count` nextval calls (~6 µs each). The
                # table lock (until the transaction ends) keeps every other INSERT — and so every
                # other nextval of this table's sequence — out while the block is taken.
                cursor.execute(f"LOCK TABLE {self.quoted_table} IN SHARE ROW EXCLUSIVE MODE")
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s))",
                    [self.model._meta.db_table, self.model._meta.pk.column],
                )
                first = cursor.fetchone()[0]
                if count > 1:
                    cursor.execute(
                        "SELECT setval(pg_get_serial_sequence(%s, %s), %s)",
                        [self.model._meta.db_table, self.model._meta.pk.column, first + count - 1],
                    )
                return list(range(first, first + count))
            cursor.execute(
                # Identifiers from the model's meta, quoted; no user input reaches the SQL text.
                f"SELECT COALESCE(MAX({_column(self.model._meta.pk)}), 0) "  # noqa: S608
                f"FROM {self.quoted_table}"
            )
            top = cursor.fetchone()[0]
            cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [self.model._meta.db_table])
            found = cursor.fetchone()
            top = max(top, found[0] if found else 0)
            return list(range(top + 1, top + 1 + count))

    def insert(self, rows: Sequence[list[Any]], *, with_pk: bool = True) -> None:
        """Insert rows (from `row`); converts them in place. With `with_pk` the rows carry their
        reserved primary key; without it the database numbers them (rows nobody refers to yet)."""
        if not rows:
            return
        pk_index = self.index[self.model._meta.pk.attname]
        keep = [i for i in range(len(self.fields)) if with_pk or i != pk_index]
        columns = ", ".join(self.quoted_columns[i] for i in keep)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # The driver's own cursor: its errors become Django's (IntegrityError, …) here.
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {self.quoted_table} ({columns}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        row = self.prepare(row)
                        copy.write_row(row if with_pk else [row[i] for i in keep])
                return
            marks = ", ".join(["%s"] * len(keep))
            sql = f"INSERT INTO {self.quoted_table} ({columns}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(rows), 5000):
                batch = [self.prepare(row) for row in rows[start : start + 5000]]
                cursor.executemany(sql, batch if with_pk else [[row[i] for i in keep] for row in batch])

    def update(self, names: Iterable[str], rows: Sequence[dict[str, Any]]) -> None:
        """UPDATE … SET names WHERE pk, one statement executed many times (rows carry 'pk')."""
        names = list(names)
        if not rows or not names:
            return
        fields = [_concrete_field(self.model, n) for n in names]
        converters = [_converter(f) for f in fields]
        sets = ", ".join(f"{_column(f)} = %s" for f in fields)
        pk = _column(self.model._meta.pk)
        sql = f"UPDATE {self.quoted_table} SET {sets} WHERE {pk} = %s"  # noqa: S608
        params = []
        for row in rows:
            values = []
            for name, convert in zip(names, converters, strict=True):
                value = row[name]
                values.append(convert(value) if convert is not None and value is not None else value)
            values.append(row["pk"])
            params.append(values)
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
