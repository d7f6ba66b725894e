// Mapped nets with the territories of their current mapped children (nets or cells); the
// uncovered part is computed in process (queries.coverage.spatial).
MATCH (n:Net)
WHERE n.geometry IS NOT NULL AND ($nets IS NULL OR n.uid IN $nets)
OPTIONAL MATCH (n)<-[p:PART_OF]-(k)
WHERE k.geometry IS NOT NULL AND p.since <= $at AND (p.until IS NULL OR p.until > $at)
WITH n, collect(k.geometry) AS parts
RETURN n.uid AS uid, labels(n) AS labels, n.name AS name, null AS cell, n.uid AS net,
       {territory: n.geometry, parts: parts} AS detail
