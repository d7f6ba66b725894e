// The frame of the roll-up in one statement: every net and every cell (rows with labels),
// then every PART_OF link of a unit to a net with its dates (rows with a parent);
// queries/coverage.py keeps the links current at the instant asked and climbs them (a cell
// → its level-4 → level-3 → level-2 net). Filtering the links here (WHERE r.since <= $at …)
// or walking a variable-length path from every unit cost 2–4× more at scale 10: FalkorDB
// reads relationship properties slowly in filters, and there is about one link per unit.
MATCH (n:Net)
RETURN n.uid AS uid, labels(n) AS labels, n.name AS name, n.level AS level,
       null AS parent, null AS since, null AS until
UNION ALL
MATCH (c:Cell)
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, null AS level,
       null AS parent, null AS since, null AS until
UNION ALL
MATCH (a)-[r:PART_OF]->(b:Net)
RETURN a.uid AS uid, null AS labels, null AS name, null AS level,
       b.uid AS parent, r.since AS since, r.until AS until
