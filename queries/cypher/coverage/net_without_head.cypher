// Nets in the grid at $at (PART_OF a net now, or the top net) with no current head (网长);
// the detail names the last one. Placed on the net itself.
// Links are filtered inside count()/collect()/max() (CASE), not by a WHERE on the OPTIONAL
// MATCH: FalkorDB runs a filtered OPTIONAL MATCH as a subquery per row.
MATCH (n:Net)
WHERE $nets IS NULL OR n.uid IN $nets
OPTIONAL MATCH (n)-[p:PART_OF]->(:Net)
WITH n, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:HEAD_OF]->(n)
WITH n, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS heads
WHERE heads = 0
OPTIONAL MATCH (prev:Person)-[old:HEAD_OF]->(n)
WHERE old.until <= $at
WITH n, old, prev ORDER BY old.until DESC
WITH n, head(collect(CASE WHEN prev IS NULL THEN null ELSE
       {uid: prev.uid, name: prev.name, until: old.until} END)) AS previous
RETURN n.uid AS uid, labels(n) AS labels, n.name AS name, null AS cell, n.uid AS net,
       {level: n.level, previous_head: previous} AS detail
