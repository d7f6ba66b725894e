// Analytics projection, nodes: uid, label, name (and level for nets) of every node whose
// label is in $labels. Each branch first checks its label against $labels, so a label not
// asked for costs no scan. Labels: Person, Net, Cell, MicroCell, Equipment, Area, WorkItem,
// RiskPoint.
WITH $labels AS labels WHERE 'Person' IN labels
MATCH (n:Person) RETURN n.uid AS uid, 'Person' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'Net' IN labels
MATCH (n:Net) RETURN n.uid AS uid, 'Net' AS label, n.name AS name, n.level AS level
UNION ALL
WITH $labels AS labels WHERE 'Cell' IN labels
MATCH (n:Cell) RETURN n.uid AS uid, 'Cell' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'MicroCell' IN labels
MATCH (n:MicroCell) RETURN n.uid AS uid, 'MicroCell' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'Equipment' IN labels
MATCH (n:Equipment) RETURN n.uid AS uid, 'Equipment' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'Area' IN labels
MATCH (n:Area) RETURN n.uid AS uid, 'Area' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'WorkItem' IN labels
MATCH (n:WorkItem) RETURN n.uid AS uid, 'WorkItem' AS label, n.name AS name, null AS level
UNION ALL
WITH $labels AS labels WHERE 'RiskPoint' IN labels
MATCH (n:RiskPoint) RETURN n.uid AS uid, 'RiskPoint' AS label, n.name AS name, null AS level
