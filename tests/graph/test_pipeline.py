"""graph.pipeline: calls run on worker threads, at most ``limit`` pending, results handed
back in submission order, the first error raised and what was waiting cancelled."""

from __future__ import annotations

import threading
import time

import pytest

from graph.pipeline import Pipeline


def test_results_come_back_in_order_with_at_most_limit_pending() -> None:
    pending = 0
    most = 0
    lock = threading.Lock()
    seen: list[int] = []

    def work(n: int) -> int:
        nonlocal pending, most
        with lock:
            pending += 1
            most = max(most, pending)
        time.sleep(0.01 * (n % 3))  # later calls may finish first
        with lock:
            pending -= 1
        return n * n

    with Pipeline(workers=2, limit=2, name="test") as pipeline:
        for n in range(10):
            pipeline.submit(work, n, done=seen.append)
    assert seen == [n * n for n in range(10)]
    assert most <= 2


def test_the_first_error_is_raised() -> None:
    def refuse(n: int) -> int:
        raise ValueError(f"batch {n} refused")

    with (
        pytest.raises(ValueError, match="batch 0 refused"),
        Pipeline(workers=1, limit=2, name="test") as pipeline,
    ):
        pipeline.submit(refuse, 0)
        pipeline.submit(refuse, 1)


def test_closing_cancels_the_calls_that_have_not_started() -> None:
    started: list[int] = []
    running, gate = threading.Event(), threading.Event()

    def work(n: int) -> int:
        started.append(n)
        running.set()
        gate.wait(5)
        return n

    pipeline = Pipeline(workers=1, limit=3, name="test")
    for n in range(3):
        pipeline.submit(work, n)
    assert running.wait(5)  # the one worker is held in call 0; 1 and 2 wait
    threading.Timer(0.05, gate.set).start()
    pipeline.close()
    assert started == [0]
