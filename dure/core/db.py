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
from typing import Any, TypeVar

import psycopg
from django.db import connection
from django.db.models import Model

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


def models_by_column(model: type[M], column: str, values: list[Any], *, order_by: str = "") -> list[M]:
    """Instances of `model` whose `column` is one of `values`: one plain SELECT.

    On PostgreSQL a prepared statement (`column = ANY(%s)`: one text, one plan, for any number
    of values); elsewhere a raw queryset. Every concrete field is read, as the ORM would. Only
    for models whose fields need no conversion from the database (checked: a field with
    `from_db_value` is refused), since the rows are not passed through the ORM's converters.
    """
    if not values:
        return []
    fields = model._meta.concrete_fields
    converted = [field.name for field in fields if hasattr(field, "from_db_value")]
    if converted:
        raise ValueError(f"{model.__name__} has fields read through converters: {converted}")
    names = [field.attname for field in fields]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(field.column or field.attname) for field in fields)
    order = f" ORDER BY {order_by}" if order_by else ""
    if connection.vendor == "postgresql":
        sql = f"SELECT {columns} FROM {table} WHERE {quote(column)} = ANY(%s){order}"  # noqa: S608
        rows = fetch_prepared(sql, [list(values)])
        return [model.from_db(connection.alias, names, row) for row in rows]
    placeholders = ", ".join(["%s"] * len(values))
    sql = f"SELECT {columns} FROM {table} WHERE {quote(column)} IN ({placeholders}){order}"  # noqa: S608
    return list(model._default_manager.raw(sql, list(values)))
