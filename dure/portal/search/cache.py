"""A short-lived cache of search pages in each server process, never older than the index.

Ranking a broad query (`협동조합` matches 16,000 enterprises) costs tens of milliseconds on
PostgreSQL even with the GIN indexes: the index lists must be intersected and the matches sorted
by title. What the search returns for a normalised query (its terms, filters, sort, page) only
changes when the index changes, so the ranked primary keys and the count are kept for
`DURE_SEARCH_CACHE_SECONDS` per process, keyed by the index's version token.

Every write to the index (search/index.py) replaces the token in the same transaction
(`bump_version`), so once a change is committed every process reads the new token and misses;
an uncommitted or rolled-back change's token is never seen by anyone else. Reading the token is
one primary-key lookup per search. Only primary keys and counts are kept: the enterprises and
products shown are always read fresh.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection

from dure.portal.models import SearchIndexVersion

T = TypeVar("T")

MAX_ENTRIES = 2_000

_entries: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
_lock = threading.Lock()
_stats = {"hits": 0, "misses": 0}


def ttl_seconds() -> float:
    return float(getattr(settings, "DURE_SEARCH_CACHE_SECONDS", 0) or 0)


def index_version() -> str | None:
    """The current token, or None when there is no version row (then nothing is cached)."""
    table = connection.ops.quote_name(SearchIndexVersion._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {table} WHERE id = 1")  # noqa: S608 (a model's own table)
        row = cursor.fetchone()
    return row[0] if row else None


def bump_version() -> None:
    """Give the index a new token; call inside the transaction that changes the index."""
    token = uuid.uuid4().hex
    if not SearchIndexVersion.objects.filter(pk=1).update(token=token):
        SearchIndexVersion.objects.update_or_create(pk=1, defaults={"token": token})


def lookup(key: Hashable) -> tuple[str | None, Any]:
    """(the index's version token, the value kept for `key` or None).

    The token is None when nothing may be kept (the cache is off, or there is no version row);
    give it back to `store()` with the value computed on a miss.
    """
    if ttl_seconds() <= 0:
        return None, None
    version = index_version()
    if version is None:
        return None, None
    now = time.monotonic()
    with _lock:
        entry = _entries.get((version, key))
        if entry is not None and entry[0] > now:
            _entries.move_to_end((version, key))
            _stats["hits"] += 1
            return version, entry[1]
    return version, None


def store(version: str | None, key: Hashable, value: Any) -> None:
    """Keep `value` for `key` under the token `lookup()` gave (nothing when it gave None)."""
    if version is None:
        return
    with _lock:
        _stats["misses"] += 1
        _entries[(version, key)] = (time.monotonic() + ttl_seconds(), value)
        _entries.move_to_end((version, key))
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()`, or its value from the last `ttl_seconds()` if the index has not changed since."""
    version, value = lookup(key)
    if value is None:
        value = compute()
        store(version, key, value)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
        _stats.update(hits=0, misses=0)


def stats() -> dict[str, int]:
    with _lock:
        return dict(_stats, entries=len(_entries))
