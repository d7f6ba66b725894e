"""`redgrid serve` as users run it: a real process on a free loopback port, one worker and
several, an account made and a token issued by `redgrid users`, stopped with Ctrl-C or by a
service manager (SIGTERM), leaving no database server behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx2 as httpx
import pytest

from api.commands.serve import settings_environment
from api.settings import Settings
from graph.embedded_server import _pid_alive

REDGRID = Path(sys.executable).parent / "redgrid"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[bytes], seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{url} not ready after {seconds}s")


def redgrid(data: Path, *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [str(REDGRID), "--data", str(data), *args], input=stdin, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize(
    ("workers", "stop"),
    [(1, signal.SIGINT), (2, signal.SIGINT), (1, signal.SIGTERM), (2, signal.SIGTERM)],
)
def test_serve_answers_then_stops_cleanly(
    tmp_path: Path, workers: int, stop: signal.Signals
) -> None:
    redgrid(tmp_path, "users", "add", "admin", "--role", "admin", "--password-stdin",
            stdin="a long enough password\n")  # fmt: skip
    port = free_port()
    process = subprocess.Popen(
        [str(REDGRID), "--data", str(tmp_path), "serve", "--port", str(port),
         "--workers", str(workers)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "REDGRID_MAX_PAGE_SIZE": "7"},
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_ready(f"{base}/readyz", process)
        database = json.loads((tmp_path / "server.json").read_text())["pid"]
        token = redgrid(tmp_path, "users", "token", "admin").strip()
        for _ in range(4):  # several requests, so that more than one worker answers
            body = httpx.post(
                f"{base}/graphql",
                json={"query": "{ cells(first: 50) { totalCount } }"},
                headers={"Authorization": f"Bearer {token}"},
            ).json()
            assert body["errors"][0]["extensions"]["code"] == "BAD_INPUT", body
            assert "at most 7" in body["errors"][0]["message"], "REDGRID_MAX_PAGE_SIZE reached"
        assert httpx.post(f"{base}/graphql", json={"query": "{ stats { totalNodes } }"}
                          ).status_code == 401  # fmt: skip
    finally:
        process.send_signal(stop)
        output = process.communicate(timeout=60)[0].decode()
    assert process.returncode == 0, output
    assert "method=POST path=/graphql status=200" in output
    assert not (tmp_path / "server.json").exists()
    assert not _pid_alive(database), "the embedded database server was left running"


def test_settings_travel_to_worker_processes_through_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    given = Settings(data="/srv/redgrid", cors_origins=["http://intranet"], max_page_size=50)
    for name, value in settings_environment(given).items():
        monkeypatch.setenv(name, value)
    assert Settings() == given
