"""A truncated or zero-filled append-only log: detected at start, cut back only on request."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

from graph.aof import check_log, scan_commands
from graph.errors import LogDamaged
from graph.falkordb_engine import FalkorDBEngine
from tests.api.test_serve import REDGRID, free_port, wait_ready
from tests.ops.conftest import UNSUPERVISED, add_people, crash, increments, people


def _crashed_with_log(data_dir: Path) -> Path:
    """Three people in the base snapshot, two more only in the log increment, then a crash;
    returns the increment."""
    engine = FalkorDBEngine(data_dir, supervision=UNSUPERVISED)
    engine.ensure_schema()
    add_people(engine, range(3))
    engine.server.compact()
    add_people(engine, range(3, 5))
    crash(engine)
    (increment,) = [path for path in increments(data_dir) if path.stat().st_size]
    return increment


def test_a_truncated_log_stops_the_start_and_is_cut_only_when_asked(tmp_path: Path) -> None:
    increment = _crashed_with_log(tmp_path)
    size = increment.stat().st_size
    with increment.open("r+b") as handle:
        handle.truncate(size - 7)

    with pytest.raises(LogDamaged) as refused:
        FalkorDBEngine(tmp_path)
    message = str(refused.value)
    assert increment.name in message and "truncated command" in message
    assert "--truncate-damaged-log" in message
    assert increment.stat().st_size == size - 7, "nothing is cut without the flag"

    engine = FalkorDBEngine(tmp_path, truncate_damaged_log=True)
    try:
        assert people(engine) == ["p-0", "p-1", "p-2", "p-3"], "all but the cut command"
        assert len(engine.server.repairs) == 1 and increment.name in engine.server.repairs[0]
        add_people(engine, range(5, 6))
    finally:
        engine.close()
    kept = list((tmp_path / "damaged").glob("*/*.cut"))
    assert len(kept) == 1 and 0 < kept[0].stat().st_size < size
    again = FalkorDBEngine(tmp_path)
    try:
        assert people(again) == ["p-0", "p-1", "p-2", "p-3", "p-5"]
    finally:
        again.close()


def test_an_increment_of_zeros_is_detected_and_cut_back_to_the_snapshot(tmp_path: Path) -> None:
    increment = _crashed_with_log(tmp_path)
    increment.write_bytes(bytes(increment.stat().st_size + 4096))

    check = check_log(tmp_path)
    assert not check.ok and check.repairable
    assert check.damage[0].good_bytes == 0 and "byte 0x00" in check.damage[0].problem
    with pytest.raises(LogDamaged):
        FalkorDBEngine(tmp_path)
    engine = FalkorDBEngine(tmp_path, truncate_damaged_log=True)
    try:
        assert people(engine) == ["p-0", "p-1", "p-2"]
    finally:
        engine.close()


def test_a_missing_base_snapshot_cannot_be_cut_back(tmp_path: Path) -> None:
    _crashed_with_log(tmp_path)
    (base,) = (tmp_path / "appendonly").glob("*.base.rdb")
    base.unlink()
    check = check_log(tmp_path)
    assert not check.repairable
    with pytest.raises(LogDamaged, match="restore a backup"):
        FalkorDBEngine(tmp_path, truncate_damaged_log=True)


def test_scan_commands_stops_at_the_last_complete_command() -> None:
    ping = b"*1\r\n$4\r\nPING\r\n"
    assert scan_commands(ping * 3) == (3, 42, None)
    assert scan_commands(ping * 2 + ping[:9]) == (2, 28, "truncated command")
    assert scan_commands(ping + b"*1\r\n$4\r\nPINGxx") == (1, 14, "argument not followed by CRLF")
    assert scan_commands(b"#TS:1\r\n" + ping) == (1, 21, None)
    assert scan_commands(b"") == (0, 0, None)


def test_serve_starts_from_the_last_good_command_only_when_asked(tmp_path: Path) -> None:
    """``redgrid serve`` refuses a damaged log (one line, no traceback) and, with
    ``--truncate-damaged-log``, says what it cut and serves what came before it."""
    increment = _crashed_with_log(tmp_path)
    with increment.open("r+b") as handle:
        handle.truncate(increment.stat().st_size - 7)
    port = free_port()
    command = [str(REDGRID), "--data", str(tmp_path), "serve", "--port", str(port)]
    refused = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert refused.returncode != 0 and "--truncate-damaged-log" in refused.stderr
    assert "Traceback" not in refused.stderr

    process = subprocess.Popen(
        [*command, "--truncate-damaged-log"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        wait_ready(f"http://127.0.0.1:{port}/readyz", process)
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[0].decode()
    assert "repaired" in output and increment.name in output
