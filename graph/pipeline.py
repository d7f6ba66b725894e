"""Statements sent from worker threads while the caller prepares the next ones.

The engine runs writes one at a time; a bulk writer keeps it busy by sending from worker
threads (which wait on the socket without the GIL) while its own thread builds what comes
next. At most ``limit`` calls wait at once, so a large load never holds more than a few
prepared batches. Results are handed back in the order the calls were made.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Any, Self


class Pipeline:
    """Bounded in-flight calls on ``workers`` threads; use as a context manager.

    Example:
        >>> with Pipeline(workers=1, limit=2, name="demo") as pipeline:
        ...     pipeline.submit(sum, [1, 2], done=print)
        ...     pipeline.settle()
        3
    """

    def __init__(self, *, workers: int, limit: int, name: str) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix=name)
        self._limit = limit
        self._pending: deque[tuple[Future[Any], Callable[[Any], None] | None]] = deque()

    def submit(
        self, call: Callable[..., Any], *args: Any, done: Callable[[Any], None] | None = None
    ) -> None:
        """Run ``call(*args)`` on a worker, after waiting until fewer than ``limit`` calls
        are pending; ``done`` gets its result, in submission order, when it is settled."""
        self.settle(self._limit - 1)
        self._pending.append((self._pool.submit(call, *args), done))

    def settle(self, limit: int = 0) -> None:
        """Wait until at most ``limit`` calls are pending, raising the first error."""
        while len(self._pending) > limit:
            future, done = self._pending.popleft()
            result = future.result()
            if done is not None:
                done(result)

    def close(self) -> None:
        """Cancel what has not started and wait for the workers (after an error)."""
        for future, _ in self._pending:
            future.cancel()
        self._pending.clear()
        self._pool.shutdown(wait=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            if kind is None:
                self.settle()
        finally:
            self.close()
