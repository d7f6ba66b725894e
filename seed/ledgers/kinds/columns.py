"""The columns of each ledger kind, read from the schema of record: property columns with
their Chinese headers and aliases, a reference column per link (and its ``_since`` and
``_until`` columns), and the fixed columns of the posts ledger."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from graph.enums import OfficerRole
from graph.model.base import SEARCH_PROPERTY
from graph.model.service import SCORE_RANGE
from graph.schema import PropertySpec, base_spec, node_spec
from graph.status_history import PROPERTY as STATUS_HISTORY
from seed.ledgers.geography import DERIVED
from seed.ledgers.geography import HEADERS as GEOGRAPHY_HEADERS

if TYPE_CHECKING:
    from seed.ledgers.kinds.model import Kind, Link


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a ledger as the templates write it."""

    key: str
    zh: str
    note: str
    required: bool = False
    prop: PropertySpec | None = None
    link: Link | None = None
    since_of: Link | None = None
    until_of: Link | None = None
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.key


_LOWEST, _HIGHEST = SCORE_RANGE
_PROPERTY_HEADERS: dict[str, tuple[str, ...]] = {
    "uid": ("the stable key, unique across all kinds", "编号", "唯一编号", "id"),
    "name": ("name", "名称", "姓名"),
    "title": ("title or short description", "标题", "名称"),
    "level": ("net level 2, 3 or 4 (standards: guidance or unit)", "层级", "级别"),
    "kind": ("kind", "类型"),
    "region": ("the region the net covers", "区域范围"),
    "mode": ("how the cell is drawn: by scene or by duty", "定格方式"),
    "employee_no": ("employee number, unique", "员工编号", "工号"),
    "party_member": ("party member (党员)", "党员", "是否党员"),
    "post": ("post (岗位)", "岗位"),
    "joined_on": ("date joined", "入职日期"),
    "city": ("city", "城市"),
    "signed_on": ("date signed", "签订日期"),
    "scope": ("scope of the cooperation", "合作范围"),
    "tag": ("tag number on the device", "位号", "设备位号"),
    "category": ("category", "类别"),
    "commissioned_on": ("date put into service", "投运日期"),
    "frequency": ("how often the work is done", "频次"),
    "code": ("standard code, unique (e.g. TRQ/ZD-0001)", "标准编号", "代码"),
    "effective_from": ("date the standard takes effect", "实施日期"),
    "dimension": ("one of the eight dimensions", "维度"),
    "domain": ("one of the fifteen domains", "领域"),
    "matter": ("the matter (事)", "事项", "事"),
    "responsibility": ("the responsibility (责)", "责任", "责"),
    "schedule": ("the time element (时间): when or how often", "时间要求", "时间"),
    "space": ("the space element (空间): where", "空间范围", "空间"),
    "role": ("the officer role (八大员) it serves", "角色", "八大员"),
    "grade": ("graded colour of the risk", "风险等级", "等级"),
    "severity": ("severity", "隐患等级"),
    "status": ("state in its closed loop", "状态"),
    "found_on": ("date found", "发现日期"),
    "deadline": ("rectification deadline", "整改期限"),
    "closed_on": ("date closed", "销号日期"),
    "scale": ("small (solved in the cell) or big (escalated)", "事项大小"),
    "anonymous": ("reported anonymously", "匿名", "是否匿名"),
    "reported_on": ("date reported", "上报日期"),
    "resolved_on": ("date resolved", "解决日期"),
    "resolution": ("how it was resolved", "处理结果"),
    "held_on": ("date held", "培训日期"),
    "attendees": ("number of attendees", "参训人数"),
    "month": ("the month assessed", "考核月份", "月份"),
    "score": (
        f"the assessment score, from {_LOWEST:g} to {_HIGHEST:g}",
        "考核得分",
        "得分",
        "分数",
    ),
    "visited_on": ("date of the visit", "走访日期", "日期"),
    "purpose": ("what the visit was for", "走访事由", "事由", "目的"),
    "task": ("the task the team tackles", "攻坚任务", "任务"),
    **GEOGRAPHY_HEADERS,
}
"""Meaning, Chinese header and accepted aliases of every importable property."""

_ZH_BY_LABEL: dict[tuple[str, str], str] = {
    ("Person", "name"): "姓名",
    ("Standard", "title"): "标准名称",
    ("Standard", "level"): "标准类别",
    ("Duty", "title"): "职责名称",
    ("Hazard", "title"): "隐患描述",
    ("Problem", "title"): "问题描述",
    ("TrainingSession", "title"): "培训主题",
    ("TackleTeam", "name"): "攻坚队名称",
    ("Agreement", "title"): "协议名称",
}
"""Where a ledger says it differently (a roster's 姓名, a register's 隐患描述)."""


_POSTS_COLUMNS = (
    Column("unit", "单位编号", "uid of the net or cell the post belongs to", required=True),
    Column(
        "post",
        "职务",
        "head (网长 of a net, 格长 of a cell) or one of the eight officer roles (八大员): "
        + ", ".join(f"{r.value} = {r.zh}" for r in OfficerRole),
        required=True,
        aliases=("岗位", "角色"),
    ),
    Column(
        "person",
        "人员",
        "holder (uid or employee_no); several officers separated by ; a head is one person; "
        "blank closes the post",
        aliases=("任职人", "姓名编号"),
    ),
    Column(
        "since",
        "任职日期",
        "when a new holder took the post (default: the import's time)",
        aliases=("任职时间", "起始日期"),
    ),
)


@cache
def columns_by_key(kind: Kind) -> dict[str, Column]:
    """The columns of ``kind`` by key."""
    return {column.key: column for column in columns_of(kind)}


def _since_note(link: Link) -> str:
    return f"when the current {link.key} assignment began (date or date-time; default: import time)"


def _until_note(link: Link) -> str:
    return (
        f"when the {link.key} assignment of this row ended (a past {link.key}; blank {link.key}: "
        f"the current one ends then); after {link.key}_since, not after the import time"
    )


_NOT_COLUMNS = frozenset({SEARCH_PROPERTY, STATUS_HISTORY})
"""Derived search tokens, and the status history (a ledger row holds the current status; an
import that changes it appends to the history, ``seed.ledgers.plan``; a node a ledger creates
is read as holding its status since its found/reported date)."""


@cache
def lifecycle_properties() -> frozenset[str]:
    """Properties every node carries besides its uid (``retired_at``, ``retired_reason``):
    they belong to the change workflow (retiring closes assignments and is audited), not
    to a ledger, so ledgers neither read nor write them."""
    return frozenset(base_spec().properties) - {"uid"}


@cache
def columns_of(kind: Kind) -> tuple[Column, ...]:
    """The columns of ``kind`` in template order: its properties as the schema declares them
    (lifecycle and search properties left out), then each link and its ``_since`` and
    ``_until`` columns."""
    if kind.label is None:
        return _POSTS_COLUMNS
    spec = node_spec(kind.label)
    columns = []
    # Where it lies comes after what it is (the geography columns last, as GIS users add them).
    ordered = sorted(spec.properties.items(), key=lambda item: item[0] in GEOGRAPHY_HEADERS)
    for name, prop in ordered:
        if name in _NOT_COLUMNS or name in lifecycle_properties() or name in DERIVED:
            continue
        meaning, zh, *aliases = _PROPERTY_HEADERS[name]
        if (kind.label, name) in _ZH_BY_LABEL:
            zh, aliases = _ZH_BY_LABEL[(kind.label, name)], [zh, *aliases]
        columns.append(
            Column(
                name,
                zh,
                meaning,
                required=prop.required,
                prop=prop,
                aliases=tuple(aliases),
            )
        )
    for link in kind.links:
        columns.append(Column(link.key, link.zh, link.note, link=link, aliases=link.aliases))
        if not link.many and link.temporal(kind.label):
            since_zh = f"{link.zh}起始日期"
            columns.append(Column(link.since_key, since_zh, _since_note(link), since_of=link))
            until_zh = f"{link.zh}结束日期"
            columns.append(Column(link.until_key, until_zh, _until_note(link), until_of=link))
    return tuple(columns)


def property_format(prop: PropertySpec) -> str:
    """What a property column accepts, in words."""
    kinds = {
        "string": "text",
        "date": "date YYYY-MM-DD",
        "integer": "whole number",
        "float": "number",
        "boolean": "yes/no (true/false, 是/否)",
        "month": "month YYYY-MM",
        "timestamp": "date-time",
    }
    parts = [kinds.get(prop.kind, prop.kind)]
    if prop.max_length:
        parts.append(f"at most {prop.max_length} characters")
    if prop.unique:
        parts.append("unique")
    return ", ".join(parts)
