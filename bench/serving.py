"""``redgrid serve`` on a data directory for the length of a ``with`` block."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["account", "served"]


@contextmanager
def served(
    data: Path, port: int, workers: int = 1, env: dict[str, str] | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """The server process (``env``: settings added to this process's environment), once
    ``/readyz`` answers; stopped when the block ends.

    Example:
        >>> with served(Path("data"), 8123) as server:  # doctest: +SKIP
        ...     urllib.request.urlopen("http://127.0.0.1:8123/readyz")
    """
    command = [str(Path(sys.executable).parent / "redgrid"), "--data", str(data), "serve",
               "--port", str(port)]  # fmt: skip
    if workers > 1:
        command += ["--workers", str(workers)]
    # The server's log goes to a file: a pipe nobody reads fills up and blocks the server.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=os.environ | (env or {})
        )
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2):
                        break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        log.seek(0)
                        err = log.read().decode(errors="replace")[-2000:]
                        raise RuntimeError(f"redgrid serve did not come up: {err}") from None
                    time.sleep(0.2)
            yield server
        finally:
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()


def account(data: Path, name: str, role: str, person: str | None) -> tuple[str, str]:
    """A fresh account (the CLI's way) and a bearer token for it; returns (password, token)."""
    redgrid = [str(Path(sys.executable).parent / "redgrid"), "--data", str(data), "users"]
    password = secrets.token_urlsafe(16)
    add = [*redgrid, "add", name, "--role", role, "--password-stdin"]
    if person:
        add += ["--person", person]
    subprocess.run(add, input=password, text=True, check=True, capture_output=True)
    done = subprocess.run([*redgrid, "token", name, "--hours", "4"], text=True, check=True,
                          capture_output=True)  # fmt: skip
    return password, done.stdout.strip().split()[-1]
