"""The ledger kinds (台账): which node label each one holds, its columns and their headers.

Property columns are read from the schema of record (``graph.schema.node_spec``), so a
property added to a neomodel class appears in its ledger without being listed here; only
the Chinese headers and the reference columns (relationships a ledger carries) are named
by hand. Health records are deliberately absent: they are sensitive and never leave the
database through a ledger.

The package is split by job: ``model`` (what a kind, a link and a column are), ``columns``
(columns derived from the schema), ``catalog`` (the kinds named by hand) and ``lookup``
(finding a kind by name, key or label).
"""

from seed.ledgers.kinds.catalog import IMPORTABLE_LABELS, KINDS
from seed.ledgers.kinds.columns import Column, lifecycle_properties, property_format
from seed.ledgers.kinds.lookup import (
    alternate_keys,
    kind_for_label,
    kind_named,
    kind_of,
    kinds_by_name,
    normalise_name,
)
from seed.ledgers.kinds.model import HEAD_POST, LIST_SEPARATOR, Kind, Link

__all__ = [
    "HEAD_POST",
    "IMPORTABLE_LABELS",
    "KINDS",
    "LIST_SEPARATOR",
    "Column",
    "Kind",
    "Link",
    "alternate_keys",
    "kind_for_label",
    "kind_named",
    "kind_of",
    "kinds_by_name",
    "lifecycle_properties",
    "normalise_name",
    "property_format",
]
