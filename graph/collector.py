"""Python's cyclic garbage collector held off around work that makes many small objects
without reference cycles."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, on again after it.

    Large replies, ledgers and generated datasets are millions of small lists and dicts
    that live until the work ends and hold no cycles. While they grow they set off young
    collections, survive them, and so bring on full collections of the whole process, each
    walking everything still alive (50–200 ms in an API process; a third of a large
    import's CPU). Reference counting frees all of it anyway. The collector is restarted
    only by the block that found it running: it stays off for whoever turned it off.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def settle_for_serving() -> None:
    """Prepare a long-running server's collector, once its code, schema and settings are
    loaded: collect, then freeze every survivor so that no later collection walks it again.

    Without it an API process walked its whole start-up heap (modules, the GraphQL schema)
    in a full collection every ~13 answers to the cells page: 110–220 ms each, 8 ms per
    answer on average and its slowest answers (docs/performance.md, "The collector, lists
    that look ahead, and kept answers"). A frozen object is never freed by the collector;
    the start-up heap lives as long as the process anyway. The young threshold stays
    Python's: at 10,000 a burst of refused 5 MB requests left 86 MB behind (their errors'
    cycles wait longer for a collection) against 9 MB (tests/api/test_http_audit.py).
    """
    gc.collect()
    gc.freeze()
