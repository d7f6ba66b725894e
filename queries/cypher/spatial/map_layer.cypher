// The cells of net $net's subtree at $at (the net's own cells for a level-4 net), each with
// its territory, heads and what belongs to it at $at, for the net's map layer
// (queries.map_layer decides counts, worst grade, overdue hazards and gap flags in process).
MATCH (n:Net {uid: $net})
MATCH path = (c:Cell)-[:PART_OF*1..3]->(n)
WHERE all(r IN relationships(path) WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at))
WITH DISTINCT c
RETURN c.uid AS uid, c.name AS name, c.geometry AS geometry,
       size([(h:Person)-[r:HEAD_OF]->(c)
             WHERE r.since <= $at AND (r.until IS NULL OR r.until > $at) | h.uid]) AS heads,
       [(e:Equipment)-[be:BELONGS_TO]->(c) WHERE coalesce(be.since, '') <= $at AND (be.until IS NULL OR be.until > $at) |
        {lon: e.lon, lat: e.lat}] AS equipment,
       [(a:Area)-[ba:BELONGS_TO]->(c) WHERE coalesce(ba.since, '') <= $at AND (ba.until IS NULL OR ba.until > $at) |
        {min_lon: a.min_lon}] AS areas,
       [(rp:RiskPoint)-[brp:BELONGS_TO]->(c) WHERE coalesce(brp.since, '') <= $at AND (brp.until IS NULL OR brp.until > $at) |
        {grade: rp.grade, lon: rp.lon}] AS risk_points,
       [(hz:Hazard)-[bhz:BELONGS_TO]->(c) WHERE coalesce(bhz.since, '') <= $at AND (bhz.until IS NULL OR bhz.until > $at) |
        {found_on: hz.found_on, deadline: hz.deadline,
         closed_on: hz.closed_on, lon: hz.lon, lat: hz.lat}] AS hazards,
       [(p:Problem)-[:RAISED_IN]->(c) | {status: p.status, lon: p.lon, lat: p.lat}] AS problems
ORDER BY uid
