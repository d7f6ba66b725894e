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


SERVING_YOUNG_THRESHOLD = 10_000
"""Allocations between two young collections in a serving process (Python's default: 2,000;
700 before 3.13). One answer to a page of 50 cells builds ~7,000 containers."""


def settle_for_serving(young: int = SERVING_YOUNG_THRESHOLD) -> None:
    """Prepare a long-running server's collector, once its code, schema and settings are
    loaded: collect, then freeze every survivor so that no later collection walks it again,
    and let young collections wait for ``young`` allocations.

    Without it an API process walked its whole start-up heap (modules, the GraphQL schema)
    in a full collection every ~13 answers to the cells page: 110–220 ms each, 8 ms per
    answer on average and its slowest answers (docs/performance.md, "The collector in a
    serving process"). A frozen object is never freed by the collector; the start-up heap
    lives as long as the process anyway.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(young, older, oldest)
