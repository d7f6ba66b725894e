"""What a ledger kind is: the node label its rows hold, the reference links it carries, and
its columns (derived in ``columns``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.schema import RelationshipSpec, relationship_spec
from seed.ledgers.kinds.columns import Column, columns_by_key, columns_of

HEAD_POST = "head"
"""The post value of a net head (网长) or cell head (格长) in the posts ledger."""

LIST_SEPARATOR = ";"
"""How several references share one cell on export (import also accepts ；，,、 and newlines)."""


@dataclass(frozen=True, slots=True, eq=False)
class Link:
    """A reference column: the row's node linked to other nodes by one relationship type.

    ``incoming`` links point at the row's node (a micro-cell's lead LEADS it); ``targets``
    lists the labels a value may name (a duty applies to equipment, areas or work items).
    A temporal link that takes one value also has a ``<key>_since`` column: when the
    holder changes, the new assignment starts then (else at the import's time); and a
    ``<key>_until`` column: the assignment the row names ends then (a past holder).
    """

    key: str
    zh: str
    rel_type: str
    targets: tuple[str, ...]
    note: str
    incoming: bool = False
    many: bool = False
    aliases: tuple[str, ...] = ()
    one_only: str = ""
    """Why the column takes a single value, when a domain rule says so (shown in errors)."""

    def spec(self, label: str, target: str) -> RelationshipSpec:
        """The declared relationship between a row of ``label`` and a target of ``target``."""
        if self.incoming:
            return relationship_spec(target, self.rel_type, label)
        return relationship_spec(label, self.rel_type, target)

    def temporal(self, label: str) -> bool:
        return self.spec(label, self.targets[0]).temporal

    @property
    def since_key(self) -> str:
        return f"{self.key}_since"

    @property
    def until_key(self) -> str:
        return f"{self.key}_until"


@dataclass(frozen=True, slots=True, eq=False)
class Kind:
    """One ledger kind: a sheet (XLSX) or file (CSV) of rows of one node label.

    The posts ledger (``label`` None) holds no nodes: each row names a unit, a post and
    its holders (heads and the eight officers).
    """

    key: str
    zh: str
    title: str
    label: str | None
    links: tuple[Link, ...] = ()
    home: str | None = None
    """The link placing a row inside a net's subtree (what ``export --net`` follows)."""
    aliases: tuple[str, ...] = field(default=())

    def name(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.key

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self)

    def column(self, key: str) -> Column:
        return columns_by_key(self)[key]

    def link(self, key: str) -> Link:
        link = columns_by_key(self)[key].link
        assert link is not None, f"{self.key}.{key} is not a link column"
        return link
