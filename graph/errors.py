"""Errors raised by the graph layer; each names what is wrong so callers can show it as is."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FieldError:
    """One offending field and why."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class GraphError(Exception):
    """Base of every error the graph layer raises on purpose."""


class ValidationError(GraphError):
    """Values that do not fit the schema of record; lists every offending field at once."""

    def __init__(self, subject: str, errors: list[FieldError]) -> None:
        self.subject = subject
        self.errors = errors
        super().__init__(f"{subject}: " + "; ".join(str(e) for e in errors))


class NotFoundError(GraphError):
    """A uid that names no node (of the expected label)."""

    def __init__(self, uid: str, label: str | None = None) -> None:
        self.uid = uid
        self.label = label
        super().__init__(f"no {label or 'node'} with uid {uid!r}")


class EngineError(GraphError):
    """The database refused or failed a statement."""


class ConstraintViolation(EngineError):
    """A write broke a unique constraint (e.g. a duplicate uid)."""


class EngineUnavailable(EngineError):
    """The database cannot be reached or started."""


class DataDirectoryBusy(EngineUnavailable):
    """Another process holds the data directory and its server does not answer."""


class LogDamaged(EngineUnavailable):
    """The append-only file is truncated or corrupt: the server is not started on it.

    ``damage`` describes each damaged file; starting with the explicit truncate option cuts
    the log back to its last complete command (see ``graph/aof.py``)."""

    def __init__(self, message: str, damage: list[str]) -> None:
        self.damage = damage
        super().__init__(message)


class DiskFull(EngineError):
    """The engine cannot write its append-only file because the disk is full: writes are
    refused, reads keep working, and writes resume by themselves once space is freed."""

    def __init__(self, data_dir: str, detail: str = "") -> None:
        self.data_dir = data_dir
        reason = f" ({detail})" if detail else ""
        super().__init__(
            f"disk full at {data_dir}: writes are refused until space is freed{reason}"
        )


class BackupError(GraphError):
    """A backup could not be made or a restore was refused; nothing was changed."""


class ConflictError(GraphError):
    """The node changed between the read a change was based on and the guarded write
    (optimistic concurrency, decision 0005): nothing was written; read again and retry."""

    def __init__(self, uid: str, label: str | None = None, detail: str | None = None) -> None:
        self.uid = uid
        self.label = label
        self.detail = detail
        reason = detail or "it changed since it was read"
        super().__init__(f"{label or 'node'} {uid!r} was not changed: {reason}; read it again")


class HoldersChanged(ConflictError):
    """A post is held by others than the caller read (``expected``): ``now`` and ``read``
    are uids. The message names them; :meth:`hiding` words it for a caller who may not see
    some of those holding it now, so that a conflict does not name what their reach hides.

    Example:
        >>> conflict = HoldersChanged("eq-1", "Equipment", "owner", ["p-9"], ["p-1"])
        >>> conflict.hiding({"p-9"}).detail
        'its owner is now 1 outside your reach, not p-1 as read'
    """

    def __init__(
        self,
        uid: str,
        label: str,
        field: str,
        now: Iterable[str],
        read: Iterable[str],
        hidden: Collection[str] = frozenset(),
    ) -> None:
        self.field = field
        self.now = tuple(sorted(set(now)))
        self.read = tuple(sorted(set(read)))
        shown = [u for u in self.now if u not in hidden]
        if unseen := len(self.now) - len(shown):
            shown.append(f"{unseen} outside your reach")
        held, seen = (", ".join(uids) or "nobody" for uids in (shown, self.read))
        super().__init__(uid, label, f"its {field} is now {held}, not {seen} as read")

    def hiding(self, hidden: Collection[str]) -> HoldersChanged:
        """The same conflict, counting instead of naming the holders in ``hidden``."""
        assert self.label is not None
        return HoldersChanged(self.uid, self.label, self.field, self.now, self.read, hidden)
