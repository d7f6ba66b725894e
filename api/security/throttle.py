"""Login throttling that a stranger cannot turn into a lockout of somebody else (per API
process, in memory).

- Failures of one account **from one address** lock that pair out for the window: the
  guesser is stopped, the owner signing in from elsewhere is not.
- Failures **from one address** over any accounts lock that address out (password spraying).
- Failures of one account **from anywhere** never refuse: past the limit each further
  attempt on the account waits, 1 s doubling per failure up to a cap, before its password
  is checked (distributed guessing is slowed; the owner still gets in after the wait).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

_SWEEP_ABOVE = 10_000
"""Keys kept before the ones whose failures have all aged out are dropped (names tried by
guessers would otherwise accumulate)."""


class LoginThrottle:
    """Sliding-window counts of failed logins per account and address, per address and per
    account.

    Example:
        >>> throttle = LoginThrottle(max_failures=3, address_max_failures=10, window_s=60)
        >>> for _ in range(3):
        ...     throttle.failed("admin", "203.0.113.9")
        >>> throttle.locked("admin", "203.0.113.9"), throttle.locked("admin", "10.1.2.3")
        (True, False)
        >>> throttle.delay("admin")
        1.0
    """

    def __init__(
        self,
        max_failures: int,
        address_max_failures: int,
        window_s: float,
        backoff_max_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.address_max_failures = address_max_failures
        self.window_s = window_s
        self.backoff_max_s = backoff_max_s
        self._clock = clock
        self._failures: dict[tuple[str, ...], deque[float]] = {}
        self._lock = threading.Lock()

    def locked(self, username: str, address: str) -> bool:
        """True while this address may not try this account (or any account)."""
        now = self._clock()
        with self._lock:
            return (
                self._count(("pair", username, address), now) >= self.max_failures
                or self._count(("address", address), now) >= self.address_max_failures
            )

    def delay(self, username: str) -> float:
        """Seconds an attempt on ``username`` waits before its password is checked: 0 until
        the account has ``max_failures`` recent failures from anywhere, then 1 s, doubling
        with each further failure, at most ``backoff_max_s``."""
        now = self._clock()
        with self._lock:
            excess = self._count(("account", username), now) - self.max_failures
        if excess < 0:
            return 0.0
        return float(min(self.backoff_max_s, 2.0 ** min(excess, 32)))

    def failed(self, username: str, address: str) -> None:
        now = self._clock()
        with self._lock:
            if len(self._failures) > _SWEEP_ABOVE:
                self._sweep(now)
            for key in (("pair", username, address), ("address", address), ("account", username)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the pair's failures; the account-wide and address-wide counts age out."""
        with self._lock:
            self._failures.pop(("pair", username, address), None)

    def _count(self, key: tuple[str, ...], now: float) -> int:
        failures = self._failures.get(key)
        if failures is None:
            return 0
        while failures and now - failures[0] > self.window_s:
            failures.popleft()
        return len(failures)

    def _sweep(self, now: float) -> None:
        for key in [key for key in self._failures if self._count(key, now) == 0]:
            del self._failures[key]
