"""``redgrid check``: verify a data directory — its log is whole, its files load, what it counts,
and that the audit trail and relationships point at nodes that exist."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.aof import check_log
from graph.backup import count
from graph.engine import Engine
from graph.errors import EngineUnavailable
from graph.falkordb_engine import FalkorDBEngine

_ORPHAN_AUDIT = (
    "MATCH (a:AuditEntry) OPTIONAL MATCH (n:GridNode {uid: a.target}) "
    "WITH a, n WHERE n IS NULL RETURN a.uid AS uid, a.target AS target, "
    "a.target_kind AS kind ORDER BY uid LIMIT $limit"
)
_DANGLING = (
    "MATCH (a)-[r]->(b) WHERE a.uid IS NULL OR b.uid IS NULL "
    "RETURN type(r) AS type, count(r) AS c ORDER BY type"
)
_EXAMPLES = 20


@dataclass
class DataCheck:
    """What ``check_data`` found; ``problems`` empty means the directory is sound."""

    data_dir: Path
    log_files: list[str] = field(default_factory=list)
    log_commands: int = 0
    counts: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {
            "data_dir": str(self.data_dir),
            "ok": self.ok,
            "log_files": self.log_files,
            "log_commands": self.log_commands,
            "counts": self.counts,
            "problems": self.problems,
        }


def check_data(data_dir: Path, *, graph_name: str = "redgrid") -> DataCheck:
    """Check ``data_dir``: the append-only log command by command, then (when it is whole) the
    data it loads — counts of every graph, audit entries whose node is missing, relationships
    to nodes without a uid — in ``graph_name``. Joins the directory's server when one runs."""
    report = DataCheck(data_dir.resolve())
    log = check_log(report.data_dir)
    report.log_files, report.log_commands = log.files, log.commands
    report.problems += [f"damaged log: {damage.describe()}" for damage in log.damage]
    if not log.ok:
        return report
    try:
        engine = FalkorDBEngine(report.data_dir, graph_name=graph_name)
    except EngineUnavailable as exc:
        report.problems.append(f"the files do not load: {exc}")
        return report
    try:
        report.counts = count(engine.server.socket)
        if graph_name in report.counts:
            report.problems += graph_problems(engine)
    finally:
        engine.close()
    return report


def graph_problems(engine: Engine) -> list[str]:
    """Audit entries naming a node that does not exist; relationships to nodes with no uid."""
    problems = []
    orphans = engine.run(_ORPHAN_AUDIT, {"limit": _EXAMPLES}, readonly=True)
    if orphans:
        examples = ", ".join(f"{o['uid']} → {o['kind']} {o['target']}" for o in orphans)
        problems.append(f"audit entries without their node (first {len(orphans)}): {examples}")
    for row in engine.run(_DANGLING, readonly=True):
        problems.append(f"{row['c']} {row['type']} relationships to a node without uid")
    return problems
