"""Finding a ledger kind by a sheet or file name, key or label, and the alternate keys a
reference may name a node by."""

from __future__ import annotations

import unicodedata
from functools import cache

from graph.schema import node_spec
from seed.ledgers.kinds.catalog import KINDS
from seed.ledgers.kinds.model import Kind


def normalise_name(text: str) -> str:
    """Header and sheet names compared loosely: NFKC, case-folded, separators as ``_``.

    Example:
        >>> normalise_name(" Employee No ")
        'employee_no'
    """
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    return "_".join(folded.replace("-", " ").replace("_", " ").split())


@cache
def kinds_by_name() -> dict[str, Kind]:
    """Every accepted sheet or file name (normalised) → its kind."""
    names: dict[str, Kind] = {}
    for kind in KINDS:
        for name in (kind.key, kind.zh, f"{kind.zh}台账", *kind.aliases):
            names.setdefault(normalise_name(name), kind)
    return names


def kind_named(name: str) -> Kind | None:
    """The kind a sheet or file is named after, if any."""
    return kinds_by_name().get(normalise_name(name))


@cache
def alternate_keys(label: str) -> tuple[str, ...]:
    """Unique properties other than uid that a reference may name a node by
    (a person's employee_no, a standard's code)."""
    return tuple(name for name in node_spec(label).unique if name != "uid")


def kind_of(key: str) -> Kind:
    return next(k for k in KINDS if k.key == key)


def kind_for_label(label: str) -> Kind | None:
    return next((k for k in KINDS if k.label == label), None)
