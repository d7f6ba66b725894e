"""Every ledger kind, named by hand: its label, Chinese name, reference links and aliases."""

from __future__ import annotations

from seed.ledgers.kinds.model import Kind, Link

_PERSON = ("Person",)
_OWNER_NOTE = (
    "the person accountable (uid or employee_no of a Person); changing it closes the old assignment"
)
_STANDARDS_NOTE = "governing standards (uid or code), several separated by ;"


def _owner(zh: str = "责任人") -> Link:
    return Link("owner", zh, "OWNED_BY", _PERSON, _OWNER_NOTE, aliases=("责任人", "负责人"))


def _cell(
    zh: str = "所属格",
    rel_type: str = "BELONGS_TO",
    note: str = "uid of the cell (格) it belongs to",
    aliases: tuple[str, ...] = (),
) -> Link:
    return Link("cell", zh, rel_type, ("Cell",), note, aliases=aliases)


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
            Link(
                "participants",
                "参训人员",
                "ATTENDED_BY",
                _PERSON,
                "who signed in (uid or employee_no), several separated by ;",
                many=True,
                aliases=("签到人员", "签到", "参训人"),
            ),
        ),
        home="cells",
        aliases=("training_sessions", "培训台账", "培训签到", "training_attendance"),
    ),
    Kind(
        "assessments",
        "考核",
        "monthly assessments (月度考核)",
        "Assessment",
        (_cell("被考核格", "ASSESSES", "uid of the cell (格) assessed", ("考核格", "所属格")),),
        home="cell",
        aliases=("月度考核", "月考核", "考核评价", "monthly_assessments"),
    ),
    Kind(
        "visits",
        "走访",
        "grassroots visits (基层日走访)",
        "Visit",
        (
            Link(
                "visitor",
                "走访人",
                "VISITED_BY",
                _PERSON,
                "the leader who visited (uid or employee_no)",
                aliases=("走访领导", "领导"),
            ),
            _cell("走访格", "VISITED", "uid of the cell (格) visited", ("所到格", "所属格")),
        ),
        home="cell",
        aliases=("基层日走访", "走访记录", "下基层", "基层日", "leader_visits"),
    ),
    Kind(
        "tackle_teams",
        "攻坚队",
        "party-member tackling teams (党员攻坚队)",
        "TackleTeam",
        (
            Link("net", "所属网", "IN_NET", ("Net",), "uid of the net the team serves"),
            Link(
                "members",
                "队员",
                "IN_TEAM",
                _PERSON,
                "its members (uid or employee_no), several separated by ;",
                incoming=True,
                many=True,
                aliases=("攻坚队员", "成员"),
            ),
        ),
        home="net",
        aliases=("党员攻坚队", "tackleteams", "tackling_teams"),
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


IMPORTABLE_LABELS: tuple[str, ...] = tuple(k.label for k in KINDS if k.label is not None)
