"""The business tree (业务树) of a cell or a net: root, trunk, leaves and fruit (DOMAIN.md §5).

A cell's tree is read from the cell itself; a net's tree aggregates every cell beneath it
through current ``PART_OF`` links. Seven read statements answer any subject, whatever its
size (``queries/cypher/business_tree/``).

The package follows the tree: ``root``, ``trunk``, ``leaves`` and ``fruit`` (each part's
types and how it is read), ``people`` (the people it names) and ``tree`` (the whole).

JSON shape of :meth:`BusinessTree.to_json` (every list sorted, so equal graphs give equal
documents)::

    {
      "subject": {"uid", "label": "Cell" | "Net", "name", "level": int | null},
      "as_of": "YYYY-MM-DDTHH:MM:SSZ",   # instant at which links and posts are current
      "today": "YYYY-MM-DD",             # reference day of the fruit
      "root": {                          # 格 + 数据源
        "cells": [{"uid", "name", "mode", "mode_zh", "nets": [uid], "heads": [person]}],
        "data_sources": [{"uid", "name", "kind", "kind_zh", "cells": [uid]}]
      },
      "trunk": {                         # 网 + 流程
        "chain": [net],                  # upward: L4 → L3 → L2 (a net subject first)
        "reaches_level_2": bool,
        "nets_below": [net],             # a net subject's nets beneath it, by level
        "processes": [{"uid", "name", "kind", "kind_zh", "role", "role_zh", "net",
                       "fed_by": [uid], "standards": [code]}]
      },
      "leaves": {                        # 业务支点 + 履责清单
        "roles": [{"role", "role_zh", "officers": [{"uid", "name", "cell", "since"}],
                   "duties": [duty], "duty_count", "complete_duties"}],   # all eight roles
        "duties_without_role": [duty]
      },
      "fruit": {                         # 运行质效 + 考核评价
        "problems": {"total", "solved", "open"},
        "hazards": {"total", "closed_on_time", "closed_late", "open", "open_overdue"},
        "training": {"sessions", "attendees", "window_days", "from", "to"},
        "assessment": {"latest_month", "latest_average", "latest_assessments",
                       "year_from", "year_average", "year_assessments"}
      }
    }
    net    = {"uid", "name", "level", "kind", "kind_zh", "parent", "heads": [person]}
    person = {"uid", "name"}
    duty   = {"uid", "title", "role", "cell", "assignees": [person], "complete",
              "missing": [element]}    # element ∈ person, matter, object, responsibility,
                                       #           time, space (六要素)
"""

from queries.business_tree.fruit import (
    ASSESSMENT_WINDOW_MONTHS,
    AssessmentTally,
    Fruit,
    HazardTally,
    ProblemTally,
    TrainingTally,
)
from queries.business_tree.leaves import DutyEntry, Leaf, Leaves, Officer
from queries.business_tree.people import PersonRef
from queries.business_tree.root import CellNode, DataSourceNode, Root
from queries.business_tree.tree import BusinessTree, Subject, SubjectLabel, business_tree
from queries.business_tree.trunk import NetNode, ProcessNode, Trunk

__all__ = [
    "ASSESSMENT_WINDOW_MONTHS",
    "AssessmentTally",
    "BusinessTree",
    "CellNode",
    "DataSourceNode",
    "DutyEntry",
    "Fruit",
    "HazardTally",
    "Leaf",
    "Leaves",
    "NetNode",
    "Officer",
    "PersonRef",
    "ProblemTally",
    "ProcessNode",
    "Root",
    "Subject",
    "SubjectLabel",
    "TrainingTally",
    "Trunk",
    "business_tree",
]
