"""What an import tells its user: every problem with its place, and what changed per kind."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a ledger, named by file, sheet, row and column.

    Example:
        >>> str(Issue("设备.xlsx", "no Person 'E9'", sheet="设备", row=7, column="责任人"))
        "设备.xlsx, sheet 设备, row 7, column 责任人: no Person 'E9'"
    """

    file: str
    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    dependents: int = 0
    """References in other rows to this refused row, not reported again (one cause, one
    error)."""

    def __str__(self) -> str:
        place = [self.file]
        if self.sheet is not None:
            place.append(f"sheet {self.sheet}")
        if self.row is not None:
            place.append(f"row {self.row}")
        if self.column is not None:
            place.append(f"column {self.column}")
        more = ""
        if self.dependents:
            s = "s" if self.dependents != 1 else ""
            more = f" ({self.dependents} reference{s} to this row in other rows wait on it)"
        return f"{', '.join(place)}: {self.message}{more}"

    def sort_key(self) -> tuple[str, str, int]:
        return (self.file, self.sheet or "", self.row or 0)


class LedgerError(Exception):
    """The ledgers cannot be imported; ``issues`` lists every problem found, all at once."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues, key=Issue.sort_key)
        count = len(self.issues)
        head = f"{count} problem{'s' if count != 1 else ''} in the ledgers; nothing was written"
        super().__init__("\n".join([head, *(str(issue) for issue in self.issues)]))


@dataclass(slots=True)
class KindCounts:
    """Rows of one ledger kind: new nodes, changed ones, untouched ones, blank rows skipped."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    empty: int = 0

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass(slots=True)
class ImportReport:
    """The outcome of ``import_ledgers``: counts per kind, relationship changes, timing."""

    as_of: str
    dry_run: bool
    kinds: dict[str, KindCounts] = field(default_factory=dict)
    relationships: dict[str, int] = field(default_factory=dict)
    """``opened`` / ``closed`` assignments and ``added`` / ``removed`` plain links."""
    files: dict[str, str] = field(default_factory=dict)
    """Each file read → how (``xlsx`` or the CSV encoding)."""
    warnings: list[Issue] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(c.rows for c in self.kinds.values())

    @property
    def changed(self) -> bool:
        return any(c.created or c.updated for c in self.kinds.values())

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of,
            "dry_run": self.dry_run,
            "written": not self.dry_run and self.changed,
            "kinds": {key: asdict(counts) for key, counts in self.kinds.items()},
            "relationships": dict(self.relationships),
            "rows": self.rows,
            "files": dict(self.files),
            "warnings": [str(w) for w in self.warnings],
            "seconds": round(self.seconds, 3),
            "rows_per_second": round(self.rows_per_second, 1),
        }
