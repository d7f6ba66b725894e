"""Whether the engine can serve now, and why not: what ``/readyz`` and ``redgrid check`` say."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

from graph.engine import Engine
from graph.errors import DiskFull, EngineError

type Status = Literal["ready", "read-only", "unavailable"]


@dataclass(frozen=True, slots=True)
class Health:
    """``ready``; ``read-only`` (reads work, writes are refused: e.g. the disk is full); or
    ``unavailable`` (nothing works: the engine is down, restarting or failed)."""

    status: Status
    engine: str
    reason: str = ""

    @property
    def serving(self) -> bool:
        """True while reads are answered (ready or read-only)."""
        return self.status != "unavailable"

    def to_json(self) -> dict[str, Any]:
        return {key: value for key, value in asdict(self).items() if value}


@runtime_checkable
class ReportsHealth(Protocol):
    def health(self) -> Health: ...


def engine_health(engine: Engine) -> Health:
    """The engine's own account when it gives one (the embedded engine), else a ping."""
    if isinstance(engine, ReportsHealth):
        return engine.health()
    if engine.ping():
        return Health("ready", engine.name)
    return Health("unavailable", engine.name, "the database does not answer")


def persistence_error(message: str, data_dir: Path) -> EngineError:
    """The engine's refusal to write (redis ``MISCONF``) as the graph layer's error: a full
    disk is :class:`DiskFull`, any other failure to persist names the data directory."""
    if "no space left" in message.lower():
        return DiskFull(str(data_dir), message.removeprefix("MISCONF ").strip())
    return EngineError(f"the engine cannot persist to {data_dir}, writes are refused: {message}")
