// Cells in the grid at $at with no current head (格长); the detail names the last one.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:HEAD_OF]->(c)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH c, r WHERE r IS NULL
OPTIONAL MATCH (prev:Person)-[old:HEAD_OF]->(c)
WHERE old.until <= $at
WITH c, old, prev ORDER BY old.until DESC
WITH c, head(collect(CASE WHEN prev IS NULL THEN null ELSE
       {uid: prev.uid, name: prev.name, until: old.until} END)) AS previous
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {previous_head: previous} AS detail
