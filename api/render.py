"""Terminal renderings of query results (rich handles the width of Chinese characters)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from graph.enums import NetLevel
from queries.accountability import Impact, Trace
from queries.analytics import AnalyticsReport
from queries.business_tree import BusinessTree

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
    for duty in result.duties or []:
        assignee = f"{duty.assignee.name} {duty.assignee.uid}" if duty.assignee else "—"
        missing = f"  [red]missing: {', '.join(duty.missing)}[/red]" if duty.missing else ""
        schedule = duty.schedule or ""
        console.print(
            f"duty {duty.uid} ({duty.via}) {duty.title} → {assignee}; {schedule}{missing}"
        )
    for std in result.standards or []:
        derived = f" ← {std.guidance_code} {std.guidance_title}" if std.guidance_code else ""
        console.print(f"standard {std.code} {std.title} ({std.via}){derived}")
    if result.gaps:
        for gap in result.gaps:
            console.print(f"[yellow]gap[/yellow] {gap.code}: {gap.message}")
    elif result.gaps is not None:
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
    if sub is not None and sub.cells:
        objects = ", ".join(f"{k} {v:,}" for k, v in sub.objects.items())
        units = f"{sub.cells:,} cells, {sub.micro_cells:,} micro-cells, {sub.members:,} members"
        console.print(f"as head: {units}; {objects}")
    console.print(f"direct: {result.counts}; orphaned if they leave: {len(result.orphaned)}")


def render_tree(console: Console, tree: BusinessTree) -> None:
    subject = tree.subject
    console.print(
        f"[bold]business tree 业务树[/bold] {subject.name} {subject.uid} ({subject.label}) "
        f"as of {tree.today}"
    )
    root = tree.root
    kinds = sorted({d.kind for d in root.data_sources if d.kind})
    console.print(
        f"root 根 (格+数据源): {len(root.cells)} cells, {len(root.data_sources)} data sources "
        f"({', '.join(kinds)})"
    )
    chain = " → ".join(f"L{n.level} {n.name}" for n in tree.trunk.chain) or "—"
    console.print(
        f"trunk 干 (网+流程): {chain}; {len(tree.trunk.processes)} processes"
        + ("" if tree.trunk.reaches_level_2 else " [red](does not reach level 2)[/red]")
    )
    leaves = Table(title="leaves 叶 (业务支点+履责清单)")
    for column in ("officer role", "officers", "duties", "incomplete"):
        leaves.add_column(column)
    for leaf in tree.leaves.roles:
        names = (
            ", ".join(sorted({o.person.name or o.person.uid for o in leaf.officers}))
            or "[red]—[/red]"
        )
        incomplete = sum(1 for d in leaf.duties if d.missing)
        leaves.add_row(
            f"{leaf.role.zh} {leaf.role.value}", names, str(len(leaf.duties)), str(incomplete)
        )
    console.print(leaves)
    fruit = tree.fruit
    a = fruit.assessment
    console.print(
        "fruit 果 (运行质效+考核评价): "
        f"problems {fruit.problems.solved}/{fruit.problems.total} solved; "
        f"hazards {fruit.hazards.closed_on_time} closed on time, {fruit.hazards.closed_late} late, "
        f"{fruit.hazards.open_overdue} open overdue of {fruit.hazards.total}; "
        f"training {fruit.training.sessions} sessions since {fruit.training.window_from}; "
        f"assessment {a.latest_month}: {a.latest_average}, 12-month {a.year_average}"
    )


def render_analytics(console: Console, report: AnalyticsReport) -> None:
    w = report.workload
    console.print(
        f"[bold]workload[/bold] as of {report.as_of}: {w.owned_objects:,} objects over "
        f"{w.people:,} people; mean {w.mean:.2f}, median {w.median}, p90 {w.p90}, max {w.max}, "
        f"Gini {w.gini:.3f}"
    )
    spof = Table(title="single points of failure (departure breaks the most chains)")
    for column in ("person", "orphaned objects", "broken units", "score"):
        spof.add_column(column)
    for point in report.single_points_of_failure:
        spof.add_row(
            f"{point.person.name} {point.person.uid}",
            str(point.orphaned_objects),
            str(point.broken_units),
            str(point.score),
        )
    console.print(spof)
    console.print(f"detached from the level-2 net: {len(report.detached)}")
    for node in report.detached[:20]:
        console.print(f"  {node.label} {node.uid}: {node.reason}")
    console.print(f"micro-cells outside the 2–4 span: {len(report.microcell_sizes)}")
    for span in report.microcell_sizes:
        console.print(f"  {span.uid} {span.name or ''} in {span.cell}: span {span.size}")
