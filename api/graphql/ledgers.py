"""Ledgers (台账) over GraphQL, for admins: ``importLedgers`` (an upload, checked row by row
and all-or-nothing, dry run by default) and ``exportLedgers`` (the files ``redgrid export``
writes). Both run exactly the command line's code (``seed.ledgers``) on files in a private
temporary directory; the request body limit (``REDGRID_MAX_BODY_BYTES``) bounds an upload,
so larger ledgers take a larger limit or ``redgrid import``."""

from __future__ import annotations

import base64
import binascii
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated

import strawberry
from starlette.concurrency import run_in_threadpool
from strawberry.types import Info

from api.graphql.context import Context
from api.graphql.views import shown, view
from api.settings import Settings
from graph.engine import Engine
from graph.enums import UserRole
from graph.errors import FieldError, ValidationError
from graph.properties import to_timestamp
from seed.ledgers import ImportReport, Issue, LedgerError, LedgerLimits, export_ledgers
from seed.ledgers import import_ledgers as run_import
from seed.ledgers.sources import SUPPORTED
from writes.audit import Actor

FORMATS = ("xlsx", "csv")
LANGS = ("zh", "en")
MAX_FILES = 50
"""Most files one upload may carry (one per ledger kind is the usual)."""


@strawberry.input(description="One ledger file of an upload.")
class LedgerFileInput:
    name: str = strawberry.field(
        description="The file name, e.g. `人员.csv` or `equipment.xlsx` (it names the kind)."
    )
    content_base64: str = strawberry.field(description="The file's bytes, base64-encoded.")


@strawberry.type(description="A ledger file: its name and bytes.")
class LedgerFileType:
    name: str = strawberry.field(description="The file name (it names the kind).")
    content_base64: str = strawberry.field(description="The file's bytes, base64-encoded.")


@view(Issue, description="A problem found in a ledger, placed by file, sheet, row and column.")
class LedgerIssueType:
    file: str = strawberry.field(description="The file name.")
    sheet: str | None = strawberry.field(description="The sheet (XLSX; null for a CSV file).")
    row: int | None = strawberry.field(description="The row number as the spreadsheet shows it.")
    column: str | None = strawberry.field(description="The column header.")
    message: str = strawberry.field(
        description="What is wrong (a warning names the gap rule it breaks)."
    )
    dependents: int = strawberry.field(
        description="References to this refused row from other rows, not reported again."
    )

    @strawberry.field(description="The whole problem as one line, place first.")
    def text(self, root: strawberry.Parent[Issue]) -> str:
        return str(root)


@strawberry.type(description="Rows of one ledger kind.")
class LedgerKindCountType:
    kind: str = strawberry.field(description="The ledger kind, e.g. `people`.")
    created: int = strawberry.field(description="New nodes.")
    updated: int = strawberry.field(description="Changed nodes.")
    unchanged: int = strawberry.field(description="Rows that change nothing.")
    empty: int = strawberry.field(description="Blank rows skipped.")


@strawberry.type(description="A count of relationship changes.")
class LedgerLinkCountType:
    change: str = strawberry.field(
        description="`opened` / `closed` assignments, `added` / `removed` plain links."
    )
    count: int = strawberry.field(description="How many.")


@strawberry.type(
    description="The outcome of an import: every problem, or what was (dry run: would be) "
    "written. With any error nothing is written."
)
class LedgerImportType:
    ok: bool = strawberry.field(description="True when no row has an error.")
    dry_run: bool = strawberry.field(description="Checked and counted only.")
    written: bool = strawberry.field(description="True when this call changed the graph.")
    as_of: str = strawberry.field(description="When the changes take effect (ISO-8601 UTC).")
    rows: int = strawberry.field(description="Rows read (blank rows aside).")
    files: list[str] = strawberry.field(description="The files read.")
    kinds: list[LedgerKindCountType] = strawberry.field(description="Counts per ledger kind.")
    relationships: list[LedgerLinkCountType] = strawberry.field(description="Relationship changes.")
    errors: list[LedgerIssueType] = strawberry.field(
        description="Every problem, by file, sheet and row; any one refuses the whole import."
    )
    warnings: list[LedgerIssueType] = strawberry.field(
        description="Governance rules broken but imported, each naming its gap rule."
    )


@dataclass(frozen=True, slots=True)
class Upload:
    """A checked upload: safe file names and their bytes."""

    files: dict[str, bytes]


def checked_upload(files: list[LedgerFileInput]) -> Upload:
    """The files of an upload, refused (BAD_INPUT naming each bad one) when a name is not a
    plain ``.csv``/``.xlsx`` file name (no directory, no control character), is given twice,
    or the content is not base64."""
    problems: list[FieldError] = []
    found: dict[str, bytes] = {}
    if not files:
        problems.append(FieldError("files", "give at least one ledger file"))
    if len(files) > MAX_FILES:
        problems.append(FieldError("files", f"at most {MAX_FILES} files, not {len(files)}"))
    for number, item in enumerate(files[:MAX_FILES]):
        where = f"files[{number}]"
        name = item.name.strip()
        plain = PurePosixPath(name).name == name == PureWindowsPath(name).name
        control = any(ord(char) < 32 or ord(char) == 127 for char in name)
        if not name or not plain or control or name.startswith((".", "~$")) or len(name) > 200:
            problems.append(FieldError(f"{where}.name", f"{name!r} is not a plain file name"))
            continue
        if PurePosixPath(name).suffix.lower() not in SUPPORTED:
            problems.append(
                FieldError(f"{where}.name", f"{name}: not a ledger file (expected .csv or .xlsx)")
            )
            continue
        if name in found:
            problems.append(FieldError(f"{where}.name", f"{name} is given twice"))
            continue
        try:
            found[name] = base64.b64decode(item.content_base64, validate=True)
        except (binascii.Error, ValueError):
            problems.append(FieldError(f"{where}.contentBase64", f"{name}: not base64"))
    if problems:
        raise ValidationError("importLedgers", problems)
    return Upload(found)


def limits_of(settings: Settings) -> LedgerLimits:
    """The ledger limits of the settings, as ``redgrid import`` takes them."""
    mb = 1024 * 1024
    return LedgerLimits(
        max_file_bytes=settings.ledger_max_file_mb * mb,
        max_unzipped_bytes=settings.ledger_max_unzipped_mb * mb,
        max_rows=settings.ledger_max_rows,
        max_cell_chars=settings.ledger_max_cell_chars,
    )


def _unplaced(issue: Issue, directory: str) -> Issue:
    """``issue`` without the temporary directory in its file name or message."""
    prefix = directory.rstrip("/") + "/"
    return Issue(
        issue.file.replace(prefix, ""),
        issue.message.replace(prefix, ""),
        sheet=issue.sheet,
        row=issue.row,
        column=issue.column,
        dependents=issue.dependents,
    )


def run_upload(
    engine: Engine,
    upload: Upload,
    *,
    dry_run: bool,
    as_of: str,
    actor: Actor,
    limits: LedgerLimits,
) -> LedgerImportType:
    """Import the uploaded files with ``seed.ledgers.import_ledgers``: every row checked
    before anything is written, each written row audited under ``actor``."""
    with tempfile.TemporaryDirectory(prefix="redgrid-upload-") as directory:
        paths = []
        for name, content in upload.files.items():
            path = Path(directory) / name
            path.write_bytes(content)
            paths.append(path)
        try:
            report = run_import(
                engine, paths, dry_run=dry_run, as_of=as_of, actor=actor, limits=limits
            )
        except LedgerError as exc:
            issues = [shown(LedgerIssueType, _unplaced(i, directory)) for i in exc.issues]
            return LedgerImportType(
                ok=False, dry_run=dry_run, written=False, as_of=as_of, rows=0,
                files=sorted(upload.files), kinds=[], relationships=[], errors=issues,
                warnings=[],
            )  # fmt: skip
        warnings = [_unplaced(w, directory) for w in report.warnings]
    return _outcome(report, warnings)


def _outcome(report: ImportReport, warnings: list[Issue]) -> LedgerImportType:
    kinds = [
        LedgerKindCountType(kind=key, created=c.created, updated=c.updated,
                            unchanged=c.unchanged, empty=c.empty)
        for key, c in report.kinds.items()
    ]  # fmt: skip
    links = [LedgerLinkCountType(change=k, count=n) for k, n in report.relationships.items()]
    return LedgerImportType(
        ok=True,
        dry_run=report.dry_run,
        written=not report.dry_run and report.changed,
        as_of=report.as_of,
        rows=report.rows,
        files=sorted(report.files),
        kinds=kinds,
        relationships=links,
        errors=[],
        warnings=[shown(LedgerIssueType, w) for w in warnings],
    )


@strawberry.type(description="Ledgers (admins only).")
class LedgerMutation:
    @strawberry.mutation(
        description="Import uploaded CSV/XLSX ledgers exactly as `redgrid import` does: every "
        "row checked first; any error and nothing is written (the errors come back in the "
        "result, by file, sheet, row and column). A dry run (the default) only checks and "
        "counts. The request body limit (REDGRID_MAX_BODY_BYTES, 1 MiB by default; base64 "
        "adds a third) bounds an upload: larger ledgers need a larger limit or the CLI."
    )
    async def import_ledgers(
        self,
        info: Info[Context, None],
        files: Annotated[
            list[LedgerFileInput], strawberry.argument(description="The ledger files.")
        ],
        dry_run: Annotated[
            bool, strawberry.argument(description="Check and count; write nothing.")
        ] = True,
        as_of: Annotated[
            str | None,
            strawberry.argument(
                description="When changes take effect (ISO date or date-time; now when omitted)."
            ),
        ] = None,
    ) -> LedgerImportType:
        upload = checked_upload(files)
        try:
            moment = to_timestamp(as_of if as_of is not None else datetime.now(UTC))
        except ValueError as exc:
            raise ValidationError("importLedgers", [FieldError("asOf", str(exc))]) from None
        context = info.context
        return await run_in_threadpool(
            partial(run_upload, context.engine, upload, dry_run=dry_run, as_of=moment,
                    actor=context.principal.actor, limits=limits_of(context.settings))
        )  # fmt: skip


def export_files(engine: Engine, fmt: str, lang: str, net: str | None) -> list[LedgerFileType]:
    """The ledgers ``redgrid export`` writes, one file per kind, in its order."""
    with tempfile.TemporaryDirectory(prefix="redgrid-export-") as directory:
        report = export_ledgers(engine, Path(directory), fmt=fmt, lang=lang, net=net)
        return [
            LedgerFileType(
                name=name,
                content_base64=base64.b64encode((Path(directory) / name).read_bytes()).decode(),
            )
            for name in report.rows
        ]


async def resolve_export_ledgers(
    info: Info[Context, None],
    format: Annotated[str, strawberry.argument(description="`xlsx` or `csv`.")] = "xlsx",
    lang: Annotated[
        str, strawberry.argument(description="Headers and values in `zh` or `en`.")
    ] = "zh",
    net: Annotated[
        str | None,
        strawberry.argument(description="Only this net's (or cell's) subtree and what it names."),
    ] = None,
) -> list[LedgerFileType]:
    info.context.require(UserRole.ADMIN)
    problems = []
    if format not in FORMATS:
        problems.append(FieldError("format", f"{format!r}: expected one of {', '.join(FORMATS)}"))
    if lang not in LANGS:
        problems.append(FieldError("lang", f"{lang!r}: expected one of {', '.join(LANGS)}"))
    if problems:
        raise ValidationError("exportLedgers", problems)
    return await run_in_threadpool(export_files, info.context.engine, format, lang, net)
