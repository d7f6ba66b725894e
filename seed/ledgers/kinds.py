"""The ledger kinds (台账): which node label each one holds, its columns and their headers.

Property columns are read from the schema of record (``graph.schema.node_spec``), so a
property added to a neomodel class appears in its ledger without being listed here; only
the Chinese headers and the reference columns (relationships a ledger carries) are named
by hand. Health records are deliberately absent: they are sensitive and never leave the
database through a ledger.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import cache

from graph.enums import OfficerRole
from graph.model.base import SEARCH_PROPERTY
from graph.schema import PropertySpec, RelationshipSpec, base_spec, node_spec, relationship_spec

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
    holder changes, the new assignment starts then (else at the import's time).
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
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.key


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
        return _columns(self)

    def column(self, key: str) -> Column:
        return _columns_by_key(self)[key]

    def link(self, key: str) -> Link:
        link = _columns_by_key(self)[key].link
        assert link is not None, f"{self.key}.{key} is not a link column"
        return link


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
    ("Agreement", "title"): "协议名称",
}
"""Where a ledger says it differently (a roster's 姓名, a register's 隐患描述)."""

_PERSON = ("Person",)
_OWNER_NOTE = (
    "the person accountable (uid or employee_no of a Person); changing it closes the old assignment"
)
_STANDARDS_NOTE = "governing standards (uid or code), several separated by ;"


def _owner(zh: str = "责任人") -> Link:
    return Link("owner", zh, "OWNED_BY", _PERSON, _OWNER_NOTE, aliases=("责任人", "负责人"))


def _cell(zh: str = "所属格", rel_type: str = "BELONGS_TO") -> Link:
    return Link("cell", zh, rel_type, ("Cell",), "uid of the cell (格) it belongs to")


def _standards() -> Link:
    return Link("standards", "执行标准", "GOVERNED_BY", ("Standard",), _STANDARDS_NOTE, many=True)


def _object_links() -> tuple[Link, ...]:
    return (_cell(), _owner(), _standards())


KINDS: tuple[Kind, ...] = (
    Kind(
        "nets",
        "网",
        "nets (二级网 / 三级网 / 四级网)",
        "Net",
        (Link("parent", "上级网", "PART_OF", ("Net",), "uid of the net one level up"),),
        home="parent",
        aliases=("网台账", "网格"),
    ),
    Kind(
        "cells",
        "格",
        "vanguard cells (先锋格)",
        "Cell",
        (Link("net", "所属网", "PART_OF", ("Net",), "uid of its level-4 net (堡垒网)"),),
        home="net",
        aliases=("先锋格", "格台账"),
    ),
    Kind(
        "microcells",
        "微格",
        "micro-cells (微格)",
        "MicroCell",
        (
            Link("cell", "所属格", "PART_OF", ("Cell",), "uid of its cell (格)"),
            Link(
                "lead",
                "微格负责人",
                "LEADS",
                _PERSON,
                "the party member leading it (uid or employee_no)",
                incoming=True,
            ),
        ),
        home="cell",
        aliases=("微网格", "微格台账"),
    ),
    Kind(
        "people",
        "人员",
        "people and micro-cell memberships (人员花名册)",
        "Person",
        (
            Link(
                "microcell",
                "所在微格",
                "MEMBER_OF",
                ("MicroCell",),
                "uid of the one micro-cell the person is in",
                one_only="a person is in exactly one micro-cell (身处一网、责集一格)",
            ),
        ),
        home="microcell",
        aliases=("花名册", "人员台账", "persons"),
    ),
    Kind(
        "posts",
        "职务",
        "heads and officer roles (网长、格长、八大员)",
        None,
        home="unit",
        aliases=("任职", "职务台账", "heads", "officers"),
    ),
    Kind(
        "equipment",
        "设备",
        "equipment ledger (设备台账)",
        "Equipment",
        (
            _cell(),
            Link("area", "所在区域", "LOCATED_IN", ("Area",), "uid of the area it stands in"),
            _owner(),
            _standards(),
        ),
        home="cell",
        aliases=("设备台账",),
    ),
    Kind("areas", "区域", "areas (区域)", "Area", _object_links(), home="cell"),
    Kind(
        "work_items",
        "工作事项",
        "work items (工作事项)",
        "WorkItem",
        _object_links(),
        home="cell",
        aliases=("workitems", "事项"),
    ),
    Kind(
        "duties",
        "职责",
        "duties with their six elements (履责清单)",
        "Duty",
        (
            _cell(),
            Link(
                "assignee",
                "责任人",
                "ASSIGNED_TO",
                _PERSON,
                "the person the duty is assigned to (uid or employee_no)",
            ),
            Link(
                "objects",
                "对象",
                "APPLIES_TO",
                ("Equipment", "Area", "WorkItem"),
                "uids of the equipment, areas or work items it applies to, separated by ;",
                many=True,
            ),
            Link(
                "controls",
                "管控风险点",
                "CONTROLS",
                ("RiskPoint",),
                "uids of the risk points it controls, separated by ;",
                many=True,
            ),
        ),
        home="cell",
        aliases=("履责清单", "职责清单"),
    ),
    Kind(
        "standards",
        "标准",
        "standards catalogue (标准目录)",
        "Standard",
        (
            Link(
                "derived_from",
                "上位标准",
                "DERIVED_FROM",
                ("Standard",),
                "uid or code of the guidance standard it is derived from",
            ),
        ),
        aliases=("标准目录",),
    ),
    Kind(
        "risk_lists",
        "岗位风险清单",
        "post risk lists (岗位风险清单)",
        "RiskList",
        (_cell(),),
        home="cell",
        aliases=("risklists", "风险清单"),
    ),
    Kind(
        "risk_points",
        "风险点",
        "risk points (风险点)",
        "RiskPoint",
        (
            Link("risk_list", "所属风险清单", "LISTED_IN", ("RiskList",), "uid of its risk list"),
            _cell(),
            _owner(),
            Link(
                "at",
                "所在设备或区域",
                "AT",
                ("Equipment", "Area"),
                "uid of the equipment or area where it is",
            ),
        ),
        home="cell",
        aliases=("riskpoints", "风险点台账"),
    ),
    Kind(
        "hazards",
        "隐患",
        "hazard register (隐患台账)",
        "Hazard",
        (
            Link("risk_point", "风险点", "FOUND_AT", ("RiskPoint",), "uid of the risk point"),
            _cell(),
            _owner("整改责任人"),
            Link(
                "verified_by",
                "验收人",
                "VERIFIED_BY",
                _PERSON,
                "who verified the rectification (uid or employee_no)",
            ),
        ),
        home="cell",
        aliases=("隐患台账",),
    ),
    Kind(
        "problems",
        "问题",
        "problems and suggestions (问题台账)",
        "Problem",
        (
            _cell("所在格", "RAISED_IN"),
            Link(
                "reporter", "上报人", "REPORTED_BY", _PERSON, "who reported it (blank: anonymous)"
            ),
            _owner("处理人"),
            Link(
                "escalated_to",
                "升级至",
                "ESCALATED_TO",
                ("Net",),
                "uid of the net a big matter was escalated to",
            ),
        ),
        home="cell",
        aliases=("问题台账",),
    ),
    Kind(
        "training",
        "培训",
        "training sessions (培训台账)",
        "TrainingSession",
        (
            Link(
                "cells",
                "参训格",
                "TRAINED",
                ("Cell",),
                "uids of the cells trained, separated by ;",
                many=True,
            ),
            Link("trainer", "授课人", "TAUGHT_BY", _PERSON, "who taught it (uid or employee_no)"),
        ),
        home="cells",
        aliases=("training_sessions", "培训台账"),
    ),
    Kind(
        "partners",
        "协作单位",
        "partner organisations (企地协同单位)",
        "PartnerOrg",
        (
            Link(
                "agreements",
                "签署协议",
                "SIGNED",
                ("Agreement",),
                "uids of the agreements it signed, separated by ;",
                many=True,
            ),
            Link(
                "nets",
                "联动网",
                "LINKED_WITH",
                ("Net",),
                "uids of the nets it is linked with, separated by ;",
                many=True,
            ),
        ),
        home="nets",
        aliases=("partner_orgs", "协作单位台账"),
    ),
    Kind(
        "agreements",
        "合作协议",
        "cooperation agreements (合作框架协议)",
        "Agreement",
        aliases=("协议",),
    ),
)
"""Every ledger kind, in the order rows are written (referenced kinds first)."""

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
def _columns_by_key(kind: Kind) -> dict[str, Column]:
    return {column.key: column for column in _columns(kind)}


def _since_note(link: Link) -> str:
    return f"when the current {link.key} assignment began (date or date-time; default: import time)"


@cache
def lifecycle_properties() -> frozenset[str]:
    """Properties every node carries besides its uid (``retired_at``, ``retired_reason``):
    they belong to the change workflow (retiring closes assignments and is audited), not
    to a ledger, so ledgers neither read nor write them."""
    return frozenset(base_spec().properties) - {"uid"}


@cache
def _columns(kind: Kind) -> tuple[Column, ...]:
    if kind.label is None:
        return _POSTS_COLUMNS
    spec = node_spec(kind.label)
    columns = []
    for name, prop in spec.properties.items():
        if name == SEARCH_PROPERTY or name in lifecycle_properties():
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


IMPORTABLE_LABELS: tuple[str, ...] = tuple(k.label for k in KINDS if k.label is not None)
