"""What an import would write: the plan a ledger check produces (``seed.ledgers.plan``)
and ``seed.ledgers.apply`` carries out."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from typing import Any

from graph.schema import RelationshipSpec
from seed.ledgers.kinds import Link
from seed.ledgers.report import Issue, KindCounts
from seed.ledgers.rows import LedgerRow

type SpecKey = tuple[str, str, str]
type Ops = dict[SpecKey, list[dict[str, Any]]]


@dataclass(frozen=True, slots=True)
class Target:
    uid: str
    label: str


@dataclass(frozen=True, slots=True)
class Change:
    """One dated change of a slot's link: from ``since`` the link holds ``targets`` (none:
    it ends then), given on ledger row ``number``."""

    targets: list[Target]
    since: list[str]
    """Empty (the import's time), one for all, or one per target."""
    number: int
    column: str | None = None
    """The column giving the date, when not the link's ``_since`` (an end's ``_until``)."""

    def start(self, index: int, default: str) -> str:
        if len(self.since) > 1:
            return self.since[index]
        return self.since[0] if self.since else default


@dataclass(slots=True)
class Slot:
    """The nodes one link of one row should reach: a node row's link column, or a posts
    row's holders (anchored at the unit)."""

    row: LedgerRow
    column: str
    anchor: str
    anchor_label: str
    link: Link
    desired: list[Target]
    since: list[str]
    """When new holders start: empty (the import's time), one for all, or one per holder."""
    role: str | None = None
    earlier: list[Change] = field(default_factory=list)
    """The dated changes before the last one (``desired``), in date order."""
    number: int | None = None
    """The row giving the last change, when not the row's own (a changes ledger)."""
    last_column: str | None = None
    """The column dating the last change, when not the link's ``_since`` (``_until``)."""

    def spec(self, other_label: str) -> RelationshipSpec:
        return self.link.spec(self.anchor_label, other_label)

    @property
    def changes(self) -> list[Change]:
        """Every change of the link in date order, the row's last one included."""
        number = self.number or self.row.number
        return [*self.earlier, Change(self.desired, self.since, number, self.last_column)]

    def spans(self, as_of: str) -> list[tuple[Change, str, str | None]]:
        """Each change with when it holds: from its start (the import time when undated) to
        the next change's start (None: it still holds)."""
        changes = self.changes
        starts = [change.start(0, as_of) for change in changes]
        return list(zip(changes, starts, [*starts[1:], None], strict=True))

    @property
    def history(self) -> bool:
        """Whether the link's stored history matters, closed assignments included: several
        dated changes, or a dated end (recognised on a re-import by its recorded end)."""
        return bool(self.earlier) or (not self.desired and bool(self.since))

    def issue(self, message: str, column: str, number: int | None = None) -> Issue:
        """A problem of this link, on the row that gives the change (``number``)."""
        issue = self.row.issue(message, column)
        row = number or self.number
        return issue if row is None else replace(issue, row=row)


@dataclass(slots=True)
class Plan:
    """Everything an import would write, and what each ledger row amounts to."""

    as_of: str
    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    closes: Ops = field(default_factory=lambda: defaultdict(list))
    opens: Ops = field(default_factory=lambda: defaultdict(list))
    removes: Ops = field(default_factory=lambda: defaultdict(list))
    adds: Ops = field(default_factory=lambda: defaultdict(list))
    specs: dict[SpecKey, RelationshipSpec] = field(default_factory=dict)
    counts: dict[str, KindCounts] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)
    strict: bool = False
    """Governance-rule violations are errors rather than warnings."""
    refused: dict[str, Issue] = field(default_factory=dict)
    """The uid of each refused row → its problem."""
    dependents: Counter[str] = field(default_factory=Counter)
    """Refused uid → how many references to it were not checked because of it."""

    def governance(self, issue: Issue, rule: str) -> None:
        """A violation of a governance rule that a gap rule reports: imported with a warning
        naming the rule, or refused when the import is strict."""
        if self.strict:
            self.issues.append(issue)
        else:
            self.warnings.append(replace(issue, message=f"{issue.message} (gap rule {rule})"))

    def counted(self, issues: list[Issue]) -> list[Issue]:
        """``issues``, each refused row's problem counting the references that wait on it."""
        counted = {id(issue): self.dependents[uid] for uid, issue in self.refused.items()}
        return [
            replace(issue, dependents=counted[id(issue)]) if counted.get(id(issue)) else issue
            for issue in issues
        ]

    @property
    def writes(self) -> int:
        groups = (self.closes, self.opens, self.removes, self.adds)
        links = sum(len(rows) for ops in groups for rows in ops.values())
        return links + sum(len(rows) for rows in self.nodes.values())

    def relationship_counts(self) -> dict[str, int]:
        named = {"opened": self.opens, "closed": self.closes}
        named |= {"added": self.adds, "removed": self.removes}
        return {name: sum(len(r) for r in ops.values()) for name, ops in named.items()}
