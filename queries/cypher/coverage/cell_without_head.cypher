// Cells in the grid at $at with no current head (格长); the detail names the last one.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (c:Cell)
WHERE $cells IS NULL OR c.uid IN $cells
OPTIONAL MATCH (c)-[p:PART_OF]->(:Net)
WITH c, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:HEAD_OF]->(c)
WITH c, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS heads
WHERE heads = 0
OPTIONAL MATCH (prev:Person)-[old:HEAD_OF]->(c)
WHERE old.until <= $at
WITH c, old, prev ORDER BY old.until DESC
WITH c, head(collect(CASE WHEN prev IS NULL THEN null ELSE
       {uid: prev.uid, name: prev.name, until: old.until} END)) AS previous
RETURN c.uid AS uid, labels(c) AS labels, c.name AS name, c.uid AS cell, null AS net,
       {previous_head: previous} AS detail
