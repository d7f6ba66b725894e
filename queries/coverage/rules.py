"""The catalog of coverage rules: what each finds, why it matters (DOMAIN.md), how severe it
is, and the Cypher parameters its statement takes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from graph.grid_rules import OVERLOAD_LIMIT, TRAINING_WINDOW_DAYS

type Severity = Literal["high", "medium", "low"]


DEFAULT_OVERLOAD_THRESHOLD = OVERLOAD_LIMIT
DEFAULT_TRAINING_DAYS = TRAINING_WINDOW_DAYS


PARAMETERS: dict[str, str] = {
    "at": "the instant assignments are read at (as_of; `YYYY-MM-DDTHH:MM:SSZ`)",
    "today": "the reference date (`YYYY-MM-DD`) for deadlines and found dates",
    "cells": "uids of the cells in the chosen subtree; null for the whole grid",
    "nets": "uids of the nets in the chosen subtree; null for the whole grid",
    "threshold": "overload_threshold: most current objects one person may own (default 40)",
    "since": "today minus training_days (default 180): the start of the training window",
    "month": "the month before today's month (`YYYY-MM`): the assessment every cell needs",
    "roles": "the eight officer roles (八大员), OfficerRole values",
    "done": "hazard states that close the loop: rectified, verified, closed",
    "span_min": "fewest members a micro-cell lead leads (2)",
    "span_max": "most members a micro-cell lead leads (4)",
    "level": "the standard level that must derive from a guidance standard (unit)",
}
"""Every Cypher parameter a rule may take, and what ``gaps`` binds it to."""


@dataclass(frozen=True, slots=True)
class Rule:
    """One named coverage rule: what it finds, why it matters, and the statement it runs.

    Example:
        >>> rule = RULES["cell_without_head"]
        >>> rule.title_zh, rule.severity, rule.query
        ('格无格长', 'high', 'coverage/cell_without_head')
    """

    id: str
    title_en: str
    title_zh: str
    severity: Severity
    rationale: str
    parameters: tuple[str, ...]

    @property
    def query(self) -> str:
        """The Cypher file it runs, as ``cypher()`` names it."""
        return f"coverage/{self.id}"


CATALOG: tuple[Rule, ...] = (
    Rule(
        "object_without_owner",
        "Object without an owner",
        "设备区域事项无专人",
        "high",
        "Every device, area and work item has its dedicated person (专人, §3); an object "
        "nobody owns now breaks every accountability trace that starts from it (§9).",
        ("at", "cells"),
    ),
    Rule(
        "object_without_standard",
        "Object without a standard",
        "设备区域事项无专标",
        "medium",
        "Every device, area and work item works to a dedicated standard (专标, §3); without "
        "one in force nobody can say how the work is to be done.",
        ("at", "cells"),
    ),
    Rule(
        "risk_point_without_control",
        "Risk point without a controlling duty",
        "风险点无管控职责",
        "high",
        "An identified risk point (§8) that no duty controls has no person, time or space "
        "locked to it (§4): the risk is listed but not managed.",
        ("at", "cells"),
    ),
    Rule(
        "hazard_overdue",
        "Hazard past its rectification deadline",
        "隐患逾期未整改",
        "high",
        "Hazards are found and handled in a closed loop (§8); an open hazard past its "
        "deadline is the plainest sign that the loop is stuck.",
        ("at", "today", "done", "cells"),
    ),
    Rule(
        "hazard_without_owner",
        "Open hazard without an owner",
        "隐患无整改责任人",
        "high",
        "An open hazard with nobody responsible for its rectification cannot be chased; "
        "problems must travel up fast and land on a person (§4, §6).",
        ("at", "today", "done", "cells"),
    ),
    Rule(
        "microcell_without_lead",
        "Micro-cell without a lead",
        "微格无带头人",
        "high",
        "A micro-cell is one party member leading 2–4 members (§2); without a lead the grid "
        "stops short of the person.",
        ("at", "cells"),
    ),
    Rule(
        "microcell_lead_not_party_member",
        "Micro-cell led by a non-party member",
        "微格带头人非党员",
        "medium",
        "The micro-grid rule puts a party member (网格员) at the head of each micro-cell "
        "(§2); an ordinary member leading one breaks the 'party member +' mechanism (§4).",
        ("at", "cells"),
    ),
    Rule(
        "microcell_lead_not_member",
        "Micro-cell lead not a member of it",
        "微格带头人不在本微格",
        "medium",
        "A party member leads the 2–4 members of their own micro-cell (一名党员带动2至4名群众, "
        "§2) and is in exactly one micro-cell; a lead placed in another micro-cell, or in none, "
        "answers for people they do not work beside.",
        ("at", "cells"),
    ),
    Rule(
        "lead_span_out_of_range",
        "Lead span outside 2–4 members",
        "党员带动人数不在2至4人",
        "low",
        "Each party member leads 2–4 ordinary members (§2); fewer wastes a lead, more "
        "stretches one beyond what the article asks.",
        ("at", "span_min", "span_max", "cells"),
    ),
    Rule(
        "person_without_microcell",
        "Person in no micro-cell",
        "人员未入格",
        "high",
        "Every employee is in exactly one net (身处一网, §2); someone in no micro-cell is "
        "outside the grid altogether.",
        ("at", "cells"),
    ),
    Rule(
        "person_in_several_microcells",
        "Person in several micro-cells",
        "人员多格重复",
        "medium",
        "Every employee is responsible in exactly one cell (责集一格, §2); a membership "
        "left open after a move splits that responsibility.",
        ("at", "cells"),
    ),
    Rule(
        "cell_missing_officer_role",
        "Cell missing an officer role",
        "格内八大员缺岗",
        "medium",
        "Each cell carries all eight officer duties (八大员, §2); a role nobody holds "
        "leaves its business tree without a trunk (§5).",
        ("at", "roles", "cells"),
    ),
    Rule(
        "net_without_head",
        "Net without a head",
        "网无网长",
        "high",
        "Every level has a head (网长) and the chain must run unbroken from top to front "
        "line (§1); a headless net cuts it for everything below.",
        ("at", "nets"),
    ),
    Rule(
        "cell_without_head",
        "Cell without a head",
        "格无格长",
        "high",
        "A cell is led by its cell head (格长, §1); without one nobody answers for the "
        "cell's members, objects and duties.",
        ("at", "cells"),
    ),
    Rule(
        "owner_outside_cell",
        "Owner outside the object's cell",
        "责任人不在本格",
        "medium",
        "Every employee is responsible in exactly one cell (责集一格, §2) and small matters "
        "are solved inside it (§6); an owner from another cell is not there to look, "
        "listen and report.",
        ("at", "cells"),
    ),
    Rule(
        "overloaded_owner",
        "Overloaded owner",
        "责任人负荷过重",
        "medium",
        "One person may hold several roles (一员多用, §2), but an owner of too many objects "
        "cannot give each the dedicated attention §3 asks for.",
        ("at", "threshold", "cells"),
    ),
    Rule(
        "duty_missing_element",
        "Duty missing one of the six elements",
        "职责六要素不全",
        "medium",
        "A duty locks person, matter, object, responsibility, time and space (六要素, §4); "
        "one that lacks an element is incomplete.",
        ("at", "cells"),
    ),
    Rule(
        "unit_standard_not_derived",
        "Unit standard not derived from a guidance standard",
        "单位标准无指导标准依据",
        "low",
        "Unit work standards extend the ~400 guidance standards (§3); one with no guidance "
        "standard behind it has left the cascade.",
        ("level", "cells"),
    ),
    Rule(
        "cell_without_recent_training",
        "Cell without recent training",
        "格内近期未培训",
        "low",
        "The training matrix reaches every cell (三学四课堂, §7); a cell with no session in "
        "the window has dropped out of it.",
        ("at", "today", "since", "cells"),
    ),
    Rule(
        "cell_without_assessment",
        "Cell without last month's assessment",
        "格上月未考核",
        "low",
        "Operating quality is assessed every month (运行质效+考核评价, §5, §6); a cell "
        "missing last month's assessment has no fruit on its business tree.",
        ("at", "month", "cells"),
    ),
    Rule(
        "object_outside_cell",
        "Object outside its cell",
        "对象位置不在本格",
        "medium",
        "Space (空间) is one of the six elements (§4) and the grid is drawn on a real map "
        "(§1); a device, area, risk point, hazard or problem placed outside its cell's "
        "territory is either misplaced or in the wrong cell, and a report from there goes "
        "to the wrong people.",
        ("at", "cells"),
    ),
    Rule(
        "overlapping_cells",
        "Overlapping cells",
        "网格辖区重叠",
        "medium",
        "Every point lies in one cell (身处一网、责集一格, §2); where two cells' territories "
        "overlap, a matter found there has two owners, and so none.",
        ("at", "cells"),
    ),
    Rule(
        "territory_not_covered",
        "Territory not covered by its cells",
        "辖区未全覆盖",
        "high",
        "One big net covers everything (一网覆盖, §1); a part of a net's territory that none "
        "of its cells (or nets below) covers has nobody to look, listen and report there.",
        ("at", "nets"),
    ),
    Rule(
        "object_without_position",
        "Object without a position",
        "对象未上图",
        "low",
        "The grid is drawn on a real map (实景地图, §1); a device or area of a mapped cell "
        "that is not on the map cannot be found by where it is, nor a hazard routed to it.",
        ("at", "cells"),
    ),
)
"""Every rule, in the order reports list them; ids equal the seed's defect ids."""

RULES: dict[str, Rule] = {rule.id: rule for rule in CATALOG}


def catalog() -> list[Rule]:
    """Every coverage rule, in report order.

    Example:
        >>> [rule.id for rule in catalog()][:2]
        ['object_without_owner', 'object_without_standard']
    """
    return list(CATALOG)
