// Every positioned object of the cells $cells at $at, placed as in object_outside_cell (whose
// judge reads this for cells whose territory does not cover their bounding box, so that no
// object of theirs was left out by the box).
MATCH (c:Cell)<-[b:BELONGS_TO]-(o)
WHERE c.uid IN $cells AND (o:Equipment OR o:Area OR o:Hazard)
  AND (o.lon IS NOT NULL OR o.geometry IS NOT NULL)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, o.lon AS lon, o.lat AS lat, o.geometry AS shape
UNION ALL
MATCH (c:Cell)<-[b:BELONGS_TO]-(o:RiskPoint)
WHERE c.uid IN $cells AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (o)-[a:AT]->(t)
WHERE coalesce(a.since, '') <= $at AND (a.until IS NULL OR a.until > $at)
WITH c, o, head(collect(t)) AS t
WITH c, o, coalesce(o.lon, t.lon) AS lon, coalesce(o.lat, t.lat) AS lat,
     coalesce(o.geometry, t.geometry) AS shape
WHERE lon IS NOT NULL OR shape IS NOT NULL
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, lon, lat, shape
UNION ALL
MATCH (c:Cell)<-[:RAISED_IN]-(o:Problem)
WHERE c.uid IN $cells AND o.lon IS NOT NULL
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.title AS name, o.lon AS lon, o.lat AS lat, null AS shape
