// Positioned objects of mapped cells that may lie outside their cell's territory, and every
// mapped cell with its territory; the point-in-polygon test runs in process
// (queries.coverage.spatial). Rows with a territory are cells, the others objects.
// A device, hazard or problem is placed at its own position, an area by its own territory, a
// risk point at its own position or else at its equipment's or area's (a current AT link;
// by the schema, only an area has a geometry and only a risk point is AT something).
// The engine leaves out what certainly lies inside: a position strictly within the cell's
// bounding box shrunk by 1e-6° (box), an area's or AT-area's bounding box grown by 1e-6°
// within it. That is exact only where the territory covers its box (a rectangle, as drawn
// from a planning grid): the judge checks that per cell and reads the others' objects again
// in full (coverage/object_positions). Filtering on positions before reading link dates,
// and AT links only for the few risk points left, keeps this linear in the objects (it read
// every object's position, and copied an area's territory per risk point, before: 15 s at
// scale 10, now 0.5 s).
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
RETURN c.uid AS cell, c.geometry AS territory,
       [c.min_lon + 0.000001, c.min_lat + 0.000001, c.max_lon - 0.000001,
        c.max_lat - 0.000001] AS box,
       null AS uid, null AS labels, null AS name, null AS lon, null AS lat, null AS shape
UNION ALL
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[b:BELONGS_TO]-(o:Equipment)
WHERE NOT coalesce(o.lon > x0 AND o.lon < x1 AND o.lat > y0 AND o.lat < y1, false)
  AND (o.lon IS NOT NULL OR o.geometry IS NOT NULL)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, o.lon AS lon, o.lat AS lat, o.geometry AS shape
UNION ALL
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[b:BELONGS_TO]-(o:Hazard)
WHERE NOT coalesce(o.lon > x0 AND o.lon < x1 AND o.lat > y0 AND o.lat < y1, false)
  AND (o.lon IS NOT NULL OR o.geometry IS NOT NULL)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, o.lon AS lon, o.lat AS lat, o.geometry AS shape
UNION ALL
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[b:BELONGS_TO]-(o:Area)
WHERE NOT coalesce(CASE WHEN o.geometry IS NOT NULL
                        THEN o.min_lon - 0.000001 > x0 AND o.max_lon + 0.000001 < x1
                             AND o.min_lat - 0.000001 > y0 AND o.max_lat + 0.000001 < y1
                        ELSE o.lon > x0 AND o.lon < x1 AND o.lat > y0 AND o.lat < y1 END, false)
  AND (o.lon IS NOT NULL OR o.geometry IS NOT NULL)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, o.lon AS lon, o.lat AS lat, o.geometry AS shape
UNION ALL
// Risk points without their own position: kept when a current AT target may lie outside,
// then placed, like every risk point, at the first current AT target.
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[b:BELONGS_TO]-(o:RiskPoint)-[a:AT]->(t)
WHERE o.lon IS NULL
  AND NOT coalesce(CASE WHEN t.lon IS NOT NULL
                        THEN t.lon > x0 AND t.lon < x1 AND coalesce(o.lat, t.lat) > y0
                             AND coalesce(o.lat, t.lat) < y1
                        WHEN o.geometry IS NULL
                        THEN t.min_lon - 0.000001 > x0 AND t.max_lon + 0.000001 < x1
                             AND t.min_lat - 0.000001 > y0 AND t.max_lat + 0.000001 < y1 END,
                   false)
  AND coalesce(a.since, '') <= $at AND (a.until IS NULL OR a.until > $at)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH DISTINCT c, o
OPTIONAL MATCH (o)-[a:AT]->(t)
WHERE coalesce(a.since, '') <= $at AND (a.until IS NULL OR a.until > $at)
WITH c, o, head(collect(t)) AS t
WITH c, o, t.lon AS lon, coalesce(o.lat, t.lat) AS lat, coalesce(o.geometry, t.geometry) AS shape
WHERE lon IS NOT NULL OR shape IS NOT NULL
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, lon, lat, shape
UNION ALL
// Risk points with their own position.
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[b:BELONGS_TO]-(o:RiskPoint)
WHERE o.lon IS NOT NULL
  AND NOT coalesce(o.lon > x0 AND o.lon < x1 AND o.lat > y0 AND o.lat < y1, false)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (o)-[a:AT]->(t)
WHERE coalesce(a.since, '') <= $at AND (a.until IS NULL OR a.until > $at)
WITH c, o, head(collect(t)) AS t
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.name AS name, o.lon AS lon, coalesce(o.lat, t.lat) AS lat,
       coalesce(o.geometry, t.geometry) AS shape
UNION ALL
MATCH (c:Cell)
WHERE c.geometry IS NOT NULL AND ($cells IS NULL OR c.uid IN $cells)
WITH c, c.min_lon + 0.000001 AS x0, c.min_lat + 0.000001 AS y0,
     c.max_lon - 0.000001 AS x1, c.max_lat - 0.000001 AS y1
MATCH (c)<-[:RAISED_IN]-(o:Problem)
WHERE o.lon IS NOT NULL
  AND NOT coalesce(o.lon > x0 AND o.lon < x1 AND o.lat > y0 AND o.lat < y1, false)
RETURN c.uid AS cell, null AS territory, null AS box, o.uid AS uid, labels(o) AS labels,
       o.title AS name, o.lon AS lon, o.lat AS lat, null AS shape
