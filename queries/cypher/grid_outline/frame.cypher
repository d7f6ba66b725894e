// Grid outline, the frame in one statement: every net, cell and micro-cell (rows with a
// kind), then every PART_OF link of a unit to a net and of a micro-cell to a cell, with its
// dates (rows with a parent). queries/grid_outline.py keeps the links current at the instant
// asked and walks them (filtering link dates here costs more on FalkorDB, see
// coverage/hierarchy.cypher).
MATCH (n:Net)
RETURN n.uid AS uid, 'Net' AS kind, n.name AS name, n.level AS level,
       n.retired_at AS retired, null AS parent, null AS since, null AS until
UNION ALL
MATCH (c:Cell)
RETURN c.uid AS uid, 'Cell' AS kind, c.name AS name, null AS level,
       c.retired_at AS retired, null AS parent, null AS since, null AS until
UNION ALL
MATCH (m:MicroCell)
RETURN m.uid AS uid, 'MicroCell' AS kind, m.name AS name, null AS level,
       m.retired_at AS retired, null AS parent, null AS since, null AS until
UNION ALL
MATCH (a)-[r:PART_OF]->(b:Net)
RETURN a.uid AS uid, null AS kind, null AS name, null AS level,
       null AS retired, b.uid AS parent, r.since AS since, r.until AS until
UNION ALL
MATCH (m:MicroCell)-[r:PART_OF]->(c:Cell)
RETURN m.uid AS uid, null AS kind, null AS name, null AS level,
       null AS retired, c.uid AS parent, r.since AS since, r.until AS until
