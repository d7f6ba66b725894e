// Positioned things whose position lies in the box $west..$east × $south..$north (the exact
// polygon test runs in process). A risk point without a position of its own is at its
// equipment's position, or in its area (whose territory is returned for the exact test),
// through its open AT link (a closed one is where it was, not where it is).
// A device with a route (a pipeline's line) whose point is not in the box is returned with
// its route: lines are few, so they are tested in process, not filtered by a box here.
MATCH (o:Equipment)
WHERE o.lon >= $west AND o.lon <= $east AND o.lat >= $south AND o.lat <= $north
RETURN o.uid AS uid, 'Equipment' AS kind, o.name AS name, o.lon AS lon, o.lat AS lat,
       null AS shape, o.category AS grade, null AS status
UNION ALL
MATCH (o:Equipment)
WHERE o.line IS NOT NULL
  AND (o.lon IS NULL OR o.lat IS NULL OR o.lon < $west OR o.lon > $east
       OR o.lat < $south OR o.lat > $north)
RETURN o.uid AS uid, 'Equipment' AS kind, o.name AS name, null AS lon, null AS lat,
       o.line AS shape, o.category AS grade, null AS status
UNION ALL
MATCH (o:Hazard)
WHERE o.lon >= $west AND o.lon <= $east AND o.lat >= $south AND o.lat <= $north
RETURN o.uid AS uid, 'Hazard' AS kind, o.title AS name, o.lon AS lon, o.lat AS lat,
       null AS shape, o.severity AS grade, o.status AS status
UNION ALL
MATCH (o:Problem)
WHERE o.lon >= $west AND o.lon <= $east AND o.lat >= $south AND o.lat <= $north
RETURN o.uid AS uid, 'Problem' AS kind, o.title AS name, o.lon AS lon, o.lat AS lat,
       null AS shape, o.scale AS grade, o.status AS status
UNION ALL
MATCH (o:RiskPoint)
WHERE o.lon >= $west AND o.lon <= $east AND o.lat >= $south AND o.lat <= $north
RETURN o.uid AS uid, 'RiskPoint' AS kind, o.name AS name, o.lon AS lon, o.lat AS lat,
       null AS shape, o.grade AS grade, null AS status
UNION ALL
MATCH (o:RiskPoint)-[a:AT]->(t:Equipment)
WHERE o.lon IS NULL AND a.until IS NULL
  AND t.lon >= $west AND t.lon <= $east AND t.lat >= $south AND t.lat <= $north
RETURN o.uid AS uid, 'RiskPoint' AS kind, o.name AS name, t.lon AS lon, t.lat AS lat,
       null AS shape, o.grade AS grade, null AS status
UNION ALL
MATCH (o:RiskPoint)-[a:AT]->(t:Area)
WHERE o.lon IS NULL AND a.until IS NULL AND t.min_lon <= $east AND t.max_lon >= $west
  AND t.min_lat <= $north AND t.max_lat >= $south
RETURN o.uid AS uid, 'RiskPoint' AS kind, o.name AS name, null AS lon, null AS lat,
       t.geometry AS shape, o.grade AS grade, null AS status
