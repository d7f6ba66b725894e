"""Real ledgers (台账) in and out: CSV/XLSX import with row-level validation, all-or-nothing
and idempotent; export of the same templates filled from the database; empty templates.

    report = import_ledgers(engine, [Path("ledgers/")], as_of="2026-11-15", dry_run=False)
    export_ledgers(engine, Path("out/"), fmt="csv", lang="zh", net="net-l3-01")
    write_templates(Path("templates/"), fmt="xlsx", lang="zh")

See docs/ledgers.md for the kinds, columns and rules.
"""

from seed.ledgers.exporter import ExportReport, export_ledgers
from seed.ledgers.importer import import_ledgers
from seed.ledgers.kinds import KINDS, Kind
from seed.ledgers.report import ImportReport, Issue, KindCounts, LedgerError
from seed.ledgers.sources import LedgerLimits
from seed.ledgers.templates import write_templates

__all__ = [
    "KINDS",
    "ExportReport",
    "ImportReport",
    "Issue",
    "Kind",
    "KindCounts",
    "LedgerError",
    "LedgerLimits",
    "export_ledgers",
    "import_ledgers",
    "write_templates",
]
