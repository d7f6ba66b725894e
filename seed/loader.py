"""Bulk loader: writes a generated :class:`Dataset` through ``graph.writer``.

Every row is validated through the neomodel classes and MERGEd by uid (relationships by
their endpoints, and temporal ones by ``since`` too), so loading the same dataset again
changes nothing. Labels go in ``graph.model.NODE_CLASSES`` order, then relationships in
schema order.

Into an empty graph the load takes ``graph.bulk``'s fast path instead: the same rows,
validated column by column, CREATEd rather than MERGEd (there is nothing to merge with).
Rows that column-wise validation cannot vouch for send the whole load down the MERGE path.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from graph import bulk
from graph.bulk import BinaryBulkEngine, BulkEngine, SearchHelper
from graph.collector import collector_paused
from graph.engine import Engine
from graph.errors import FieldError, ValidationError
from graph.model import NODE_CLASSES
from graph.schema import RelationshipSpec, node_spec, relationship_spec, relationship_specs
from graph.writer import DEFAULT_BATCH, upsert_nodes, upsert_relationships
from graph.writer import Progress as Advance
from seed.dataset import Dataset, RelKey, Row

type LoadCounts = dict[str, dict[str, int]]


def load(
    engine: Engine,
    dataset: Dataset,
    *,
    progress: bool = True,
    batch_size: int = DEFAULT_BATCH,
    search: SearchHelper | None = None,
) -> LoadCounts:
    """Write every node, then every relationship, of ``dataset``; return what was written.

    The dataset's shape is checked before the first statement (known labels and
    relationship triples, every endpoint present), so a mis-shaped dataset writes nothing.
    Property values are validated by the writer one label at a time: a bad value stops the
    load at its label, and re-running after the fix is safe because everything MERGEs.
    Returns ``{"nodes": {label: rows}, "relationships": {type: rows}}``. ``search``, a
    helper already working out search tokens (:func:`search_ahead`), is used by the binary
    path; the caller closes it.
    """
    plan = _relationship_plan(dataset)
    _check_endpoints(dataset, plan)
    known = [cls.__name__ for cls in NODE_CLASSES]
    unknown = sorted(label for label, rows in dataset.nodes.items() if rows and label not in known)
    if unknown:
        raise ValidationError("dataset", [FieldError("nodes", f"unknown labels {unknown}")])
    labels = [label for label in known if dataset.nodes.get(label)]
    engine.ensure_schema()
    counts: LoadCounts = {"nodes": {}, "relationships": {}}
    with collector_paused(), engine.bulk_load(), _progress_bar(dataset, progress) as bar:
        if isinstance(engine, BulkEngine) and is_empty(engine):
            made = bulk.create_all(
                engine,
                ((node_spec(label), dataset.nodes[label]) for label in labels),
                plan,
                progress=bar.advance,
                describe=bar.describe,
                search=search,
            )
            if made is not None:
                return {"nodes": made.nodes, "relationships": made.relationships}
        for label in labels:
            bar.describe(f"nodes {label}")
            written = upsert_nodes(
                engine, label, dataset.nodes[label], batch_size=batch_size, progress=bar.advance
            )
            counts["nodes"][label] = written
        for spec, rows in plan:
            bar.describe(f"{spec.source}-[:{spec.type}]->{spec.target}")
            written = upsert_relationships(
                engine,
                spec,
                rows,
                batch_size=batch_size,
                progress=bar.advance,
                check_endpoints=False,  # checked for the whole dataset before writing
            )
            rel_counts = counts["relationships"]
            rel_counts[spec.type] = rel_counts.get(spec.type, 0) + written
    return counts


@contextmanager
def search_ahead(engine: Engine, *, reset: bool = False) -> Iterator[SearchHelper | None]:
    """A search-token helper to offer rows to while the dataset is generated (pass it to
    :func:`load` too), or ``None`` when the load will not take the binary path it serves
    (another engine, or a graph that holds data and is not reset). Generation uses one
    core; the helper works on the other meanwhile. Closed on leaving."""
    binary = isinstance(engine, BinaryBulkEngine) and isinstance(engine, BulkEngine)
    if binary and not reset:
        engine.ensure_schema()  # as load() does first: a new engine may have no graph yet
    if not binary or not (reset or is_empty(engine)):
        yield None
        return
    helper = SearchHelper()
    try:
        yield helper
    finally:
        helper.close()


def is_empty(engine: Engine) -> bool:
    """True when the graph holds no node at all."""
    return not engine.run("MATCH (n) RETURN n.uid AS uid LIMIT 1", readonly=True)


def _relationship_plan(dataset: Dataset) -> list[tuple[RelationshipSpec, list[Row]]]:
    """The dataset's relationship rows in schema order, each with its declared spec."""
    for key in dataset.relationships:
        relationship_spec(*key)  # raises on an undeclared triple
    plan = []
    for spec in relationship_specs():
        rows = dataset.relationships.get((spec.source, spec.type, spec.target))
        if rows:
            plan.append((spec, rows))
    return plan


def _check_endpoints(dataset: Dataset, plan: list[tuple[RelationshipSpec, list[Row]]]) -> None:
    """Every ``a``/``b`` must name a node of the right label in the dataset.

    The writer MATCHes endpoints, so a row naming a missing node would silently write
    nothing; here it is an error naming the row instead.
    """
    uids = {label: set(map(itemgetter("uid"), rows)) for label, rows in dataset.nodes.items()}
    errors = []
    for spec, rows in plan:
        key: RelKey = (spec.source, spec.type, spec.target)
        sources, targets = uids.get(spec.source, set()), uids.get(spec.target, set())
        try:
            if sources.issuperset(map(itemgetter("a"), rows)) and targets.issuperset(
                map(itemgetter("b"), rows)
            ):
                continue  # the common case, without a Python step per row
        except (KeyError, TypeError):
            pass  # a row without an end, or an unhashable one: named below
        for number, row in enumerate(rows, start=1):
            if row.get("a") not in sources or row.get("b") not in targets:
                where = f"{'|'.join(key)} row {number}"
                errors.append(
                    FieldError(where, f"no such endpoint: {row.get('a')} → {row.get('b')}")
                )
                if len(errors) >= 20:
                    raise ValidationError("dataset", errors)
    if errors:
        raise ValidationError("dataset", errors)


class _Bar:
    """A rich progress bar over all elements, or nothing when progress is off."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._task = progress.add_task("loading", total=total) if progress else None
        self.advance: Advance | None = self._advance if progress else None

    def _advance(self, n: int) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.advance(self._task, n)

    def describe(self, text: str) -> None:
        if self._progress is not None and self._task is not None:
            self._progress.update(self._task, description=text)


@contextmanager
def _progress_bar(dataset: Dataset, enabled: bool) -> Iterator[_Bar]:
    if not enabled:
        yield _Bar(None, 0)
        return
    columns: list[Any] = [
        TextColumn("[bold]{task.description:<48}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns) as progress:
        yield _Bar(progress, dataset.total_nodes + dataset.total_relationships)
