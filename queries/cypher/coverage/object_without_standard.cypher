// Equipment, areas and work items with no standard in force at $at (no dedicated
// standard, 无专标); the detail names the last standard that governed it, if any.
// Each branch works in two steps, for speed: keep objects with no GOVERNED_BY at all or
// with one that is not current (no property read in the common, current-only case), then
// count those few's current ones; a filtered OPTIONAL MATCH on every object costs ~8x on
// FalkorDB, and even on the few it runs as a subquery per row (~15 µs each at scale 10),
// where an unfiltered one counted with CASE streams. The whole grid ($cells null) is
// scanned label by label; a subtree run starts from its cells through the uid index instead.
// The whole grid, Equipment.
MATCH (o:Equipment)
WHERE $cells IS NULL
OPTIONAL MATCH (o)-[h:GOVERNED_BY]->()
WITH o, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT o
OPTIONAL MATCH (o)-[r:GOVERNED_BY]->()
WITH o, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS held
WHERE held = 0
OPTIONAL MATCH (o)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH o, head(collect(c.uid)) AS cell
OPTIONAL MATCH (o)-[old:GOVERNED_BY]->(s:Standard)
WHERE old.until <= $at
WITH o, cell, old, s ORDER BY old.until DESC
WITH o, cell, head(collect(CASE WHEN s IS NULL THEN null ELSE
       {uid: s.uid, code: s.code, until: old.until} END)) AS previous
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, cell, null AS net,
       {previous_standard: previous} AS detail
UNION ALL
// The whole grid, Area.
MATCH (o:Area)
WHERE $cells IS NULL
OPTIONAL MATCH (o)-[h:GOVERNED_BY]->()
WITH o, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT o
OPTIONAL MATCH (o)-[r:GOVERNED_BY]->()
WITH o, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS held
WHERE held = 0
OPTIONAL MATCH (o)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH o, head(collect(c.uid)) AS cell
OPTIONAL MATCH (o)-[old:GOVERNED_BY]->(s:Standard)
WHERE old.until <= $at
WITH o, cell, old, s ORDER BY old.until DESC
WITH o, cell, head(collect(CASE WHEN s IS NULL THEN null ELSE
       {uid: s.uid, code: s.code, until: old.until} END)) AS previous
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, cell, null AS net,
       {previous_standard: previous} AS detail
UNION ALL
// The whole grid, WorkItem.
MATCH (o:WorkItem)
WHERE $cells IS NULL
OPTIONAL MATCH (o)-[h:GOVERNED_BY]->()
WITH o, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT o
OPTIONAL MATCH (o)-[r:GOVERNED_BY]->()
WITH o, count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS held
WHERE held = 0
OPTIONAL MATCH (o)-[b:BELONGS_TO]->(c:Cell)
WHERE coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
WITH o, head(collect(c.uid)) AS cell
OPTIONAL MATCH (o)-[old:GOVERNED_BY]->(s:Standard)
WHERE old.until <= $at
WITH o, cell, old, s ORDER BY old.until DESC
WITH o, cell, head(collect(CASE WHEN s IS NULL THEN null ELSE
       {uid: s.uid, code: s.code, until: old.until} END)) AS previous
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, cell, null AS net,
       {previous_standard: previous} AS detail
UNION ALL
// A subtree: the objects of its cells (no row when $cells is null).
MATCH (c:Cell)<-[b:BELONGS_TO]-(o)
WHERE c.uid IN $cells AND (o:Equipment OR o:Area OR o:WorkItem)
  AND coalesce(b.since, '') <= $at AND (b.until IS NULL OR b.until > $at)
OPTIONAL MATCH (o)-[h:GOVERNED_BY]->()
WITH o, c.uid AS cell, h WHERE h IS NULL OR h.since > $at OR h.until <= $at
WITH DISTINCT o, cell
OPTIONAL MATCH (o)-[r:GOVERNED_BY]->()
WITH o, cell,
     count(CASE WHEN r.since <= $at AND (r.until IS NULL OR r.until > $at) THEN r END) AS held
WHERE held = 0
OPTIONAL MATCH (o)-[old:GOVERNED_BY]->(s:Standard)
WHERE old.until <= $at
WITH o, cell, old, s ORDER BY old.until DESC
WITH o, cell, head(collect(CASE WHEN s IS NULL THEN null ELSE
       {uid: s.uid, code: s.code, until: old.until} END)) AS previous
RETURN o.uid AS uid, labels(o) AS labels, o.name AS name, cell, null AS net,
       {previous_standard: previous} AS detail
