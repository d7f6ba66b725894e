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
