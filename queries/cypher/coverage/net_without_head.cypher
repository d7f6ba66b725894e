// Nets in the grid at $at (PART_OF a net now, or the top net) with no current head (网长);
// the detail names the last one. Placed on the net itself.
MATCH (n:Net)
WHERE $nets IS NULL OR n.uid IN $nets
OPTIONAL MATCH (n)-[p:PART_OF]->(:Net)
WITH n, count(p) AS ever,
     count(CASE WHEN p.since <= $at AND (p.until IS NULL OR p.until > $at) THEN p END) AS now
WHERE ever = 0 OR now > 0
OPTIONAL MATCH (:Person)-[r:HEAD_OF]->(n)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
WITH n, r WHERE r IS NULL
OPTIONAL MATCH (prev:Person)-[old:HEAD_OF]->(n)
WHERE old.until <= $at
WITH n, old, prev ORDER BY old.until DESC
WITH n, head(collect(CASE WHEN prev IS NULL THEN null ELSE
       {uid: prev.uid, name: prev.name, until: old.until} END)) AS previous
RETURN n.uid AS uid, labels(n) AS labels, n.name AS name, null AS cell, n.uid AS net,
       {level: n.level, previous_head: previous} AS detail
