// People owning more than $threshold objects (equipment, areas, work items) at $at.
// Every OWNED_BY edge they have, of any kind and time, bounds that number from above, so
// those are counted first (no property reads) and the exact count runs only for the few
// people above the limit. Placed in the cell of their newest current micro-cell.
MATCH (p:Person)<-[e:OWNED_BY]-()
WITH p, count(e) AS edges
WHERE edges > $threshold
MATCH (p)<-[r:OWNED_BY]-(o)
WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at)
  AND (o:Equipment OR o:Area OR o:WorkItem)
WITH p, count(o) AS owned
WHERE owned > $threshold
OPTIONAL MATCH (p)-[m:MEMBER_OF]->(:MicroCell)-[mp:PART_OF]->(c:Cell)
WHERE m.since <= $at AND (m.until IS NULL OR m.until > $at)
  AND mp.since <= $at AND (mp.until IS NULL OR mp.until > $at)
WITH p, owned, m, c ORDER BY m.since DESC
WITH p, owned, head(collect(c.uid)) AS cell
WHERE $cells IS NULL OR cell IN $cells
RETURN p.uid AS uid, labels(p) AS labels, p.name AS name, cell, null AS net,
       {objects: owned, threshold: $threshold} AS detail
