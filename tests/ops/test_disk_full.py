"""A full disk: writes refused with DiskFull naming the data directory, reads keep working,
health says read-only, the CLI prints one line, and writes resume once space is freed.

The disk is a small tmpfs the test mounts, so it needs root; it is skipped otherwise."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.errors import DiskFull
from graph.falkordb_engine import FalkorDBEngine
from tests.ops.conftest import add_people, people, wait_for

REDGRID = Path(sys.executable).parent / "redgrid"

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or shutil.which("mount") is None,
    reason="filling a disk needs a tmpfs mounted by the test, which needs root and mount(8)",
)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        _kill_servers_under(mount_point)
        if subprocess.run(["umount", str(mount_point)], capture_output=True).returncode:
            subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(disk: Path) -> Path:
    """Take every last byte of the disk."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as handle:
        for chunk in (1 << 20, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    handle.write(bytes(chunk))
    return filler


def _kill_servers_under(directory: Path) -> None:
    """Last resort before unmounting: no server may outlive the test."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if str(directory) in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    os.kill(int(entry.name), signal.SIGKILL)


def test_a_full_disk_refuses_writes_keeps_reads_and_recovers(small_disk: Path) -> None:
    data = small_disk / "data"
    engine = FalkorDBEngine(data)
    try:
        engine.ensure_schema()
        add_people(engine, range(3))
        filler = _fill(small_disk)

        refused: list[DiskFull] = []
        numbers = iter(range(10, 1000))

        def write_refused() -> bool:
            try:
                add_people(engine, range(next(numbers), 1000)[:1])
            except DiskFull as exc:
                refused.append(exc)
                return True
            return False

        # The engine learns the disk is full when it next flushes its log (≤ 1 s).
        wait_for(write_refused, timeout=10)
        assert f"disk full at {data}" in str(refused[0])
        assert {"p-0", "p-1", "p-2"} <= set(people(engine)), "reads keep working"
        health = engine.health()
        assert health.status == "read-only" and f"disk full at {data}" in health.reason

        cli = subprocess.run(
            [str(REDGRID), "--data", str(data), "seed"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "COLUMNS": "200"},
        )
        assert cli.returncode != 0
        lines = cli.stderr.strip().splitlines()
        assert len(lines) == 1 and f"disk full at {data}" in lines[0], cli.stderr
        reads = subprocess.run(
            [str(REDGRID), "--data", str(data), "stats", "--json"],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert reads.returncode == 0, reads.stderr

        filler.unlink()
        started = time.monotonic()
        wait_for(lambda: not write_refused(), timeout=10)
        resumed_after = time.monotonic() - started
        assert engine.health().status == "ready"
        assert len(people(engine)) > 3
        print(f"writes resumed {resumed_after:.2f}s after space was freed")
    finally:
        engine.close()
