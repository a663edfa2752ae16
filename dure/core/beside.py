"""Run a read beside the request, on a second database connection.

A search page needs two independent reads: the ranked page and the (capped) count. On
PostgreSQL each is one backend's work, so the count can run on another connection while the
request's own connection ranks: the page then costs the longer of the two, not their sum.

    count = beside(capped_count, query, kind=kind)   # starts now, where it can
    ...                                               # the request's own reads
    n, capped = count()                               # waits for it (or runs it now)

`beside()` starts the call on this process's side thread, which has its own Django connection
(persistent, `CONN_MAX_AGE`, and checked before and after each call like a request's). It runs
the call in the caller's thread instead, only when and if its result is asked for, whenever
another connection could give a different or no better answer:

- not PostgreSQL (SQLite is embedded: one file, one writer, nothing to gain);
- inside a transaction (`atomic`): another connection would not see its uncommitted rows, and
  tests run inside one;
- connections not kept (`CONN_MAX_AGE = 0`): connecting costs more than the count;
- `DURE_DB_BESIDE` off, or the side thread busy with another request's read (threaded
  servers), so a request never waits in a queue.

Only reads belong here: the side connection is in autocommit and sees what is committed.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from django.conf import settings
from django.db import close_old_connections, connection, connections

T = TypeVar("T")

_lock = threading.Lock()
_state: dict[str, Any] = {"pid": None, "executor": None, "slot": None}


def _side() -> tuple[ThreadPoolExecutor, threading.Semaphore]:
    """This process's side thread (made again after a fork: threads do not survive one)."""
    with _lock:
        if _state["pid"] != os.getpid():
            _state.update(
                pid=os.getpid(),
                executor=ThreadPoolExecutor(max_workers=1, thread_name_prefix="dure-beside"),
                slot=threading.Semaphore(1),
            )
        return _state["executor"], _state["slot"]


def _can_run_beside() -> bool:
    if not getattr(settings, "DURE_DB_BESIDE", True) or connection.vendor != "postgresql":
        return False
    if connection.in_atomic_block:
        return False
    return connection.settings_dict.get("CONN_MAX_AGE") != 0


def _on_side_connection(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any]) -> T:
    close_old_connections()  # as at the start of a request: drop a broken or expired one
    try:
        return fn(*args, **kwargs)
    finally:
        close_old_connections()


def beside(fn: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """Start `fn(*args, **kwargs)` on the side connection where it can; call the result to get it."""
    if _can_run_beside():
        executor, slot = _side()
        if slot.acquire(blocking=False):
            try:
                future: Future[T] = executor.submit(_on_side_connection, fn, args, kwargs)
            except BaseException:
                slot.release()
                raise
            future.add_done_callback(lambda _: slot.release())
            return future.result
    return lambda: fn(*args, **kwargs)


def close_side_connections() -> None:
    """Close the side thread's connections (before a test database is dropped, say)."""
    with _lock:
        executor = _state["executor"] if _state["pid"] == os.getpid() else None
    if executor is not None:
        executor.submit(connections.close_all).result()
