// Positioned objects of mapped cells, one row per cell with its territory and its objects'
// positions (a risk point without its own at its equipment's or area's); the point-in-polygon
// test runs in process (queries.coverage.spatial), so each territory is read once.
MATCH (c:Cell)<-[b:BELONGS_TO]-(o)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
  AND (o:Equipment OR o:Area OR o:RiskPoint OR o:Hazard)
OPTIONAL MATCH (o)-[a:AT]->(t)
WHERE coalesce(a.since, '') <= $at AND (a.until IS NULL OR a.until > $at)
WITH c, o, head(collect(t)) AS t
WITH c, o, coalesce(o.lon, t.lon) AS lon, coalesce(o.lat, t.lat) AS lat,
     coalesce(o.geometry, t.geometry) AS shape
WHERE lon IS NOT NULL OR shape IS NOT NULL
RETURN c.uid AS cell, c.geometry AS territory,
       collect({uid: o.uid, labels: labels(o), name: o.name, lon: lon, lat: lat,
                shape: shape}) AS objects
UNION ALL
MATCH (c:Cell)<-[:RAISED_IN]-(o:Problem)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells) AND o.lon IS NOT NULL
RETURN c.uid AS cell, c.geometry AS territory,
       collect({uid: o.uid, labels: labels(o), name: o.title, lon: o.lon, lat: o.lat,
                shape: null}) AS objects
