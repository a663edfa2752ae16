"""Prepared statements and plain model reads for the few hot paths (PostgreSQL).

Django binds parameters on the client and never prepares a statement, so PostgreSQL parses and
plans every query anew. For the handful of statements every search page runs (the ranked tiers,
the count, the page's enterprises and their designations: portal/search/query.py,
portal/selectors.py, registry/selectors.py) planning and Django's query compiler cost more than
running them. These helpers run such a statement as a server-side prepared statement on
Django's own connection, planned once per connection.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import psycopg
from django.db import IntegrityError, connection, transaction
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)


def fetch_prepared(sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
    """Rows of `sql` run as a server-side prepared statement on Django's connection (PostgreSQL).

    Use it only for statements whose text is the same for every call of the same shape (values
    are parameters) and whose plan does not depend on the values: the connection's
    `plan_cache_mode` is `force_generic_plan` (settings), so each connection plans a shape once
    and keeps that plan. Planning a search tier of 7 to 42 parts cost more than running it, and
    PostgreSQL's own choice kept re-planning them.

    The statement runs through a psycopg server-binding cursor on the same connection (same
    transaction), with Django's error wrapping, and is logged like Django's own queries when
    queries are being recorded.
    """
    connection.ensure_connection()
    started = time.perf_counter()
    with connection.wrap_database_errors, psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(sql, params, prepare=True)
        rows = cursor.fetchall()
    if connection.queries_logged:
        connection.queries_log.append(
            {"sql": f"{sql} -- {params!r}", "time": f"{time.perf_counter() - started:.3f}"}
        )
    return rows


def fetch_prepared_together(statements: list[tuple[str, list[Any]]]) -> list[list[tuple[Any, ...]]]:
    """The rows of each statement, as `fetch_prepared`, all sent before any result is read.

    In psycopg's pipeline mode the statements travel to PostgreSQL together and their results
    come back together: one wait for the server instead of one per statement. A single
    statement, or a libpq without pipeline mode, runs as `fetch_prepared`.
    """
    if len(statements) <= 1 or not psycopg.Pipeline.is_supported():
        return [fetch_prepared(sql, params) for sql, params in statements]
    connection.ensure_connection()
    started = time.perf_counter()
    raw = connection.connection
    with connection.wrap_database_errors:
        cursors = [psycopg.Cursor(raw) for _ in statements]
        try:
            with raw.pipeline():
                for cursor, (sql, params) in zip(cursors, statements, strict=True):
                    cursor.execute(sql, params, prepare=True)
                results = [cursor.fetchall() for cursor in cursors]
        finally:
            for cursor in cursors:
                cursor.close()
    if connection.queries_logged:
        elapsed = f"{time.perf_counter() - started:.3f}"
        for sql, params in statements:
            connection.queries_log.append({"sql": f"{sql} -- {params!r}", "time": elapsed})
    return results


@dataclass(frozen=True)
class ColumnRead:
    """One `models_by_column` read: instances of `model` whose `column` is one of `values`.

    `fields` (attribute names, the primary key among them) limits the columns read: the other
    fields are deferred, as with `QuerySet.only()`, and reading one costs a query. Every
    concrete field is read when it is empty.
    """

    model: type[Model]
    column: str
    values: list[Any]
    order_by: str = ""
    fields: tuple[str, ...] = ()


def models_by_column(
    model: type[M], column: str, values: list[Any], *, order_by: str = "", fields: tuple[str, ...] = ()
) -> list[M]:
    """Instances of `model` whose `column` is one of `values`: one plain SELECT.

    On PostgreSQL a prepared statement (`column = ANY(%s)`: one text, one plan, for any number
    of values); elsewhere a raw queryset. Every concrete field is read, as the ORM would, unless
    `fields` names the ones wanted (see `ColumnRead`). Only for models whose fields need no
    conversion from the database (checked: a field with `from_db_value` is refused), since the
    rows are not passed through the ORM's converters.
    """
    (found,) = models_by_columns([ColumnRead(model, column, values, order_by, fields)])
    return found  # type: ignore[return-value]


def models_by_columns(reads: list[ColumnRead]) -> list[list[Model]]:
    """`models_by_column` for each read, in one round trip to PostgreSQL (a psycopg pipeline).

    A page of search results and its enterprises' designations are two reads that do not depend
    on each other; sent together, they wait for the server once. Elsewhere they run in turn.
    """
    statements = [_column_read_sql(read) for read in reads]
    if connection.vendor == "postgresql":
        asked = [i for i, read in enumerate(reads) if read.values]  # no values: no statement
        rows = fetch_prepared_together([statements[i][:2] for i in asked])
        rows_of: dict[int, list[tuple[Any, ...]]] = dict(zip(asked, rows, strict=True))
        return [
            [read.model.from_db(connection.alias, names, row) for row in rows_of.get(i, [])]
            for i, (read, (_sql, _params, names)) in enumerate(zip(reads, statements, strict=True))
        ]
    found: list[list[Model]] = []
    for read, (sql, _params, _names) in zip(reads, statements, strict=True):
        if not read.values:
            found.append([])
            continue
        placeholders = ", ".join(["%s"] * len(read.values))
        raw_sql = sql.replace("= ANY(%s)", f"IN ({placeholders})")
        # A raw queryset applies the backend's converters (SQLite stores dates as text).
        found.append(list(read.model._default_manager.raw(raw_sql, list(read.values))))
    return found


def _column_read_sql(read: ColumnRead) -> tuple[str, list[Any], list[str]]:
    """(`SELECT … WHERE column = ANY(%s)`, [values], the attribute names of the columns)."""
    model = read.model
    fields: list[Field[Any, Any]] = list(model._meta.concrete_fields)
    converted = [field.name for field in fields if hasattr(field, "from_db_value")]
    if converted:
        raise ValueError(f"{model.__name__} has fields read through converters: {converted}")
    if read.fields:
        by_attname = {field.attname: field for field in fields}
        unknown = [name for name in read.fields if name not in by_attname]
        if unknown:
            raise ValueError(f"{model.__name__} has no concrete fields {unknown}")
        if model._meta.pk is None or model._meta.pk.attname not in read.fields:
            raise ValueError(f"a read of {model.__name__} must include its primary key")
        # In the model's own order: `Model.from_db` pairs a partial row with the concrete fields
        # in that order.
        wanted = set(read.fields)
        fields = [field for field in fields if field.attname in wanted]
    names = [field.attname for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    order = f" ORDER BY {read.order_by}" if read.order_by else ""
    sql = f"SELECT {columns} FROM {table} WHERE {quote(read.column)} = ANY(%s){order}"  # noqa: S608
    return sql, [list(read.values)], names


Created = TypeVar("Created")


def insert_once(create: Callable[[], Created], refusal: Exception) -> Created:
    """Run `create` (one INSERT guarded by a unique constraint) in a savepoint; when the
    constraint refuses it, raise `refusal` instead of the IntegrityError.

    A service checks "already exists?" first for the message; two identical requests at once
    both pass that check, and the loser must get the same message, not a server error.
    """
    try:
        with transaction.atomic():
            return create()
    except IntegrityError as error:
        raise refusal from error
