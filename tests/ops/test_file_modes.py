"""The data directory holds health records and password hashes: 0700, its files 0600."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from graph.falkordb_engine import FalkorDBEngine
from tests.ops.conftest import add_people


def _loose(data_dir: Path) -> list[str]:
    """Everything under ``data_dir`` that others could read (sockets aside). A file the
    engine renames away while we look (its temporary snapshot) is passed over."""
    found = []
    for path in [data_dir, *data_dir.rglob("*")]:
        try:
            mode = path.lstat().st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISSOCK(mode):
            continue
        expected = 0o700 if stat.S_ISDIR(mode) else 0o600
        if stat.S_IMODE(mode) != expected:
            found.append(f"{path.relative_to(data_dir)}: {oct(stat.S_IMODE(mode))}")
    return found


def test_the_data_directory_and_its_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    (data / "old").mkdir()
    (data / "old" / "dump.rdb").write_bytes(b"REDIS")
    os.chmod(data / "old" / "dump.rdb", 0o644)

    engine = FalkorDBEngine(data)
    try:
        engine.ensure_schema()
        add_people(engine, range(2))
        engine.server.compact()
        engine.connection.bgsave()
        assert _loose(data) == []
    finally:
        engine.close()
    assert (data / "dump.rdb").exists()
    assert _loose(data) == [], "files written at shutdown are private too"
