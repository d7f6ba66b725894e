"""Terminal renderings of query results (rich handles the width of Chinese characters)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from graph.enums import NetLevel
from queries.accountability import Impact, Trace

_ROLE_TITLES = {
    "object": "对象 object",
    "owner": "责任人 owner",
    "micro_cell": "微格 micro-cell",
    "micro_cell_lead": "微格长 lead",
    "cell": "格 cell",
    "cell_head": "格长 cell head",
    "net": "网 net",
    "net_head": "网长 net head",
}


def _period(since: str | None, until: str | None) -> str:
    if not since:
        return ""
    return f"{since[:10]} → {until[:10] if until else 'now'}"


def render_trace(console: Console, result: Trace) -> None:
    table = Table(title=f"trace {result.uid} ({result.kind}) as of {result.as_of}")
    for column in ("link", "uid", "name", "via", "period"):
        table.add_column(column)
    for link in result.chain:
        title = _ROLE_TITLES[link.role]
        if link.role == "net" and link.level:
            title = f"{NetLevel.for_level(link.level).zh} L{link.level}"
        via = f"{link.via} ({link.source})" if link.source else link.via
        table.add_row(title, link.uid, link.name, via, _period(link.since, link.until))
    console.print(table)
    if result.officers:
        officers = Table(title="officers 八大员")
        for column in ("role", "person", "period"):
            officers.add_column(column)
        for o in result.officers:
            officers.add_row(
                f"{o.role_zh} {o.role}",
                f"{o.holder.name} {o.holder.uid}",
                _period(o.holder.since, o.holder.until),
            )
        console.print(officers)
    for duty in result.duties:
        assignee = f"{duty.assignee.name} {duty.assignee.uid}" if duty.assignee else "—"
        missing = f"  [red]missing: {', '.join(duty.missing)}[/red]" if duty.missing else ""
        schedule = duty.schedule or ""
        console.print(
            f"duty {duty.uid} ({duty.via}) {duty.title} → {assignee}; {schedule}{missing}"
        )
    for std in result.standards:
        derived = f" ← {std.guidance_code} {std.guidance_title}" if std.guidance_code else ""
        console.print(f"standard {std.code} {std.title} ({std.via}){derived}")
    if result.gaps:
        for gap in result.gaps:
            console.print(f"[yellow]gap[/yellow] {gap.code}: {gap.message}")
    else:
        console.print("[green]chain complete[/green]")


def render_impact(console: Console, result: Impact) -> None:
    table = Table(title=f"impact of {result.name} {result.uid} as of {result.as_of}")
    for column in ("post", "uid", "name", "kind", "since", "if they leave"):
        table.add_column(column)
    for item in result.direct:
        post = f"{item.post} ({item.role})" if item.role else item.post
        table.add_row(
            post,
            item.uid,
            item.name,
            item.kind,
            (item.since or "")[:10],
            "[red]orphaned[/red]" if item.sole else "covered",
        )
    console.print(table)
    sub = result.subtree
    if sub.cells:
        objects = ", ".join(f"{k} {v:,}" for k, v in sub.objects.items())
        units = f"{sub.cells:,} cells, {sub.micro_cells:,} micro-cells, {sub.members:,} members"
        console.print(f"as head: {units}; {objects}")
    console.print(f"direct: {result.counts}; orphaned if they leave: {len(result.orphaned)}")
